import type { Frame } from '../frame'
import type { Footprint } from '../stream/footprint'
import { FrameLifter, type FrameLifterOptions } from './frame-lifter'
import { createSplatBatch, type SplatBatch } from './splat-batch'
import { SplatStore, type SplatStoreOptions } from './splat-store'

/**
 * The lifter and the page store kept in step: what is removed from the pages is also forgotten
 * by the occupancy grid, so the next frame of that space fills it again.
 */
export class SplatWorld {
  readonly lifter: FrameLifter
  readonly store: SplatStore
  private readonly scratch = createSplatBatch(0)

  constructor(options: FrameLifterOptions & SplatStoreOptions = {}) {
    this.lifter = new FrameLifter(options)
    this.store = new SplatStore(options)
  }

  /**
   * Lifts a frame and files its new splats; returns the ids of pages that changed. `seen` gets the
   * new splats first (a scratch batch, valid only during the call): the session learns the ground
   * from them.
   */
  addFrame(frame: Frame, seen?: (batch: SplatBatch) => void): string[] {
    this.scratch.count = 0
    const batch = this.lifter.lift(frame, this.scratch)
    Object.assign(this.scratch, batch)
    seen?.(batch)
    return this.store.add(batch)
  }

  /** Forgets every splat and all occupancy (a new world). Returns the ids of the pages removed. */
  clear(): string[] {
    this.lifter.clear()
    const ids = this.store.pageIds()
    for (const id of ids) this.store.removePage(id)
    return ids
  }

  /** An edit: removes splats (and their occupancy) inside the footprint; returns changed page ids. */
  removeWhere(f: Footprint): string[] {
    this.lifter.removeWhere(f)
    return this.store.removeWhere(f)
  }
}
