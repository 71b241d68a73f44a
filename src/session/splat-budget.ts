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

/** A place whose splats were forgotten, and how near the viewer must come for it to return. */
interface ForgottenPlace {
  footprint: Footprint
  returnWithin: number
}

/**
 * The splats of a long walk: bounded in count (the device's budget) and in space (the places
 * within `keepRadius` of the viewer). Places beyond either are forgotten through `forget` (their
 * splats and the lifter's record of the space they covered, as an edit forgets); their frames
 * stay in spatial memory or in storage. When the viewer comes back within
 * reach of a forgotten place, its frames are lifted again, with no model call. (Pages dropped
 * from the store alone stayed marked as covered in the lifter: walking back found them empty.)
 */
export class SplatBudget {
  /** By the id of the page each place was centred on: a place forgotten twice is one place. */
  private forgotten = new Map<string, ForgottenPlace>()
  private keptFrom: [number, number] | null = null

  /**
   * `maxLiftDepth`: how far frames lift pixels, so how far from a forgotten place its frames
   * stand. `keepRadius`: metres around the viewer whose splats stay, whatever the budget.
   * `forget` forgets a place in `store` (the session's lifts) and returns the pages it changed,
   * which go into `dirty` (the renderer's).
   */
  constructor(
    private readonly budget: number,
    private readonly maxLiftDepth: number,
    private readonly keepRadius: number,
    private readonly places: {
      store: SplatStore
      forget: (f: Footprint) => readonly string[]
      dirty: Set<string>
    },
  ) {}

  /** Metres from a place's centre within which a place forgotten for the budget comes back. */
  private get reach(): number {
    return this.maxLiftDepth + EVICT_RADIUS
  }

  /** Metres from the viewer within which a frame can have lifted pixels into a kept place. */
  get frameReach(): number {
    return this.keepRadius + this.reach
  }

  /** True when (x, z) lies in a forgotten place: its frames will be lifted again there. */
  forgottenAt(x: number, z: number): boolean {
    for (const { footprint: f } of this.forgotten.values())
      if (Math.hypot(f.center[0] - x, f.center[1] - z) <= f.radius) return true
    return false
  }

  /**
   * Marks a place around (x, z) as forgotten though nothing of it was lifted (a world restored
   * far from it): it is lifted when the viewer comes within keepRadius.
   */
  forgetAt(x: number, z: number): void {
    const [ix, iz] = [Math.round(x / EVICT_RADIUS), Math.round(z / EVICT_RADIUS)]
    const id = `at ${ix},${iz}`
    if (this.forgotten.has(id)) return
    const center: [number, number] = [EVICT_RADIUS * ix, EVICT_RADIUS * iz]
    this.forgotten.set(id, { footprint: { center, radius: EVICT_RADIUS }, returnWithin: this.keepRadius })
  }

  /** The next keepNear looks again wherever the viewer is (the store was refilled). */
  lookAgain(): void {
    this.keptFrom = null
  }

  /**
   * Keeps the store under budget as seen from (px, pz): forgets discs around the farthest pages
   * down to 90 % of the budget, or, where every page is within reach, drops the farthest pages for
   * good.
   */
  enforce(px: number, pz: number): void {
    const { store, dirty } = this.places
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
      this.forget(farthest, this.reach)
    }
  }

  /**
   * Forgets every place farther than keepRadius (plus a margin) from (px, pz). Pages are filed
   * near the viewer, so this looks again only once the viewer has moved HYSTERESIS / 2.
   */
  keepNear(px: number, pz: number): void {
    const { store } = this.places
    if (this.keptFrom && Math.hypot(this.keptFrom[0] - px, this.keptFrom[1] - pz) < HYSTERESIS / 2) return
    this.keptFrom = [px, pz]
    for (const id of store.pageIds()) {
      if (!store.page(id)) continue // forgotten with a neighbour's disc
      if (pageDistance(store, id, px, pz) > this.keepRadius + HYSTERESIS) this.forget(id, this.keepRadius)
    }
  }

  /**
   * Lifts again, through `lift`, every frame in `frames` that can have lifted pixels into a
   * forgotten place the viewer (px, pz) is back within reach of, once `ready` says all its frames
   * are at hand (none still in storage). Returns the places that came back.
   */
  returnTo(
    px: number,
    pz: number,
    frames: Iterable<StoredFrame>,
    lift: (key: FrameKey, frame: Frame) => void,
    ready: (f: Footprint, framesWithin: number) => boolean = () => true,
  ): Footprint[] {
    const back: Footprint[] = []
    if (this.forgotten.size === 0) return back
    for (const [id, p] of this.forgotten) {
      const f = p.footprint
      if (Math.hypot(f.center[0] - px, f.center[1] - pz) > p.returnWithin) continue
      if (!ready(f, this.maxLiftDepth + f.radius)) continue
      back.push(f)
      this.forgotten.delete(id)
    }
    if (back.length === 0) return back
    for (const { key, frame } of frames) {
      const [fx, , fz] = frame.pose.position
      const near = back.some(
        (f) => Math.hypot(f.center[0] - fx, f.center[1] - fz) <= this.maxLiftDepth + f.radius,
      )
      if (near) lift(key, frame)
    }
    return back
  }

  /** A new world, or a ground that moved: nothing forgotten is to come back. */
  clear(): void {
    this.forgotten.clear()
    this.keptFrom = null
  }

  private forget(id: string, returnWithin: number): void {
    const { store, forget, dirty } = this.places
    const page = store.page(id)!
    const footprint: Footprint = {
      center: [(page.cx + 0.5) * store.pageSize, (page.cz + 0.5) * store.pageSize],
      radius: EVICT_RADIUS,
    }
    for (const gone of forget(footprint)) dirty.add(gone)
    const before = this.forgotten.get(id)
    this.forgotten.set(id, {
      footprint,
      returnWithin: Math.min(returnWithin, before?.returnWithin ?? Infinity),
    })
  }
}
