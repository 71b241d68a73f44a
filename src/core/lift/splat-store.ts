import type { FrameSight } from './frame-sight'
import { footprintContains, footprintMeetsRect, type Footprint } from '../stream/footprint'
import {
  capacityOf,
  copySplats,
  createSplatBatch,
  ensureCapacity,
  trimmed,
  type SplatBatch,
} from './splat-batch'

/** A spatial chunk of splats: the unit a renderer uploads, and an edit or eviction replaces. */
export interface SplatPage {
  /** `${cx},${cz}`: chunk coordinates on the ground plane. */
  id: string
  cx: number
  cz: number
  /** Bumped on every change, so a renderer re-uploads only pages whose revision moved. */
  revision: number
  batch: SplatBatch
  /** Per splat: the origin it was added with (see SplatStore.add); as long as the batch's arrays. */
  origins: Uint32Array
  /**
   * The splats encoded for drawing (SplatEncoder), WORDS_PER_SPLAT words each, kept in step with
   * the batch; null while no encoder is set or the page was filled before one was.
   */
  encoded: Uint32Array | null
  /** What `encoded` is relative to (the encoder's originOf when the page was first encoded). */
  encodedOrigin: readonly [number, number, number] | null
}

/** 32-bit words per splat in an encoder's output (Spark's packed layout: 16 bytes). */
export const WORDS_PER_SPLAT = 4

/**
 * Encodes splats for the renderer as they are filed, so a page that gains a frame's splats costs
 * only those splats, not the whole page again. The renderer sets it (the store knows nothing of
 * the layout beyond its WORDS_PER_SPLAT words a splat).
 */
export interface SplatEncoder {
  /** The origin a page at chunk (cx, cz) is encoded relative to; `y`: its first splat's height. */
  originOf(cx: number, cz: number, y: number): readonly [number, number, number]
  /** Splats [from, from + n) of `b` into `out` from splat `to`, centres relative to `origin`. */
  encode(
    b: SplatBatch,
    from: number,
    n: number,
    out: Uint32Array,
    to: number,
    origin: readonly [number, number, number],
  ): void
}

export interface SplatStoreOptions {
  /**
   * Chunk edge on the ground plane, metres. @default 32
   * Several cells wide, so a frame touches a handful of pages; small next to a region, so an edit
   * rebuilds little. Spark draws each page as one mesh.
   */
  pageSize?: number
}

/**
 * Splats grouped into pages by the ground chunk (x, z) of their centres. Pages are independent
 * arrays: changing one never moves a byte of another.
 */
export class SplatStore {
  readonly pageSize: number
  private readonly pages = new Map<string, SplatPage>()
  private total = 0
  /** Pages that took splats of each origin (some may have lost them since). */
  private readonly originPages = new Map<number, Set<string>>()
  private encoder: SplatEncoder | null = null

  constructor(options: SplatStoreOptions = {}) {
    this.pageSize = options.pageSize ?? 32
  }

  get count(): number {
    return this.total
  }

  page(id: string): SplatPage | undefined {
    return this.pages.get(id)
  }

  pageIds(): string[] {
    return [...this.pages.keys()].sort()
  }

  /**
   * Appends a batch into the chunks of its splats' centres (a run of splats in one chunk is copied
   * at once); returns the ids of pages that changed. `origin` tags its splats (the session's frame
   * slot and level) for `removeOrigins`. With an encoder set they are encoded as they arrive.
   */
  add(b: SplatBatch, origin = 0): string[] {
    const touched = new Set<string>()
    for (let i = 0; i < b.count;) {
      const cx = Math.floor(b.centers[3 * i] / this.pageSize)
      const cz = Math.floor(b.centers[3 * i + 2] / this.pageSize)
      let end = i + 1
      while (
        end < b.count &&
        Math.floor(b.centers[3 * end] / this.pageSize) === cx &&
        Math.floor(b.centers[3 * end + 2] / this.pageSize) === cz
      )
        end++
      const id = `${cx},${cz}`
      const p = this.pageAt(id, cx, cz)
      this.append(p, b, i, end - i, origin)
      if (!touched.has(id)) {
        touched.add(id)
        p.revision++
      }
      i = end
    }
    this.total += b.count
    if (touched.size > 0) {
      const where = this.originPages.get(origin) ?? new Set<string>()
      for (const id of touched) where.add(id)
      this.originPages.set(origin, where)
    }
    return [...touched].sort()
  }

  private pageAt(id: string, cx: number, cz: number): SplatPage {
    let p = this.pages.get(id)
    if (!p) {
      p = {
        id,
        cx,
        cz,
        revision: 0,
        batch: createSplatBatch(256),
        origins: new Uint32Array(256),
        encoded: null,
        encodedOrigin: null,
      }
      this.pages.set(id, p)
    }
    return p
  }

  /** Splats [from, from + n) of `b` onto the end of page `p` (and into its encoding). */
  private append(p: SplatPage, b: SplatBatch, from: number, n: number, origin: number): void {
    const at = p.batch.count
    const fresh = at === 0
    p.batch = ensureCapacity(p.batch, at + n)
    const cap = capacityOf(p.batch)
    if (p.origins.length < cap) p.origins = grownTo(p.origins, cap)
    copySplats(b, from, p.batch, at, n)
    p.origins.fill(origin, at, at + n)
    p.batch.count = at + n
    if (fresh && this.encoder) {
      p.encodedOrigin = this.encoder.originOf(p.cx, p.cz, b.centers[3 * from + 1]!)
      p.encoded = new Uint32Array(WORDS_PER_SPLAT * cap)
    }
    if (!this.encoder || !p.encoded || !p.encodedOrigin) return
    if (p.encoded.length < WORDS_PER_SPLAT * cap) p.encoded = grownTo(p.encoded, WORDS_PER_SPLAT * cap)
    this.encoder.encode(b, from, n, p.encoded, at, p.encodedOrigin)
  }

  /**
   * Encodes every splat filed from now on with `encoder` (null: none); what pages hold already is
   * encoded when asked for (`encodedView`).
   */
  setEncoder(encoder: SplatEncoder | null): void {
    this.encoder = encoder
    for (const p of this.pages.values()) {
      p.encoded = null
      p.encodedOrigin = null
    }
  }

  /**
   * A page's splats as the encoder encoded them (exactly WORDS_PER_SPLAT x count words, no copy)
   * relative to `origin`: encoded now, the whole page, where it was not yet or was relative to
   * another origin. Undefined for an unknown page or with no encoder set.
   */
  encodedView(id: string, origin: readonly [number, number, number]): Uint32Array | undefined {
    const p = this.pages.get(id)
    if (!p || !this.encoder) return undefined
    if (!p.encoded || !sameOrigin(p.encodedOrigin, origin)) {
      p.encoded = new Uint32Array(WORDS_PER_SPLAT * capacityOf(p.batch))
      p.encodedOrigin = origin
      this.encoder.encode(p.batch, 0, p.batch.count, p.encoded, 0, origin)
    }
    return p.encoded.subarray(0, WORDS_PER_SPLAT * p.batch.count)
  }

  /** Whether `encodedView(id, origin)` would cost no encoding. */
  isEncoded(id: string, origin: readonly [number, number, number]): boolean {
    return sameOrigin(this.pages.get(id)?.encodedOrigin, origin)
  }

  /**
   * Removes every splat added with one of `origins` (a frame a finer one of the same view has
   * replaced); returns the ids of pages that changed (emptied pages are dropped).
   */
  removeOrigins(origins: Iterable<number>): string[] {
    const drop = new Set(origins)
    const visit = new Set<string>()
    for (const o of drop) {
      for (const id of this.originPages.get(o) ?? []) visit.add(id)
      this.originPages.delete(o)
    }
    return this.compact(visit, (p, i) => drop.has(p.origins[i]!))
  }

  /** Ids of the pages a frame's sight may meet (removeSeen looks only at these). */
  pagesSeenBy(sight: FrameSight): string[] {
    return this.pagesMeeting((x0, z0, x1, z1) => sight.mayMeetRect(x0, z0, x1, z1)).sort()
  }

  /**
   * Removes the splats a frame saw (`sight`) whose origin `replaced` picks: coarser frames' splats
   * where a finer frame from another direction tiling saw the same surface. Looks at the pages
   * `ids` (all it may meet when omitted). Returns the ids of pages that changed.
   */
  removeSeen(
    sight: FrameSight,
    replaced: (origin: number) => boolean,
    ids = this.pagesSeenBy(sight),
  ): string[] {
    return this.compact(ids, (p, i) => {
      if (!replaced(p.origins[i]!)) return false
      const c = p.batch.centers
      return sight.test(c[3 * i]!, c[3 * i + 1]!, c[3 * i + 2]!, p.batch.scales[3 * i]!)
    })
  }

  /** The page's splats as exact-length views (no copy). */
  view(id: string): SplatBatch | undefined {
    const p = this.pages.get(id)
    return p ? trimmed(p.batch) : undefined
  }

  /**
   * Removes splats whose centre lies in the footprint; only pages whose chunk meets it are
   * looked at. Returns the ids of pages that changed (emptied pages are dropped).
   */
  removeWhere(f: Footprint): string[] {
    const visit = this.pagesMeeting((x0, z0, x1, z1) => footprintMeetsRect(f, x0, z0, x1, z1))
    return this.compact(visit, (p, i) =>
      footprintContains(f, p.batch.centers[3 * i]!, p.batch.centers[3 * i + 2]!),
    )
  }

  /** Ids of the pages whose ground square [x0, x1] x [z0, z1] (metres) `meets` picks. */
  private pagesMeeting(meets: (x0: number, z0: number, x1: number, z1: number) => boolean): string[] {
    const e = this.pageSize
    const ids: string[] = []
    for (const p of this.pages.values())
      if (meets(p.cx * e, p.cz * e, (p.cx + 1) * e, (p.cz + 1) * e)) ids.push(p.id)
    return ids
  }

  /** Drops the splats `gone` picks from the pages `ids`; returns the pages that changed. */
  private compact(ids: Iterable<string>, gone: (p: SplatPage, i: number) => boolean): string[] {
    const changed: string[] = []
    for (const id of ids) {
      const p = this.pages.get(id)
      if (!p) continue
      const b = p.batch
      // Kept splats move down in runs: one copy per run, not per splat (a detail frame or an edit
      // takes out scattered splats from pages of thousands, on the main thread).
      let kept = 0
      let run = 0
      const flush = (end: number): void => {
        const n = end - run
        if (n > 0 && kept !== run) {
          copySplats(b, run, b, kept, n)
          p.origins.copyWithin(kept, run, end)
          p.encoded?.copyWithin(WORDS_PER_SPLAT * kept, WORDS_PER_SPLAT * run, WORDS_PER_SPLAT * end)
        }
        kept += n
      }
      for (let i = 0; i < b.count; i++) {
        if (!gone(p, i)) continue
        flush(i)
        run = i + 1
      }
      flush(b.count)
      if (kept === b.count) continue
      this.total -= b.count - kept
      b.count = kept
      p.revision++
      changed.push(p.id)
    }
    for (const id of changed) if (this.pages.get(id)!.batch.count === 0) this.pages.delete(id)
    return changed.sort()
  }

  /** Drops a whole page (eviction); returns how many splats it held. */
  removePage(id: string): number {
    const p = this.pages.get(id)
    if (!p) return 0
    this.pages.delete(id)
    this.total -= p.batch.count
    // An empty store keeps no origins: a world switch must not carry the last world's page lists.
    if (this.pages.size === 0) this.originPages.clear()
    return p.batch.count
  }
}

/** A copy of `a` in an array of `length` (the rest zero). */
function grownTo(a: Uint32Array, length: number): Uint32Array {
  const grown = new Uint32Array(length)
  grown.set(a)
  return grown
}

function sameOrigin(a: readonly number[] | null | undefined, b: readonly number[]): boolean {
  return !!a && a[0] === b[0] && a[1] === b[1] && a[2] === b[2]
}
