import type { FrameKey } from './frame-key'
import { VersionedIndex } from './versioned-index'

/** What the scheduler asks of whoever knows which frames exist (this map, or spatial memory). */
export interface Coverage {
  /** True when a frame for this slot is valid at `key.worldVersion`. */
  has(key: FrameKey): boolean
}

/** Which keys an invalidation applies to. */
export type KeyPredicate = (key: FrameKey) => boolean

/**
 * The scheduler's record of which (cell, direction, level) slots hold a valid frame for which
 * world versions. Frames themselves live in spatial memory, which implements Coverage too.
 */
export class CoverageMap implements Coverage {
  private readonly index = new VersionedIndex<true>()

  get size(): number {
    return this.index.size
  }

  add(key: FrameKey): void {
    this.index.set(key, true)
  }

  has(key: FrameKey): boolean {
    return this.index.has(key)
  }

  /** See VersionedIndex.invalidate: keys matching stop being valid from `atVersion` on. */
  invalidate(match: KeyPredicate, atVersion?: number): FrameKey[] {
    return this.index.invalidate(match, atVersion)
  }

  keys(): FrameKey[] {
    return [...this.index.entries()].map(([k]) => k)
  }
}
