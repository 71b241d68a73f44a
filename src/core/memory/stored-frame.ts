import type { Frame } from '../frame'
import type { FrameKey } from '../stream/frame-key'

/** A frame in spatial memory with what eviction needs to know about it. */
export interface StoredFrame {
  key: FrameKey
  frame: Frame
  /** Bytes held: colour plus depth. */
  bytes: number
  /** A copy exists in persistent storage (IndexedDB/OPFS), so dropping it here loses nothing. */
  persisted: boolean
  /** The model would give the same frame again (deterministic model), so it can be re-asked. */
  regenerable: boolean
  /** Use counter at the last put/get; lower is older. */
  lastUsed: number
}

export function frameBytes(f: Frame): number {
  return f.rgba.byteLength + f.depth.byteLength
}

/** Only what exists elsewhere may go: never the last copy of unpersisted, unrepeatable work. */
export function isEvictable(s: StoredFrame): boolean {
  return s.persisted || s.regenerable
}

/**
 * Frames to drop to get `bytes` under `budget`: evictable ones, least recently used first, ties
 * broken by key so the choice is deterministic. Returns fewer than needed when the rest is pinned.
 */
export function pickVictims(frames: Iterable<StoredFrame>, bytes: number, budget: number): StoredFrame[] {
  if (bytes <= budget) return []
  const candidates = [...frames].filter(isEvictable).sort((a, b) => a.lastUsed - b.lastUsed)
  const out: StoredFrame[] = []
  for (const s of candidates) {
    if (bytes <= budget) break
    out.push(s)
    bytes -= s.bytes
  }
  return out
}
