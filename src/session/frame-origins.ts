import { viewId, type FrameKey } from '../core/stream/frame-key'

/** Levels per view slot that origins can tell apart. */
const LEVELS = 16

/**
 * Store origins for frames: one number per view (cell and direction) and level, so the splats of
 * a coarse frame can leave the store once the finer frame of the same view is in. Both cover the
 * same frustum, and where the two overlap the coarse splats, several times wider, blur the fine
 * ones: the app's view was soft with frames of 64 and 128 px, sharp with 128 px alone.
 */
export class FrameOrigins {
  private readonly views = new Map<string, number>()

  /** The origin to file `key`'s splats with, and the coarser origins they replace. */
  of(key: FrameKey): { origin: number; replaces: number[] } {
    const view = viewId(key)
    let n = this.views.get(view)
    if (n === undefined) this.views.set(view, (n = this.views.size + 1))
    const level = Math.min(key.level, LEVELS - 1)
    const replaces: number[] = []
    for (let l = 0; l < level; l++) replaces.push(n * LEVELS + l)
    return { origin: n * LEVELS + level, replaces }
  }

  /** A new world: its store is empty, so the numbers start again. */
  clear(): void {
    this.views.clear()
  }
}
