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
  saveFrame(world: WorldSpec, key: FrameKey, frame: Frame): void
  savePanorama(world: WorldSpec, frame: Frame): void
}

/** An applied world edit as the session sees it (a WorldChange fits). */
export interface SessionChange {
  version: number
  footprints: readonly Footprint[]
}
