import type { WorldGround } from '../core/ground/world-ground'
import type { SplatStore } from '../core/lift'
import type { SpatialMemory } from '../core/memory'
import type { Frame } from '../core/frame'
import type { CellGrid, FrameKey } from '../core/stream'
import { SPAWN_XZ } from '../core/world/spawn'
import { footprintContains, type Footprint } from '../core/stream/footprint'
import { FramesAway } from './frames-away'
import type { LiftQueue } from './lift-queue'
import type { FrameOrigins } from './frame-origins'
import type { ResolvedSessionOptions } from './session-options'
import { SplatBudget } from './splat-budget'
import type { FrameSink, WorldSpec } from './world-spec'

/** What of the session the resident area trims and refills. */
export interface ResidentParts {
  store: SplatStore
  memory: SpatialMemory
  ground: WorldGround
  lifts: LiftQueue
  origins: FrameOrigins
  grid: CellGrid
  /** The renderer's changed pages. */
  dirty: Set<string>
  sink: FrameSink | undefined
}

/**
 * What a long walk holds in memory: the splats of the places near the viewer, within the splat
 * budget (SplatBudget), and the frames that can lift into them (FramesAway). Farther places are
 * forgotten (splats and the lifter's record of their space; the ground learnt there settles),
 * and farther frames wait in storage;
 * on the way back they are read back and lifted again, with no model call.
 */
export class ResidentArea {
  private readonly budget: SplatBudget
  private readonly away: FramesAway
  private opensAt: readonly [number, number] = SPAWN_XZ
  /** Places that came back and whose frames are still being lifted. */
  private returning: Footprint[] = []

  constructor(
    private readonly parts: ResidentParts,
    o: Pick<ResolvedSessionOptions, 'splatBudget' | 'maxLiftDepth' | 'keepRadius' | 'regenerable'>,
    events: {
      /** A frame came back from storage: the session looks again at the next display frame. */
      woken: () => void
      /** A read from storage began: the session's `settled()` waits for it. */
      track: (read: Promise<void>) => void
    },
  ) {
    this.budget = new SplatBudget(o.splatBudget, o.maxLiftDepth, o.keepRadius, {
      store: parts.store,
      forget: this.forget,
      dirty: parts.dirty,
    })
    this.away = new FramesAway(parts.memory, parts.grid, parts.sink, this.budget.frameReach, {
      regenerable: o.regenerable,
      arrived: events.woken,
      track: events.track,
    })
  }

  /** As the viewer moves: far places and frames go, near ones come back. */
  update(world: WorldSpec, px: number, pz: number): void {
    const { memory, lifts, origins } = this.parts
    this.away.update(world, px, pz)
    this.budget.keepNear(px, pz)
    if (lifts.backlog === 0) this.returning = []
    const back = this.budget.returnTo(
      px,
      pz,
      memory.frames(),
      (k, f) => lifts.submit(f, origins.of(k, f)),
      (f, within) => !this.away.awayWithin(f.center[0], f.center[1], within),
    )
    this.returning.push(...back)
  }

  /**
   * Restoring a world: a frame this far from where the viewer opens stays in storage (listed,
   * not read) until the viewer comes near. All are wanted where the sink cannot read frames back.
   */
  wantsNow(key: FrameKey): boolean {
    if (!this.parts.sink?.loadFrame) return true
    const [x, , z] = this.parts.grid.centerOf(key.cell)
    return Math.hypot(x - this.opensAt[0], z - this.opensAt[1]) <= this.budget.frameReach
  }

  /**
   * A restored frame left in storage: its place counts as forgotten, so it is lifted (once its
   * frames are read back) when the viewer comes within keepRadius.
   */
  restoreAway(key: FrameKey): void {
    this.parts.memory.putAway(key)
    const [x, z] = this.away.positionOf(key)
    this.budget.forgetAt(x, z)
  }

  /** Where the viewer will open (a link, a saved start): what a restore reads first. */
  openAt(x: number, z: number): void {
    this.opensAt = [x, z]
  }

  /**
   * Hands a new frame to the sink; once the sink says it is on disk (and the session is still
   * on `world`), memory may send it away.
   */
  save(world: WorldSpec, key: FrameKey, frame: Frame, current: () => WorldSpec): void {
    const saved = this.parts.sink?.saveFrame(world, key, frame)
    if (saved)
      void saved
        .then((ok) => ok && current() === world && this.parts.memory.markPersisted(key))
        .catch(() => 0)
  }

  /** After new splats were filed: the device's budget, farthest places first. */
  enforceBudget(px: number, pz: number): void {
    this.budget.enforce(px, pz)
  }

  /**
   * True while (x, z) may yet get its ground back without a model call: it lies in a forgotten
   * place, or in one that came back and is still being lifted.
   */
  comingBack(x: number, z: number): boolean {
    if (this.budget.forgottenAt(x, z)) return true
    if (this.parts.lifts.backlog === 0) return false
    return this.returning.some((f) => footprintContains(f, x, z))
  }

  /**
   * The store was emptied and memory's frames lifted again (a crashed lifter): places whose
   * frames are in storage stay forgotten and come back as usual.
   */
  refilled(): void {
    this.budget.lookAgain()
  }

  /** A new world: nothing forgotten is to come back, and reads in flight bring nothing. */
  reset(): void {
    this.returning = []
    this.budget.clear()
    this.away.reset()
  }

  /**
   * Forgets a place: its splats and the lifter's record of its space; the ground learnt there
   * settles (heights kept, samples dropped).
   */
  private readonly forget = (f: Footprint): readonly string[] => {
    this.parts.ground.settle(f.center[0], f.center[1], f.radius)
    return this.parts.lifts.removeWhere(f)
  }
}
