import type { Frame } from '../core/frame'
import {
  copySplats,
  createSplatBatch,
  FrameLifter,
  type FrameLifterOptions,
  type SplatBatch,
} from '../core/lift'
import { footprintList, type Footprint } from '../core/stream/footprint'
import { nearPart } from './near-part'

/** A run of one page's splats inside a LiftResult's batch. */
export interface PageSpan {
  id: string
  start: number
  count: number
}

/**
 * One frame's new splats, grouped by page (pages in id order, each page's splats in lift order),
 * so the main thread can file them a few pages per display frame. Filing the spans one by one
 * gives the store exactly what filing the ungrouped batch would.
 */
export interface LiftResult {
  batch: SplatBatch
  pages: PageSpan[]
  /**
   * Each splat's material class (core/material.ts), in batch order, where the frame had the
   * model's `material` output: the walkers' ground learns water from it.
   */
  materials?: Uint8Array
}

export interface LifterConfig extends FrameLifterOptions {
  /** Pixels farther than this are not lifted (WorldSessionOptions.maxLiftDepth). @default 150 */
  maxLiftDepth?: number
  /** The store's page edge, metres, for grouping. @default 32 */
  pageSize?: number
}

/**
 * Where lifting runs (pixels -> de-duplicated splats). The session calls these in order and only
 * ever awaits `lift`; an implementation must apply calls in call order, so an edit's `removeWhere`
 * sent after a lift clears that lift's occupancy too. A rejected `lift` means the lifter's
 * occupancy is lost: the session clears it and lifts the world again.
 */
export interface Lifter {
  lift(frame: Frame): Promise<LiftResult>
  /** An edit: forgets occupancy inside the footprint (or each of several, in one pass). */
  removeWhere(f: Footprint | readonly Footprint[]): void
  /** A new world: forgets all occupancy. */
  clear(): void
  dispose(): void
}

/** A lift that failed (a worker that crashed, or threw): the message says which. */
export class LiftError extends Error {
  override name = 'LiftError'
}

/**
 * Regroups `b`'s first `count` splats by page (fresh arrays, safe to transfer), and their
 * `materials` alongside when given.
 */
export function groupByPage(b: SplatBatch, pageSize: number, materials?: Uint8Array | null): LiftResult {
  const n = b.count
  const ids: string[] = new Array<string>(n)
  const counts = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const id = `${Math.floor(b.centers[3 * i]! / pageSize)},${Math.floor(b.centers[3 * i + 2]! / pageSize)}`
    ids[i] = id
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  const pages: PageSpan[] = []
  const next = new Map<string, number>()
  let at = 0
  for (const id of [...counts.keys()].sort()) {
    const count = counts.get(id)!
    pages.push({ id, start: at, count })
    next.set(id, at)
    at += count
  }
  const out = createSplatBatch(n)
  out.count = n
  const grouped = materials ? new Uint8Array(n) : null
  for (let i = 0; i < n; i++) {
    const o = next.get(ids[i]!)!
    copySplats(b, i, out, o, 1)
    if (grouped) grouped[o] = materials![i]!
    next.set(ids[i]!, o + 1)
  }
  return grouped ? { batch: out, pages, materials: grouped } : { batch: out, pages }
}

/**
 * Lifting as a plain object: the near part of the frame (maxLiftDepth), de-duplicated against
 * everything lifted so far, grouped by page. The worker runs one of these; Node tests and the CLI
 * use InProcessLifter directly.
 */
export class LiftCore {
  private readonly lifter: FrameLifter
  private readonly maxLiftDepth: number
  private readonly pageSize: number
  private nearDepth: Float32Array = new Float32Array(0)
  private readonly scratch = createSplatBatch(0)

  constructor(config: LifterConfig = {}) {
    this.lifter = new FrameLifter(config)
    this.maxLiftDepth = config.maxLiftDepth ?? 150
    this.pageSize = config.pageSize ?? 32
  }

  lift(frame: Frame): LiftResult {
    const near = nearPart(frame, this.maxLiftDepth, this.nearDepth)
    this.nearDepth = near.scratch
    this.scratch.count = 0
    const batch = this.lifter.lift(near.frame, this.scratch)
    Object.assign(this.scratch, batch)
    return groupByPage(batch, this.pageSize, this.lifter.lastMaterials())
  }

  removeWhere(f: Footprint | readonly Footprint[]): void {
    this.lifter.removeWhere(f)
  }

  clear(): void {
    this.lifter.clear()
  }
}

/**
 * A lifter's removals not yet applied: footprints given in one turn of the event loop (a walk
 * forgetting the places it left) go to `apply` together at the end of it, one pass over the
 * occupancy table instead of one per footprint. A lift calls `flush` first, so removals and
 * lifts still reach the table in call order; a clear drops what is pending.
 */
export class PendingRemovals {
  private readonly pending: Footprint[] = []
  constructor(private readonly apply: (fs: Footprint[]) => void) {}

  add(f: Footprint | readonly Footprint[]): void {
    if (this.pending.length === 0) queueMicrotask(() => this.flush())
    this.pending.push(...footprintList(f))
  }

  flush(): void {
    if (this.pending.length > 0) this.apply(this.pending.splice(0))
  }

  drop(): void {
    this.pending.length = 0
  }
}

/**
 * Lifting on the calling thread (Node tests, the CLI, benches): the work is done inside `lift`;
 * removals are batched as the worker lifter's are (PendingRemovals).
 */
export class InProcessLifter implements Lifter {
  private readonly core: LiftCore
  private readonly removals: PendingRemovals
  constructor(config: LifterConfig = {}) {
    const core = (this.core = new LiftCore(config))
    this.removals = new PendingRemovals((fs) => core.removeWhere(fs))
  }
  lift(frame: Frame): Promise<LiftResult> {
    try {
      this.removals.flush()
      return Promise.resolve(this.core.lift(frame))
    } catch (err) {
      return Promise.reject(
        new LiftError(`lifting failed: ${err instanceof Error ? err.message : String(err)}`),
      )
    }
  }
  removeWhere(f: Footprint | readonly Footprint[]): void {
    this.removals.add(f)
  }
  clear(): void {
    this.removals.drop()
    this.core.clear()
  }
  dispose(): void {}
}
