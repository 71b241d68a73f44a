import type { WorldGround } from '../core/ground/world-ground'
import type { SplatBatch, SplatStore } from '../core/lift'
import { footprintContains, type Footprint } from '../core/stream/footprint'
import type { FrameOrigin } from './frame-origins'
import type { LiftResult, Lifter } from './lifter'

export interface LiftHooks {
  /** After each whole frame is filed (budget, counts). */
  filed(): void
  /** A lift failed; `failures` in a row. */
  failed(message: string, failures: number): void
  /** ms clock for the filing budget. */
  now(): number
}

interface Pending {
  result: LiftResult | null
  error: unknown
  /** Index into `edits` at submission: edits from there on came after this lift. */
  editsAt: number
  /** Next page span to file. */
  next: number
  /** Tags the result's splats, and what they replace once filed (FrameOrigins). */
  at: FrameOrigin
  /** Once every page is filed: pages a detail frame's replacing has still to look at. */
  seenLeft: string[] | null
}

const UNTAGGED: FrameOrigin = { origin: 0, replaces: [] }

/**
 * Lifts in flight and their results, filed into the store in submission order, a bounded number
 * of pages per call (the render loop's share). Determinism: a lifter applies calls in call order,
 * so a result is filed and then every edit made after its lift is applied again — the store ends
 * where a synchronous lift-then-edit would have left it, byte for byte. A clear drops every
 * result not yet filed (the lifter has forgotten them too).
 */
export class LiftQueue {
  private readonly queue: Pending[] = []
  private readonly edits: Footprint[] = []
  private readonly inFlight = new Set<Promise<void>>()
  private failures = 0
  private readonly view: SplatBatch = {
    count: 0,
    centers: new Float32Array(0),
    scales: new Float32Array(0),
    quats: new Float32Array(0),
    colors: new Float32Array(0),
    opacities: new Float32Array(0),
  }

  constructor(
    private readonly lifter: Lifter,
    private readonly store: SplatStore,
    private readonly ground: WorldGround,
    private readonly dirty: Set<string>,
    private readonly hooks: LiftHooks,
  ) {}

  /**
   * Files what is ready (at most `maxPages` pages, and no more once `budgetMs` has gone by: at
   * least one page is filed); a failed lift clears the queue's state and is reported through
   * `hooks.failed` with the failures in a row.
   */
  pump(maxPages: number, budgetMs = Infinity): void {
    if (this.queue.length === 0) return
    const start = this.hooks.now()
    try {
      this.apply(maxPages, this.filedHook, () => this.hooks.now() - start >= budgetMs)
    } catch (err) {
      this.failures++
      this.hooks.failed(err instanceof Error ? err.message : String(err), this.failures)
    }
  }

  private readonly filedHook = (): void => {
    this.failures = 0
    this.hooks.filed()
  }

  /** Results not yet filed (in flight or waiting for the render loop). */
  get backlog(): number {
    return this.queue.length
  }

  /**
   * Lifts a frame; its splats are filed with `at.origin`, and once all are filed the splats of the
   * `at.replaces` origins leave the store (a coarser frame of the same view), and for a detail
   * frame the wide frames' splats it saw.
   */
  submit(frame: Parameters<Lifter['lift']>[0], at: FrameOrigin = UNTAGGED): void {
    const p: Pending = { result: null, error: null, editsAt: this.edits.length, next: 0, at, seenLeft: null }
    this.queue.push(p)
    const done = this.lifter.lift(frame).then(
      (r) => {
        p.result = r
      },
      (err: unknown) => {
        p.error = err ?? new Error('lift failed')
      },
    )
    this.inFlight.add(done)
    void done.then(() => this.inFlight.delete(done))
  }

  /** Files everything sent so far, `maxPages` (and `budgetMs`) per task, alongside any ticks. */
  async drain(maxPages: number, budgetMs = Infinity): Promise<void> {
    while (this.queue.length > 0) {
      await this.settled()
      this.pump(maxPages, budgetMs)
      await new Promise((r) => setTimeout(r, 0))
    }
  }

  /** Resolves once every lift sent so far has answered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  /** An edit: lifter and store forget the footprint; returns changed page ids. */
  removeWhere(f: Footprint): string[] {
    this.lifter.removeWhere(f)
    if (this.queue.length > 0) this.edits.push(f)
    return this.store.removeWhere(f)
  }

  /** A new world (or a lifter that lost its state): everything goes; returns removed page ids. */
  clear(): string[] {
    this.queue.length = 0
    this.edits.length = 0
    this.lifter.clear()
    const ids = this.store.pageIds()
    for (const id of ids) this.store.removePage(id)
    return ids
  }

  /**
   * Files ready results, oldest first, at most `maxPages` page spans, ending early once
   * `outOfTime` says so after a page (a result is never skipped: a later one waits for an earlier
   * one still in flight). `filed` runs after each whole frame. Throws the lifter's error when the
   * oldest lift failed (it is dropped from the queue first).
   */
  apply(maxPages: number, filed: () => void, outOfTime: () => boolean = () => false): number {
    let pages = 0
    while (this.queue.length > 0 && pages < maxPages) {
      const p = this.queue[0]!
      if (p.error !== null) {
        this.queue.shift()
        throw p.error instanceof Error ? p.error : new Error('lift failed')
      }
      const r = p.result
      if (!r) break
      while (p.next < r.pages.length && pages < maxPages) {
        const span = r.pages[p.next++]!
        this.file(r, span.start, span.count, p.at.origin, p.editsAt)
        if (++pages < maxPages && outOfTime()) pages = maxPages
      }
      if (p.next < r.pages.length) break
      const { replaces, replacesSeen: seen } = p.at
      if (p.seenLeft === null) {
        for (let i = p.editsAt; i < this.edits.length; i++)
          for (const id of this.store.removeWhere(this.edits[i]!)) this.dirty.add(id)
        if (replaces.length > 0) for (const id of this.store.removeOrigins(replaces)) this.dirty.add(id)
        p.seenLeft = seen ? this.store.pagesSeenBy(seen.sight) : []
      }
      // A detail frame's replacing tests every splat of the pages it may have seen: 0.4-4.7 ms a
      // page of 30k splats on the main thread, so one page per call (it takes the call's whole
      // budget), the frame staying first until done.
      if (seen && p.seenLeft.length > 0 && pages < maxPages) {
        for (const id of this.store.removeSeen(seen.sight, seen.replaced, [p.seenLeft.pop()!]))
          this.dirty.add(id)
        pages = maxPages
      }
      if (p.seenLeft.length > 0) break
      this.queue.shift()
      if (this.queue.length === 0) this.edits.length = 0
      filed()
    }
    return pages
  }

  /**
   * Files splats into the store and their heights into the ground. Splats inside an edit made
   * since the lift was sent (`editsAt` on) leave the store again right after; the ground does not
   * learn them either (a place forgotten meanwhile would keep the heights of a stray lift).
   */
  private file(
    { batch: b, materials }: LiftResult,
    start: number,
    count: number,
    origin: number,
    editsAt: number,
  ): void {
    const v = this.view
    v.count = count
    v.centers = b.centers.subarray(3 * start, 3 * (start + count))
    v.scales = b.scales.subarray(3 * start, 3 * (start + count))
    v.quats = b.quats.subarray(4 * start, 4 * (start + count))
    v.colors = b.colors.subarray(3 * start, 3 * (start + count))
    v.opacities = b.opacities.subarray(start, start + count)
    const since = this.edits.length > editsAt ? this.edits.slice(editsAt) : null
    this.ground.recordAll(
      v.centers,
      v.scales,
      materials ? materials.subarray(start, start + count) : null,
      count,
      since ? (x, z) => since.some((f) => footprintContains(f, x, z)) : null,
    )
    for (const id of this.store.add(v, origin)) this.dirty.add(id)
  }
}
