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
 *
 * A frame storage holds may also be *away*: its pixels leave memory, its key stays. An away frame
 * still covers its slot (the scheduler does not ask the model for it again) and edits close it
 * as they close a frame in memory; the session brings it back from storage when the viewer comes
 * near (session/frames-away.ts), or calls it lost when storage no longer has it.
 */
export class SpatialMemory implements Coverage {
  readonly budgetBytes: number
  private readonly index = new VersionedIndex<StoredFrame>()
  /** Frames held only in storage: their keys, valid over the versions as any other. */
  private readonly away = new VersionedIndex<true>()
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

  /** Frames held only in storage (their keys are here, their pixels are not). */
  get awaySize(): number {
    return this.away.size
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
    this.away.delete(key)
    this.total += stored.bytes
    return this.evict()
  }

  /** True when a frame for this slot is valid at `key.worldVersion`, in memory or away. */
  has(key: FrameKey): boolean {
    return this.index.has(key) || this.away.has(key)
  }

  /**
   * A frame that storage holds and memory does not (a world reopened far from it): it covers its
   * slot from now on, and comes back with `put` when wanted.
   */
  putAway(key: FrameKey): void {
    if (!this.index.get(key)) this.away.set(key, true)
  }

  /**
   * Sends the persisted frames `far` picks away: their pixels leave memory, their keys stay.
   * Frames storage does not hold yet stay. Returns the keys sent away.
   */
  sendAway(far: (s: StoredFrame) => boolean): FrameKey[] {
    const gone: FrameKey[] = []
    for (const [key, s] of [...this.index.entries()]) {
      if (!s.persisted || !far(s)) continue
      this.index.delete(key)
      this.total -= s.bytes
      this.away.set(key, true)
      gone.push(key)
    }
    return gone
  }

  /** Whether any away frame's key satisfies `near` (stops at the first). */
  someAway(near: (key: FrameKey) => boolean): boolean {
    for (const [key] of this.away.entries()) if (near(key)) return true
    return false
  }

  /** The keys of away frames `near` picks (each under the version it was made at). */
  awayKeys(near: (key: FrameKey) => boolean): FrameKey[] {
    const out: FrameKey[] = []
    for (const [key] of this.away.entries()) if (near(key)) out.push(key)
    return out
  }

  /**
   * Every frame the world at `version` is made of: those in memory, and the keys of those away
   * (each under the version it was made at). What an export of everything explored lifts.
   */
  framesAt(version: number): { here: StoredFrame[]; away: FrameKey[] } {
    const here = [...this.index.entries()].filter(([key]) => this.validAt(key, version)).map(([, s]) => s)
    const away = [...this.away.entries()]
      .filter(([key]) => this.away.sourceKey({ ...key, worldVersion: version }) === key)
      .map(([key]) => key)
    return { here, away }
  }

  /**
   * An away frame read back from storage: into memory, if its key is still away (an edit may have
   * closed it, or a new world dropped it, while it was read). Returns whether it came back.
   */
  bringBack(key: FrameKey, frame: Frame, options: Omit<PutOptions, 'persisted'> = {}): boolean {
    if (this.away.sourceKey(key)?.worldVersion !== key.worldVersion) return false
    this.put(key, frame, { ...options, persisted: true })
    return true
  }

  /** Storage no longer has this away frame: its slot is uncovered, and asked for again. */
  lost(key: FrameKey): void {
    this.away.delete(key)
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
    const changed = [...this.index.invalidate(match, atVersion), ...this.away.invalidate(match, atVersion)]
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
    const gone = this.index.forgetBefore(version).map(([key, s]) => {
      this.total -= s.bytes
      return key
    })
    return [...gone, ...this.away.forgetBefore(version).map(([key]) => key)]
  }

  /**
   * Drops evictable frames, least recently used first, until under budget. A persisted one goes
   * away (storage holds it: its slot stays covered); a regenerable one is forgotten.
   */
  evict(): FrameKey[] {
    const victims = pickVictims(
      [...this.index.entries()].map(([, s]) => s),
      this.total,
      this.budgetBytes,
    )
    for (const v of victims) {
      this.index.delete(v.key)
      this.total -= v.bytes
      if (v.persisted) this.away.set(v.key, true)
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
