import { slotId, type FrameKey } from './frame-key'

interface Entry<T> {
  key: FrameKey
  /** Valid for world versions in [key.worldVersion, until). */
  until: number
  value: T
}

/**
 * Values per frame slot, each valid over a range of world versions. A frame made for version 3
 * stays valid for 4, 5, ... until an edit whose footprint meets it closes its range, so an edit
 * invalidates only what it touches and everything else carries over without a model call.
 */
export class VersionedIndex<T> {
  private readonly slots = new Map<string, Entry<T>[]>()
  private count = 0

  get size(): number {
    return this.count
  }

  set(key: FrameKey, value: T): void {
    const id = slotId(key)
    let list = this.slots.get(id)
    if (!list) this.slots.set(id, (list = []))
    const existing = list.find((e) => e.key.worldVersion === key.worldVersion)
    if (existing) {
      existing.value = value
      existing.until = Infinity
      return
    }
    list.push({ key: { ...key, cell: [...key.cell] }, until: Infinity, value })
    this.count++
  }

  /** The value valid for `key.worldVersion` (the newest one when several are). */
  get(key: FrameKey): T | undefined {
    return this.entryFor(key)?.value
  }

  /** The key the stored value was made under (its world version may be older than asked). */
  sourceKey(key: FrameKey): FrameKey | undefined {
    return this.entryFor(key)?.key
  }

  has(key: FrameKey): boolean {
    return this.entryFor(key) !== undefined
  }

  delete(key: FrameKey): boolean {
    const id = slotId(key)
    const list = this.slots.get(id)
    const i = list ? list.findIndex((e) => e.key.worldVersion === key.worldVersion) : -1
    if (!list || i < 0) return false
    list.splice(i, 1)
    if (list.length === 0) this.slots.delete(id)
    this.count--
    return true
  }

  /**
   * Ends the validity of every entry whose key matches at world version `atVersion` (entries made
   * at or after it are removed); without `atVersion` matching entries are removed outright.
   * Returns the keys that changed.
   */
  invalidate(match: (key: FrameKey) => boolean, atVersion = -Infinity): FrameKey[] {
    const changed: FrameKey[] = []
    for (const [id, list] of this.slots) {
      for (let i = list.length - 1; i >= 0; i--) {
        const e = list[i]
        if (e.until <= atVersion || !match(e.key)) continue
        changed.push(e.key)
        if (e.key.worldVersion >= atVersion) {
          list.splice(i, 1)
          this.count--
        } else e.until = atVersion
      }
      if (list.length === 0) this.slots.delete(id)
    }
    return changed
  }

  /**
   * Removes every entry no version from `version` on can be served (its range ended at or before
   * it) and returns them. For a holder whose versions only move forward: what an edit closed is
   * then garbage.
   */
  forgetBefore(version: number): [FrameKey, T][] {
    const gone: [FrameKey, T][] = []
    for (const [id, list] of this.slots) {
      for (let i = list.length - 1; i >= 0; i--) {
        const e = list[i]!
        if (e.until > version) continue
        gone.push([e.key, e.value])
        list.splice(i, 1)
        this.count--
      }
      if (list.length === 0) this.slots.delete(id)
    }
    return gone
  }

  *entries(): IterableIterator<[FrameKey, T]> {
    for (const list of this.slots.values()) for (const e of list) yield [e.key, e.value]
  }

  private entryFor(key: FrameKey): Entry<T> | undefined {
    const list = this.slots.get(slotId(key))
    if (!list) return undefined
    let best: Entry<T> | undefined
    for (const e of list) {
      const v = key.worldVersion
      if (e.key.worldVersion <= v && v < e.until && (!best || e.key.worldVersion > best.key.worldVersion))
        best = e
    }
    return best
  }
}
