import type { Frame } from '../core/frame'
import type { Region } from '../core/region'
import type { FrameKey } from '../core/stream'
import type { Footprint } from '../core/stream/footprint'

/** One world: its identity, description and region table at a version. */
export interface WorldSpec {
  id: string
  prompt: string
  version: number
  regions: readonly Region[]
}

/** Where frames go once they arrived (persistent storage); the session never waits for it. */
export interface FrameSink {
  /**
   * Keeps a frame. A sink that can say when the frame is on disk returns a promise of it (true:
   * written), and spatial memory may then let the frame go (it is read back on return).
   */
  saveFrame(world: WorldSpec, key: FrameKey, frame: Frame): Promise<boolean> | void
  savePanorama(world: WorldSpec, frame: Frame): void
  /**
   * Reads back a frame the sink wrote under `key` (its own world version), or null when it no
   * longer has it (quota, another tab's garbage collection): the session then asks the model.
   */
  loadFrame?(world: WorldSpec, key: FrameKey): Promise<Frame | null>
}

/** An applied world edit as the session sees it (a WorldChange fits). */
export interface SessionChange {
  version: number
  footprints: readonly Footprint[]
}
