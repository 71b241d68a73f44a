import type { Pose, Vec3 } from '../core/pose'
import { forwardOf } from './viewer-motion'

/** The view must turn this far (radians) or the viewer change cell before an idle scheduler looks again. */
const IDLE_TURN = 0.3

/** Where the viewer stood and looked when the scheduler went quiet; allocation-free. */
export class IdleView {
  private readonly cell: Vec3 = [NaN, NaN, NaN]
  private readonly forward: Vec3 = [0, 0, -1]
  private readonly now: Vec3 = [0, 0, -1]

  mark(grid: { cellOf(p: Vec3): Vec3 }, pose: Pose): void {
    const c = grid.cellOf(pose.position)
    this.cell[0] = c[0]
    this.cell[1] = c[1]
    this.cell[2] = c[2]
    forwardOf(pose.rotation, this.forward)
  }

  /** True once the viewer changed cell or turned more than IDLE_TURN since `mark`. */
  changed(grid: { cellOf(p: Vec3): Vec3 }, pose: Pose): boolean {
    const c = grid.cellOf(pose.position)
    if (c[0] !== this.cell[0] || c[1] !== this.cell[1] || c[2] !== this.cell[2]) return true
    const f = this.forward
    const n = forwardOf(pose.rotation, this.now)
    return n[0] * f[0] + n[1] * f[1] + n[2] * f[2] < Math.cos(IDLE_TURN)
  }
}
