import type { Frame, FrameRequest } from '../core/frame'
import { probeGround } from '../core/ground/ground-probe'
import type { WorldGround } from '../core/ground/world-ground'
import { SPAWN_XZ } from '../core/world/spawn'
import type { WorldSpec } from './world-spec'

/** Ids of probe requests sit above the scheduler's and below the panorama's. */
const PROBE_ID_BASE = 0x6000_0000
/**
 * Metres around the spawn where the ground's fallback (the spawn's height) stands in for the
 * unknown: a new world's first frames are not held up for a probe of what the model pins there.
 */
const SPAWN_REACH = 24
/**
 * Metres under the learnt ground an eye must be to count as inside the land: a seated headset
 * user's eye over a learnt ground a little high (grass) is not.
 */
const UNDER = 0.5
/** A probe that found nothing is not repeated within this many metres (the viewer may stay). */
const PROBED_NEAR = 8
/**
 * The probe's sample counts as a splat this size (metres): coarser than any lifted frame's, so
 * the first splats lifted there replace it (WorldGround keeps the finest octaves).
 */
const PROBE_SAMPLE_SIZE = 64

/**
 * The ground under a viewer who stands where nothing has been lifted: a link or a saved start
 * 6 km out, or a walk that outran the frames. Before any frame is asked for there, one probe
 * (core/ground/ground-probe.ts) finds the ground's height and records it into the learnt ground,
 * so the walkers stand on it and frames are taken from eye height over it. Without it the eye
 * kept the height of where it came from: under a hill, every frame was a wall of one colour.
 */
export class UnexploredGround {
  private busy = false

  /** A probe is in flight. */
  get probing(): boolean {
    return this.busy
  }
  private last: { x: number; z: number; version: number } | null = null
  /** Bumped by reset: a probe of a world the session has left records nothing. */
  private generation = 0
  private nextId = PROBE_ID_BASE

  constructor(
    private readonly ground: WorldGround,
    private readonly send: (request: FrameRequest) => Promise<Frame>,
    private readonly landed: () => void,
    /** True where the ground may come back without a probe (a forgotten place lifted again). */
    private readonly remembered: (x: number, z: number) => boolean = () => false,
  ) {}

  /**
   * True while the ground under the viewer's eye (x, y, z) is being probed, or the eye is still
   * under the ground found (the walkers stand up on it at their next display frame): the session
   * asks for nothing until then, since frames from inside the land are worse than none.
   */
  holds(x: number, y: number, z: number, world: WorldSpec): boolean {
    if (this.busy) return true
    const known = this.ground.knownHeightAt(x, z)
    if (known !== null) return y < known - UNDER
    // Explored before: the ground comes back with the place's splats (no model call); frames
    // asked for meanwhile would be taken from a guessed eye height.
    if (this.remembered(x, z)) return true
    if (Math.hypot(x - SPAWN_XZ[0], z - SPAWN_XZ[1]) < SPAWN_REACH) return false
    const last = this.last
    if (last && last.version === world.version && Math.hypot(x - last.x, z - last.z) < PROBED_NEAR)
      return false
    this.last = { x, z, version: world.version }
    this.busy = true
    const generation = this.generation
    probeGround(this.send, this.nextId++, x, z, { worldVersion: world.version, regions: world.regions })
      .then((found) => {
        if (found && generation === this.generation) {
          this.ground.record(x, found.height, z, PROBE_SAMPLE_SIZE, found.material)
        }
      })
      .catch(() => undefined) // the frames that follow report a failing source
      .finally(() => {
        this.busy = false
        this.landed()
      })
    return true
  }

  /** The ground was cleared (a new world, or an edit that moved it): what was probed is gone. */
  reset(): void {
    this.last = null
    this.generation++
  }
}
