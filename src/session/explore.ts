/**
 * Headless exploration of a world's start point with the app's own session: the scheduler picks
 * the frames around the viewer's cell (every direction tile, coarse levels first), the source
 * renders them, and the session lifts them. With a deterministic model everything is
 * deterministic: the clock is a step counter and each step waits for its frames to arrive.
 */
import type { FrameSource } from '../core/frame-source'
import { copySplats, createSplatBatch, ensureCapacity, type SplatBatch, type SplatStore } from '../core/lift'
import type { Pose } from '../core/pose'
import type { Region } from '../core/region'
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

/** Clock step per schedule (ms): above the session's schedule interval, so every step schedules. */
const STEP_MS = 100

export async function exploreStart(
  source: Pick<FrameSource, 'render'>,
  regions: readonly Region[],
  start: Pose,
  options: ExploreOptions = {},
): Promise<ExploreResult> {
  let now = 0
  const session = new WorldSession(
    {
      source,
      levels: options.levels ?? [64, 128],
      panoramaWidth: 0,
      maxLiftDepth: options.maxLiftDepth ?? Infinity,
      splatBudget: Infinity,
      now: () => now,
    },
    { id: 'explore', prompt: '', version: 1, regions },
  )
  session.streaming = true
  // Stops even if a scheduler change kept re-issuing: every (tile, level) of one cell at most.
  const maxFrames = session.scheduler.tiles.length * session.levels.length
  const [px, py, pz] = start.position
  const [qx, qy, qz, qw] = start.rotation
  try {
    while (session.stats.modelCalls < maxFrames) {
      session.tick(px, py, pz, qx, qy, qz, qw)
      await session.settled()
      if (session.stats.errors > 0) throw new Error(`exploring failed: ${session.stats.lastError}`)
      if (session.isIdle) break
      now += STEP_MS
    }
    return { splats: collect(session.store), frames: session.stats.frames }
  } finally {
    session.dispose()
  }
}

/** All pages' splats in one batch, pages in id order so the result does not depend on timing. */
function collect(store: SplatStore): SplatBatch {
  let out = createSplatBatch(store.count)
  for (const id of store.pageIds()) {
    const page = store.view(id)!
    out = ensureCapacity(out, out.count + page.count)
    copySplats(page, 0, out, out.count, page.count)
    out.count += page.count
  }
  return out
}
