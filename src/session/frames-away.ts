import type { Frame } from '../core/frame'
import type { SpatialMemory } from '../core/memory'
import { keyId, type CellGrid, type FrameKey } from '../core/stream'
import type { FrameSink, WorldSpec } from './world-spec'

/** Metres the viewer moves before memory is looked over again (a walk, not every display frame). */
const LOOK_AGAIN = 32
/** Metres past the bring-back radius a frame must be to leave memory: a step back does not thrash. */
const HYSTERESIS = 64

/**
 * Frames far from the viewer leave memory for storage and come back from it as the viewer nears,
 * so a long walk holds the surroundings in memory, not everything it has seen. A frame leaves
 * only once storage said it is on disk; its key stays in memory (SpatialMemory's away frames), so
 * the scheduler never asks the model for it. A frame storage lost is asked of the model again.
 */
export class FramesAway {
  /** keyId of each frame being read back. */
  private readonly loading = new Set<string>()
  private lookedFrom: [number, number] | null = null
  /** Bumped by reset: a read of a world the session has left brings nothing back. */
  private generation = 0

  /**
   * `bringBack`: metres from the viewer within which frames are held in memory.
   */
  constructor(
    private readonly memory: SpatialMemory,
    private readonly grid: CellGrid,
    private readonly sink: FrameSink | undefined,
    private readonly bringBack: number,
    private readonly options: {
      regenerable: boolean
      /** A frame came back into memory (its place is lifted again once all its frames are). */
      arrived: () => void
      /** Each read is handed to the session's pending set, so `settled()` waits for it. */
      track: (read: Promise<void>) => void
    },
  ) {}

  /**
   * Sends away persisted frames farther than bringBack (plus a margin) from (px, pz) and reads
   * back away frames within it. Does nothing without a sink that reads frames back.
   */
  update(world: WorldSpec, px: number, pz: number): void {
    const sink = this.sink
    if (!sink?.loadFrame) return
    if (this.lookedFrom && Math.hypot(this.lookedFrom[0] - px, this.lookedFrom[1] - pz) < LOOK_AGAIN) return
    this.lookedFrom = [px, pz]
    const far = this.bringBack + HYSTERESIS
    this.memory.sendAway((s) => {
      const [x, , z] = s.frame.pose.position
      return Math.hypot(x - px, z - pz) > far
    })
    const near = this.memory.awayKeys((k) => this.distance(k, px, pz) <= this.bringBack)
    for (const key of near) this.read(sink, world, key)
  }

  /** Where the frame of `key` was taken (its cell's centre on the ground). */
  positionOf(key: FrameKey): [number, number] {
    const [x, , z] = this.grid.centerOf(key.cell)
    return [x, z]
  }

  /** True when a frame within `radius` of (x, z) is in storage only (or still being read back). */
  awayWithin(x: number, z: number, radius: number): boolean {
    return this.memory.someAway((k) => this.distance(k, x, z) <= radius)
  }

  /** A new world: reads in flight bring nothing back, and memory is looked over afresh. */
  reset(): void {
    this.generation++
    this.loading.clear()
    this.lookedFrom = null
  }

  private read(sink: FrameSink, world: WorldSpec, key: FrameKey): void {
    const id = keyId(key)
    if (this.loading.has(id)) return
    this.loading.add(id)
    const generation = this.generation
    const done = (frame: Frame | null): void => {
      if (generation !== this.generation) return
      this.loading.delete(id)
      if (!frame) this.memory.lost(key)
      else this.memory.bringBack(key, frame, { regenerable: this.options.regenerable })
      this.options.arrived()
    }
    this.options.track(sink.loadFrame!(world, key).then(done, () => done(null)))
  }

  private distance(key: FrameKey, x: number, z: number): number {
    const [cx, cz] = this.positionOf(key)
    return Math.hypot(cx - x, cz - z)
  }
}
