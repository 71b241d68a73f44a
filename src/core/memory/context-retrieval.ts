import { forwardOf, type Pose } from '../pose'
import { angleBetween } from '../stream/direction-tiles'

export interface ContextQueryOptions {
  /** Only frames valid at this world version. @default the newest version stored */
  worldVersion?: number
  /**
   * Metres of position distance one radian of view angle is worth. @default 4
   * About a cell: a frame one cell away looking the same way is as useful as one from here looking
   * a radian aside, since either shares roughly half its view with the request.
   */
  metresPerRadian?: number
  /** Frames looking further away than this (radians) share no view and are skipped. @default PI * 0.75 */
  maxAngle?: number
}

/** Distance of a stored frame's pose from a requested pose: position plus weighted view angle. */
export function poseDistance(a: Pose, b: Pose, metresPerRadian: number): number {
  const d = Math.hypot(
    a.position[0] - b.position[0],
    a.position[1] - b.position[1],
    a.position[2] - b.position[2],
  )
  return d + metresPerRadian * angleBetween(forwardOf(a), forwardOf(b))
}

/** The k items with the lowest score, ascending; ties keep input order (deterministic). */
export function smallestK<T>(items: Iterable<T>, k: number, score: (t: T) => number): T[] {
  const best: { t: T; s: number }[] = []
  if (k <= 0) return []
  for (const t of items) {
    const s = score(t)
    if (!Number.isFinite(s)) continue
    if (best.length === k && s >= best[k - 1].s) continue
    let i = best.length
    while (i > 0 && best[i - 1].s > s) i--
    best.splice(i, 0, { t, s })
    if (best.length > k) best.pop()
  }
  return best.map((b) => b.t)
}
