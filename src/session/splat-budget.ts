import type { Frame } from '../core/frame'
import type { SplatStore } from '../core/lift'
import type { StoredFrame } from '../core/memory'
import type { FrameKey } from '../core/stream'
import type { Footprint } from '../core/stream/footprint'

/**
 * Metres around a far page that are forgotten together: a disc, as an edit forgets, so the lifter
 * forgets the space with the splats and the place can be lifted again as a whole.
 */
const EVICT_RADIUS = 64
/** Metres past the return reach a place must be to be forgotten, so a step back does not thrash. */
const HYSTERESIS = 64

/**
 * Over `budget` splats: drops whole pages, farthest from (px, pz) first, down to 90% of the budget
 * (the fallback when everything is within reach: those pages do not come back). Adds removed ids
 * to `dirty`.
 */
export function enforceSplatBudget(
  store: SplatStore,
  budget: number,
  px: number,
  pz: number,
  dirty: Set<string>,
): void {
  if (store.count <= budget) return
  const ids = store.pageIds()
  const dist = (id: string): number => pageDistance(store, id, px, pz)
  ids.sort((a, b) => dist(b) - dist(a))
  for (const id of ids) {
    if (store.count <= budget * 0.9) break
    store.removePage(id)
    dirty.add(id)
  }
}

function pageDistance(store: SplatStore, id: string, px: number, pz: number): number {
  const page = store.page(id)!
  return Math.hypot((page.cx + 0.5) * store.pageSize - px, (page.cz + 0.5) * store.pageSize - pz)
}

/**
 * The splat budget of a long walk. Over budget, the places farthest from the viewer are forgotten
 * (their splats, and the lifter's record of the space they covered, as an edit forgets); their
 * frames stay in spatial memory. When the viewer comes back within reach of a forgotten place,
 * its frames are lifted again, with no model call. (Pages dropped from the store alone, as before,
 * stayed marked as covered in the lifter: walking back found them empty for good.)
 */
export class SplatBudget {
  private forgotten: Footprint[] = []

  /**
   * `reach`: metres from a forgotten place's centre within which it is lifted again (its frames'
   * lifted pixels reach maxLiftDepth from where they were taken, and the place is EVICT_RADIUS wide).
   */
  constructor(
    private readonly budget: number,
    private readonly maxLiftDepth: number,
  ) {}

  private get reach(): number {
    return this.maxLiftDepth + EVICT_RADIUS
  }

  /**
   * Keeps the store under budget as seen from (px, pz): forgets discs around the farthest pages
   * through `forget` (the session's lifts.removeWhere) down to 90 % of the budget, or, where every
   * page is within reach, drops the farthest pages for good.
   */
  enforce(
    store: SplatStore,
    forget: (f: Footprint) => readonly string[],
    px: number,
    pz: number,
    dirty: Set<string>,
  ): void {
    if (store.count <= this.budget) return
    while (store.count > this.budget * 0.9) {
      let farthest: string | null = null
      let far = -1
      for (const id of store.pageIds()) {
        const d = pageDistance(store, id, px, pz)
        if (d > far) [farthest, far] = [id, d]
      }
      if (farthest === null || far < this.reach + HYSTERESIS) {
        enforceSplatBudget(store, this.budget, px, pz, dirty)
        return
      }
      const page = store.page(farthest)!
      const f: Footprint = {
        center: [(page.cx + 0.5) * store.pageSize, (page.cz + 0.5) * store.pageSize],
        radius: EVICT_RADIUS,
      }
      for (const id of forget(f)) dirty.add(id)
      this.forgotten.push(f)
    }
  }

  /**
   * Lifts again, through `lift`, every frame in `frames` that can have lifted pixels into a
   * forgotten place the viewer (px, pz) is back within reach of.
   */
  returnTo(
    px: number,
    pz: number,
    frames: Iterable<StoredFrame>,
    lift: (key: FrameKey, frame: Frame) => void,
  ): void {
    if (this.forgotten.length === 0) return
    const back = this.forgotten.filter((f) => Math.hypot(f.center[0] - px, f.center[1] - pz) <= this.reach)
    if (back.length === 0) return
    this.forgotten = this.forgotten.filter((f) => !back.includes(f))
    for (const { key, frame } of frames) {
      const [fx, , fz] = frame.pose.position
      const near = back.some(
        (f) => Math.hypot(f.center[0] - fx, f.center[1] - fz) <= this.maxLiftDepth + f.radius,
      )
      if (near) lift(key, frame)
    }
  }

  /** A new world, or a ground that moved: nothing forgotten is to come back. */
  clear(): void {
    this.forgotten = []
  }
}
