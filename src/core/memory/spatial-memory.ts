import type { Frame } from '../frame'
import { forwardOf, type Pose } from '../pose'
import { angleBetween } from '../stream/direction-tiles'
import type { Coverage, KeyPredicate } from '../stream/coverage-map'
import type { FrameKey } from '../stream/frame-key'
import { VersionedIndex } from '../stream/versioned-index'
import { smallestK, type ContextQueryOptions } from './context-retrieval'
import { frameBytes, pickVictims, type StoredFrame } from './stored-frame'

export interface SpatialMemoryOptions {
  /**
   * Bytes of frames held in memory. @default 256 MiB
   * About 1000 frames of 256x256 (colour + depth): the surroundings of dozens of cells, while
   * persisted frames beyond that reload from storage.
   */
  budgetBytes?: number
}

export interface PutOptions {
  /** @default false: the storage layer calls markPersisted once the frame is on disk. */
  persisted?: boolean
  /** @default false; true when the model is deterministic (its manifest says so). */
  regenerable?: boolean
}

/**
 * Posed frames keyed by (world version, cell, direction, level), valid until an edit touches
 * them. Serves coverage to the scheduler, context frames to models that take them, and stays
 * under a byte budget by dropping only what exists elsewhere.
 */
export class SpatialMemory implements Coverage {
  readonly budgetBytes: number
  private readonly index = new VersionedIndex<StoredFrame>()
  private total = 0
  private clock = 0

  constructor(options: SpatialMemoryOptions = {}) {
    this.budgetBytes = options.budgetBytes ?? 256 * 1024 * 1024
  }

  get bytes(): number {
    return this.total
  }

  get size(): number {
    return this.index.size
  }

  /** True when pinned frames alone exceed the budget (the storage layer is behind). */
  get overBudget(): boolean {
    return this.total > this.budgetBytes
  }

  /** Stores a frame, then evicts if over budget; returns the keys evicted. */
  put(key: FrameKey, frame: Frame, options: PutOptions = {}): FrameKey[] {
    const old = this.index.get(key)
    if (old && old.key.worldVersion === key.worldVersion) this.total -= old.bytes
    const stored: StoredFrame = {
      key: { ...key, cell: [...key.cell] },
      frame,
      bytes: frameBytes(frame),
      persisted: options.persisted ?? false,
      regenerable: options.regenerable ?? false,
      lastUsed: ++this.clock,
    }
    this.index.set(key, stored)
    this.total += stored.bytes
    return this.evict()
  }

  has(key: FrameKey): boolean {
    return this.index.has(key)
  }

  /** The frame valid for the key's world version; counts as a use for eviction. */
  get(key: FrameKey): Frame | undefined {
    const s = this.index.get(key)
    if (s) s.lastUsed = ++this.clock
    return s?.frame
  }

  /** The storage layer has written this frame (the exact key it was stored under). */
  markPersisted(key: FrameKey): boolean {
    const s = this.index.get(key)
    if (!s || s.key.worldVersion !== key.worldVersion) return false
    s.persisted = true
    this.evict()
    return true
  }

  /**
   * The k frames nearest `pose` (position distance plus weighted view angle), nearest first:
   * the context a model that declares context inputs is given.
   */
  nearest(pose: Pose, k: number, options: ContextQueryOptions = {}): StoredFrame[] {
    const perRadian = options.metresPerRadian ?? 4
    const maxAngle = options.maxAngle ?? Math.PI * 0.75
    const version = options.worldVersion ?? this.newestVersion()
    const valid = [...this.index.entries()].filter(([key]) => this.validAt(key, version)).map(([, s]) => s)
    const forward = forwardOf(pose)
    const picked = smallestK(valid, k, (s) => {
      const angle = angleBetween(forwardOf(s.frame.pose), forward)
      if (angle > maxAngle) return Infinity
      const p = s.frame.pose.position
      const q = pose.position
      return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) + perRadian * angle
    })
    for (const s of picked) s.lastUsed = ++this.clock
    return picked
  }

  /** Frames matching stop being valid from `atVersion` (removed outright without it). */
  invalidate(match: KeyPredicate, atVersion = -Infinity): FrameKey[] {
    const bytesOf = new Map<FrameKey, number>()
    for (const [k, s] of this.index.entries()) bytesOf.set(k, s.bytes)
    const changed = this.index.invalidate(match, atVersion)
    // Entries made at or after `atVersion` are removed; older ones only stop being valid.
    for (const k of changed) if (k.worldVersion >= atVersion) this.total -= bytesOf.get(k) ?? 0
    return changed
  }

  /**
   * Drops the frames no version from `version` on can use (an edit closed their range before it),
   * persisted or not: their world version is gone for good once the world has moved past it.
   * Returns their keys.
   */
  forgetBefore(version: number): FrameKey[] {
    return this.index.forgetBefore(version).map(([key, s]) => {
      this.total -= s.bytes
      return key
    })
  }

  /** Drops evictable frames, least recently used first, until under budget. */
  evict(): FrameKey[] {
    const victims = pickVictims(
      [...this.index.entries()].map(([, s]) => s),
      this.total,
      this.budgetBytes,
    )
    for (const v of victims) {
      this.index.delete(v.key)
      this.total -= v.bytes
    }
    return victims.map((v) => v.key)
  }

  *frames(): IterableIterator<StoredFrame> {
    for (const [, s] of this.index.entries()) yield s
  }

  private validAt(key: FrameKey, version: number): boolean {
    return this.index.sourceKey({ ...key, worldVersion: version }) === key
  }

  private newestVersion(): number {
    let v = -Infinity
    for (const [k] of this.index.entries()) v = Math.max(v, k.worldVersion)
    return v
  }
}
