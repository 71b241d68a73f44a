import type { Frame } from '../frame'
import type { Footprint } from '../stream/footprint'
import { FrameLifter, type FrameLifterOptions } from './frame-lifter'
import { createSplatBatch } from './splat-batch'
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

  /** Lifts a frame and files its new splats; returns the ids of pages that changed. */
  addFrame(frame: Frame): string[] {
    this.scratch.count = 0
    const batch = this.lifter.lift(frame, this.scratch)
    Object.assign(this.scratch, batch)
    return this.store.add(batch)
  }

  /** An edit: removes splats (and their occupancy) inside the footprint; returns changed page ids. */
  removeWhere(f: Footprint): string[] {
    this.lifter.grid.removeWhere(f)
    return this.store.removeWhere(f)
  }
}
