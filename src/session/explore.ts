/**
 * Headless exploration with the app's own session: of a world's start point, or of an area (a
 * walk over a grid of viewpoints). At each viewpoint the scheduler picks the frames around the
 * viewer's cell (every direction tile, coarse levels first), the source renders them, and the
 * session lifts them. With a deterministic model everything is deterministic: the clock is a
 * step counter and each step waits for its frames to arrive.
 */
import type { FrameSource } from '../core/frame-source'
import { copySplats, createSplatBatch, ensureCapacity, type SplatBatch, type SplatStore } from '../core/lift'
import { footprintContains, type Footprint } from '../core/stream/footprint'
import type { Pose } from '../core/pose'
import type { Region } from '../core/region'
import { EYE_HEIGHT } from '../core/world/spawn'
import { WorldSession } from './world-session'

export interface ExploreOptions {
  /**
   * Frame sizes to explore, coarsest first. @default [64, 128]
   * Every tile of the start cell at 64 and 128 pixels: the whole sphere at the resolution the app
   * shows first, then one refinement, in a few seconds on a CPU.
   */
  levels?: readonly number[]
  /**
   * Pixels farther than this are not lifted. @default Infinity
   * A file keeps the far field as splats (it has no sky panorama to draw it), unlike the app.
   */
  maxLiftDepth?: number
}

export interface ExploreResult {
  splats: SplatBatch
  frames: number
}

export interface AreaResult extends ExploreResult {
  /** Where the area was explored from: (x, eye y, z) of each viewpoint, in walking order. */
  viewpoints: [number, number, number][]
}

/** Clock step per schedule (ms): above the session's schedule interval, so every step schedules. */
const STEP_MS = 100

/** A headless session that keeps everything it lifts (a file has no far field to fall back on). */
function exploringSession(
  source: Pick<FrameSource, 'render'>,
  regions: readonly Region[],
  options: ExploreOptions,
  clock: { now: number },
): WorldSession {
  const session = new WorldSession(
    {
      source,
      levels: options.levels ?? [64, 128],
      panoramaWidth: 0,
      maxLiftDepth: options.maxLiftDepth ?? Infinity,
      splatBudget: Infinity,
      keepRadius: Infinity,
      now: () => clock.now,
    },
    { id: 'explore', prompt: '', version: 1, regions },
  )
  session.streaming = true
  return session
}

/**
 * Steps the session at (x, z) until everything around is covered. With `eyeY` null the eye
 * stands EYE_HEIGHT over the session's ground, which the session probes first where nothing has
 * been lifted. Stops even if a scheduler change kept re-issuing: every (tile, level) of a cell
 * (and a probe) at most. Returns the eye's height.
 */
async function coverViewpoint(
  session: WorldSession,
  clock: { now: number },
  x: number,
  z: number,
  eyeY: number | null,
  rotation: Pose['rotation'],
): Promise<number> {
  const [qx, qy, qz, qw] = rotation
  const maxCalls = session.stats.modelCalls + session.scheduler.tiles.length * session.levels.length + 1
  let y = eyeY ?? session.ground.heightAt(x, z) + EYE_HEIGHT
  // Idle from the last viewpoint until the first tick here has looked around.
  for (let step = 0; session.stats.modelCalls <= maxCalls; step++) {
    if (eyeY === null) {
      const ground = session.ground.knownHeightAt(x, z)
      if (ground !== null) y = ground + EYE_HEIGHT
    }
    session.tick(x, y, z, qx, qy, qz, qw)
    await session.settled()
    if (session.stats.errors > 0) throw new Error(`exploring failed: ${session.stats.lastError}`)
    clock.now += STEP_MS
    if (session.isIdle && step > 0) break
  }
  return y
}

/** The start point's surroundings, from the start pose's own eye height. */
export async function exploreStart(
  source: Pick<FrameSource, 'render'>,
  regions: readonly Region[],
  start: Pose,
  options: ExploreOptions = {},
): Promise<ExploreResult> {
  const clock = { now: 0 }
  const session = exploringSession(source, regions, options, clock)
  const [px, py, pz] = start.position
  try {
    await coverViewpoint(session, clock, px, pz, py, start.rotation)
    return { splats: collect(session.store), frames: session.stats.frames }
  } finally {
    session.dispose()
  }
}

/**
 * Viewpoints `spacing` metres apart on a hexagonal grid, every one within the area, in rows from
 * north to south (a boustrophedon walk: each next viewpoint is a neighbour).
 */
export function areaViewpoints(area: Footprint, spacing: number): [number, number][] {
  const [cx, cz] = area.center
  const rowStep = (spacing * Math.sqrt(3)) / 2
  const rows = Math.floor(area.radius / rowStep)
  const out: [number, number][] = []
  for (let r = -rows; r <= rows; r++) {
    const shift = Math.abs(r) % 2 === 1 ? spacing / 2 : 0
    const row: [number, number][] = []
    const half = Math.floor(area.radius / spacing) + 1
    for (let c = -half; c <= half; c++) {
      const p: [number, number] = [cx + c * spacing + shift, cz + r * rowStep]
      if (footprintContains(area, p[0], p[1])) row.push(p)
    }
    out.push(...((r + rows) % 2 === 0 ? row : row.reverse()))
  }
  return out
}

/**
 * Explores an area: stands at each of its viewpoints (standing on the model's ground there) and
 * covers it, lifting what each sees to `maxLiftDepth` (default: the spacing, so neighbours
 * overlap and the far field is not lifted from every viewpoint). Returns the splats whose centre
 * lies in the area.
 */
export async function exploreArea(
  source: Pick<FrameSource, 'render'>,
  regions: readonly Region[],
  area: Footprint,
  options: ExploreOptions & { spacing?: number; heading?: Pose['rotation'] } = {},
): Promise<AreaResult> {
  const spacing = options.spacing ?? 25
  const clock = { now: 0 }
  const session = exploringSession(source, regions, { maxLiftDepth: spacing, ...options }, clock)
  const heading = options.heading ?? [0, 0, 0, 1]
  const viewpoints: [number, number, number][] = []
  try {
    for (const [x, z] of areaViewpoints(area, spacing)) {
      viewpoints.push([x, await coverViewpoint(session, clock, x, z, null, heading), z])
    }
    return { splats: collect(session.store, area), frames: session.stats.frames, viewpoints }
  } finally {
    session.dispose()
  }
}

/**
 * All pages' splats in one batch (those whose centre lies in `area`, when given), pages in id
 * order so the result does not depend on timing.
 */
function collect(store: SplatStore, area?: Footprint): SplatBatch {
  let out = createSplatBatch(store.count)
  for (const id of store.pageIds()) {
    const page = store.view(id)!
    out = ensureCapacity(out, out.count + page.count)
    if (!area) {
      copySplats(page, 0, out, out.count, page.count)
      out.count += page.count
      continue
    }
    for (let i = 0; i < page.count; i++) {
      if (!footprintContains(area, page.centers[3 * i]!, page.centers[3 * i + 2]!)) continue
      copySplats(page, i, out, out.count, 1)
      out.count++
    }
  }
  return out
}
