import type { Vec3 } from '../core/pose'

/**
 * Where a teleport aimed now would put the eye: the landing point on the ground, with the eye as
 * high over it as it stands over the ground now. The view there is asked for while the person
 * still aims (about a second) rather than after the jump.
 */
export class TeleportDestination {
  eye: Vec3 | null = null
  /** Set when the eye moved to another frame cell: its frames are missing, the scheduler must look. */
  moved = false

  constructor(private readonly grid: { cellOf(p: Vec3): Vec3 }) {}

  /**
   * The arc's landing point on the ground while it is aimed (null once it is not), and how high
   * the eye stands over the walkers' ground now: it will stand as high over the landing.
   */
  aim(landing: readonly [number, number, number] | null, eyeOverGround = 0): void {
    if (!landing) {
      this.eye = null
      return
    }
    const before = this.eye ? this.grid.cellOf(this.eye) : null
    this.eye = [landing[0], landing[1] + eyeOverGround, landing[2]]
    const after = this.grid.cellOf(this.eye)
    if (!before || before.some((c, i) => c !== after[i])) this.moved = true
  }
}
