import type { Frame } from '../core/frame'
import { frameSight, type FrameSight } from '../core/lift/frame-sight'
import { DETAIL_LEVEL, isDetailKey } from '../core/stream/detail-tiles'
import { viewId, type FrameKey } from '../core/stream/frame-key'

/** Levels per view slot that origins can tell apart (DETAIL_LEVEL is the last). */
const LEVELS = 16

/** Where a frame's splats are filed, and what they take the place of once they are. */
export interface FrameOrigin {
  origin: number
  /** Origins of coarser frames of the same view: all their splats leave. */
  replaces: readonly number[]
  /**
   * A detail frame: the splats of wide frames (any view, any level) that it saw leave, so the
   * view is drawn from its fine splats instead of fine and coarse ones blurred together.
   */
  replacesSeen?: { sight: FrameSight; replaced: (origin: number) => boolean }
}

/** Wide frames' origins, whatever their view: a detail frame's splats replace these where it saw. */
const isWide = (origin: number): boolean => origin !== 0 && origin % LEVELS !== DETAIL_LEVEL

/**
 * Store origins for frames: one number per view (cell and direction) and level, so the splats of
 * a coarse frame can leave the store once the finer frame of the same view is in. Both cover the
 * same frustum, and where the two overlap the coarse splats, several times wider, blur the fine
 * ones: the app's view was soft with frames of 64 and 128 px, sharp with 128 px alone.
 */
export class FrameOrigins {
  private readonly views = new Map<string, number>()

  /**
   * @param maxLiftDepth The lifter's: splats lie no farther from their frame's camera, so a
   *   detail frame replaces nothing beyond it.
   */
  constructor(private readonly maxLiftDepth = Infinity) {}

  /** The origin to file `key`'s splats with, and what they replace. */
  of(key: FrameKey, frame: Pick<Frame, 'pose' | 'camera' | 'depth'>): FrameOrigin {
    const view = viewId(key)
    let n = this.views.get(view)
    if (n === undefined) this.views.set(view, (n = this.views.size + 1))
    const level = Math.min(key.level, LEVELS - 1)
    const replaces: number[] = []
    if (isDetailKey(key)) {
      const sight = frameSight(frame, this.maxLiftDepth)
      return {
        origin: n * LEVELS + DETAIL_LEVEL,
        replaces,
        ...(sight && { replacesSeen: { sight, replaced: isWide } }),
      }
    }
    for (let l = 0; l < level; l++) replaces.push(n * LEVELS + l)
    return { origin: n * LEVELS + level, replaces }
  }

  /** A new world: its store is empty, so the numbers start again. */
  clear(): void {
    this.views.clear()
  }
}
