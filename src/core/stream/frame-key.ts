import type { Vec3 } from '../pose'

/**
 * The identity of a frame: (world version, position cell, direction tile, resolution level).
 * A covered key is never requested again; revisiting the cell renders what memory holds.
 */
export interface FrameKey {
  worldVersion: number
  /** Integer cell coordinates (x, y, z); see CellGrid. */
  cell: Vec3
  /** Index into the scheduler's direction tiles. */
  dir: number
  /** Resolution level: 0 is the coarsest. */
  level: number
}

/** A key without its version and level: the view (cell and direction) a frame shows. */
export function viewId(k: Pick<FrameKey, 'cell' | 'dir'>): string {
  return `${k.cell[0]},${k.cell[1]},${k.cell[2]}/${k.dir}`
}

/** A key without its version: the place a frame fills, whichever world version made it. */
export function slotId(k: FrameKey): string {
  return `${viewId(k)}/${k.level}`
}

export function keyId(k: FrameKey): string {
  return `v${k.worldVersion}:${slotId(k)}`
}

export function sameCell(a: Vec3, b: Vec3): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2]
}

/** Options of the position grid that frames are anchored to. */
export interface CellGridOptions {
  /**
   * Horizontal cell edge in metres. @default 4
   * A few steps: parallax inside a cell is small next to what a frame sees, and a walk crosses
   * cells often enough that new ground is asked for while it is still ahead.
   */
  cellSize?: number
  /**
   * Vertical cell edge in metres. @default 2
   * Frames are taken from the cell centre, so this bounds the camera height error to 1 m, under a
   * standing eye height: a frame is never taken from below the ground the viewer stands on.
   */
  cellHeight?: number
}

export class CellGrid {
  readonly cellSize: number
  readonly cellHeight: number

  constructor(options: CellGridOptions = {}) {
    this.cellSize = options.cellSize ?? 4
    this.cellHeight = options.cellHeight ?? 2
    if (!(this.cellSize > 0) || !(this.cellHeight > 0)) throw new RangeError('cell sizes must be > 0')
  }

  /**
   * Horizontally, cell (i, k) is the square centred on (i, k) x cellSize: the spawn at the origin
   * stands at its cell's centre, where the frames of its first view are taken. What a frame bakes
   * in for its eye (water's reflections, which move with the eye) is then right where a person
   * first stands; with the origin at a cell's corner the far bank's reflections leaned across the
   * river in diagonal strokes in the first view, the frames' eye 2.8 m from the person's.
   */
  cellOf(p: Vec3): Vec3 {
    return [
      Math.floor(p[0] / this.cellSize + 0.5),
      Math.floor(p[1] / this.cellHeight),
      Math.floor(p[2] / this.cellSize + 0.5),
    ]
  }

  /** The camera position of every frame taken in `cell`. */
  centerOf(cell: Vec3): Vec3 {
    return [cell[0] * this.cellSize, (cell[1] + 0.5) * this.cellHeight, cell[2] * this.cellSize]
  }

  /** The horizontal extent [min, max) of a cell with this index along x or z (metres). */
  spanOf(index: number): [number, number] {
    return [(index - 0.5) * this.cellSize, (index + 0.5) * this.cellSize]
  }
}
