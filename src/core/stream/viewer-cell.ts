import type { Vec3 } from '../pose'
import type { CellGrid } from './frame-key'

/** Share of a cell's edge the viewer may stray past it sideways before counting as in the next: 0.5 m of 4 m. */
export const CELL_HYSTERESIS = 0.125

/**
 * The cell the viewer stands in, with hysteresis. A head at rest sways by centimetres, and any
 * spot on a cell edge would otherwise flip between two cells every few frames, asking the model
 * for a whole second cell of frames nobody walked to (the emulated headset's eye offset alone did
 * that at the spawn, when it lay on a cell's corner: 22 extra frames). The viewer leaves a cell only once clearly
 * past its edge. Horizontally only: the height cell follows the eye exactly, because the eye rises
 * from a default height to the ground's once the ground is known, and a sticky height would keep
 * whichever cell the first look happened to land in.
 */
export class ViewerCell {
  private cell: Vec3 | null = null

  constructor(
    private readonly grid: CellGrid,
    private readonly hysteresis = CELL_HYSTERESIS,
  ) {}

  /** The viewer's cell for position `p` (the same array while the viewer stays in it). */
  of(p: Vec3): Vec3 {
    const c = this.cell
    if (c && this.near(c, p)) return c
    this.cell = this.grid.cellOf(p)
    return this.cell
  }

  private near(c: Vec3, p: Vec3): boolean {
    const { cellSize: s, cellHeight: h } = this.grid
    const ms = s * this.hysteresis
    const [x0, x1] = this.grid.spanOf(c[0])
    const [z0, z1] = this.grid.spanOf(c[2])
    return (
      Math.floor(p[1] / h) === c[1] && p[0] >= x0 - ms && p[0] < x1 + ms && p[2] >= z0 - ms && p[2] < z1 + ms
    )
  }
}
