/**
 * Headless exploration of a world's start point, the way the app explores it: the frame scheduler
 * picks the frames around the viewer's cell (every direction tile, coarse levels first), the local
 * frame model renders them one at a time, and SplatWorld lifts them. Everything is deterministic:
 * the model, the scheduler (driven by a frame counter instead of a clock) and the lifter.
 */
import { createSplatBatch, ensureCapacity, copySplats, SplatWorld, type SplatBatch } from '../core/lift'
import type { Pose } from '../core/pose'
import type { Region } from '../core/region'
import { FrameScheduler } from '../core/stream'
import type { FrameModelRuntime } from '../model'

export interface ExploreOptions {
  /**
   * Frame sizes to explore, coarsest first. @default [64, 128]
   * Every tile of the start cell at 64 and 128 pixels: the whole sphere at the resolution the app
   * shows first, then one refinement, in a few seconds on a CPU.
   */
  levels?: readonly number[]
}

export interface ExploreResult {
  splats: SplatBatch
  frames: number
}

export async function exploreStart(
  runtime: FrameModelRuntime,
  regions: readonly Region[],
  start: Pose,
  options: ExploreOptions = {},
): Promise<ExploreResult> {
  const scheduler = new FrameScheduler({ levels: options.levels ?? [64, 128] })
  const world = new SplatWorld()
  // Stops even if a scheduler change kept re-issuing: every (tile, level) of one cell at most.
  const maxFrames = scheduler.tiles.length * scheduler.levels.length
  let frames = 0
  while (frames < maxFrames) {
    const decision = scheduler.next({ now: frames, pose: start, worldVersion: 1, regions, inFlight: [] })
    if (decision.issue.length === 0) break
    for (const req of decision.issue) {
      world.addFrame(await runtime.render(req.request))
      scheduler.frameArrived(req, frames + 1)
      frames++
    }
  }
  return { splats: collect(world), frames }
}

/** All pages' splats in one batch, pages in id order so the result does not depend on timing. */
function collect(world: SplatWorld): SplatBatch {
  let out = createSplatBatch(world.store.count)
  for (const id of world.store.pageIds()) {
    const page = world.store.view(id)!
    out = ensureCapacity(out, out.count + page.count)
    copySplats(page, 0, out, out.count, page.count)
    out.count += page.count
  }
  return out
}
