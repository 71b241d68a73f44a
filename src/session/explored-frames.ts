/**
 * Every frame a world is made of, for an export of everything explored: on a long walk most of
 * them are away (in storage only, frames-away.ts), and only the surroundings' splats are resident,
 * so exporting what is on screen would leave out all but the last 600 m.
 */
import type { Frame } from '../core/frame'
import type { SpatialMemory } from '../core/memory'
import { keyId, type FrameKey } from '../core/stream'
import type { FrameSink, WorldSpec } from './world-spec'

export interface ExploredFrames {
  /** Frames in all: in memory and away. */
  total: number
  /** The frames in chunks, finest level first; away ones read back from storage as they come. */
  chunks: AsyncIterable<Frame[]>
  /** Away frames storage no longer had when read (skipped); final once `chunks` is done. */
  readonly missing: number
}

/**
 * Finest first, so lifting them into one fresh lifter keeps the sharp splats and lets coarser
 * frames fill only what no finer one saw, as the session's own replacing does; then by key, so
 * the same world gives the same file.
 */
function finestFirst(a: FrameKey, b: FrameKey): number {
  if (a.level !== b.level) return b.level - a.level
  const [ka, kb] = [keyId(a), keyId(b)]
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

export function exploredFrames(
  memory: SpatialMemory,
  world: WorldSpec,
  sink: Pick<FrameSink, 'loadFrame'> | undefined,
  chunkSize = 16,
): ExploredFrames {
  const { here, away } = memory.framesAt(world.version)
  const inMemory = new Map(here.map((s) => [s.key, s.frame]))
  const keys = [...inMemory.keys(), ...(sink?.loadFrame ? away : [])].sort(finestFirst)
  const state = { missing: 0 }
  async function* chunks(): AsyncGenerator<Frame[]> {
    for (let i = 0; i < keys.length; i += chunkSize) {
      const part = keys.slice(i, i + chunkSize)
      const frames = await Promise.all(
        part.map((k) => {
          const frame = inMemory.get(k)
          return frame ? Promise.resolve(frame) : sink!.loadFrame!(world, k).catch(() => null)
        }),
      )
      const found = frames.filter((f): f is Frame => f !== null)
      state.missing += part.length - found.length
      if (found.length > 0) yield found
    }
  }
  return {
    total: keys.length,
    chunks: chunks(),
    get missing() {
      return state.missing
    },
  }
}
