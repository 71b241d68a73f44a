import type { Region } from '../region'
import { fullStyle } from '../style'
import { footprintOfRegion, type Footprint } from '../stream/footprint'
import type { RegionData } from './edit'

/**
 * A region from edit data; the style becomes float32 (exact for values that came from float32),
 * widened if it was written before later features (core/style.ts LEGACY_STYLE_DIMS).
 */
export function regionFromData(id: string, d: RegionData): Region {
  return {
    id,
    center: [d.center[0], d.center[1]],
    radius: d.radius,
    style: fullStyle(d.style),
    seed: d.seed,
  }
}

/** Edit data from a region: float32 widened to numbers, so JSON keeps every bit. */
export function regionToData(r: Region): RegionData {
  return { center: [r.center[0], r.center[1]], radius: r.radius, style: Array.from(r.style), seed: r.seed }
}

export function cloneRegion(r: Region): Region {
  return {
    id: r.id,
    center: [r.center[0], r.center[1]],
    radius: r.radius,
    style: r.style.slice(),
    seed: r.seed,
  }
}

/** Bit-for-bit equality (Object.is per value, so -0 and NaN are told apart from 0 and from each other). */
export function sameRegion(a: Region, b: Region): boolean {
  if (a.id !== b.id || a.style.length !== b.style.length) return false
  if (!Object.is(a.center[0], b.center[0]) || !Object.is(a.center[1], b.center[1])) return false
  if (!Object.is(a.radius, b.radius) || a.seed !== b.seed) return false
  for (let i = 0; i < a.style.length; i++) if (!Object.is(a.style[i], b.style[i])) return false
  return true
}

export function sameRegionTable(a: readonly Region[], b: readonly Region[]): boolean {
  return a.length === b.length && a.every((r, i) => sameRegion(r, b[i]!))
}

/**
 * The ground discs where two region tables render differently: every region added, removed or
 * changed (both its old and new disc when it moved). A region's weight is zero beyond its radius
 * apart from the reference model's 1e-3 inverse-distance floor (prepare-stage styleAt), which
 * moves styles by under 5e-4 there: below one 8-bit colour step, so the disc is the footprint.
 * Later regions paint over earlier ones, so if the relative order of surviving regions changed,
 * their discs count too (no edit does that today; the check keeps the function honest).
 */
export function changedFootprints(before: readonly Region[], after: readonly Region[]): Footprint[] {
  const out: Footprint[] = []
  const add = (r: Region): void => {
    const f = footprintOfRegion(r)
    const dup = out.some(
      (o) => o.radius === f.radius && o.center[0] === f.center[0] && o.center[1] === f.center[1],
    )
    if (!dup) out.push(f)
  }
  const old = new Map(before.map((r) => [r.id, r]))
  const now = new Map(after.map((r) => [r.id, r]))
  const order = (table: readonly Region[], other: Map<string, Region>): string[] =>
    table.filter((r) => other.has(r.id)).map((r) => r.id)
  const reordered = order(before, now).join('\n') !== order(after, old).join('\n')
  for (const r of before) {
    const next = now.get(r.id)
    if (!next || reordered || !sameRegion(r, next)) add(r)
  }
  for (const r of after) {
    const prev = old.get(r.id)
    if (!prev || reordered || !sameRegion(prev, r)) add(r)
  }
  return out
}
