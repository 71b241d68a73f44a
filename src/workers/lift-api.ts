/**
 * What the lift worker does: one LiftCore (occupancy + packing) per worker, fed frames in order.
 * The grouped splat arrays go back transferred, not copied.
 */
import * as Comlink from 'comlink'
import type { Frame } from '../core/frame'
import type { Footprint } from '../core/stream/footprint'
import { LiftCore, type LiftResult, type LifterConfig } from '../session/lifter'

export interface LiftWorkerApi {
  init(config: LifterConfig): void
  lift(frame: Frame): LiftResult
  removeWhere(f: Footprint | readonly Footprint[]): void
  clear(): void
}

/** The arrays a result owns (fresh per lift), for Comlink.transfer. */
export function liftTransferables(r: LiftResult): ArrayBuffer[] {
  const b = r.batch
  const arrays = [b.centers, b.scales, b.quats, b.colors, b.opacities, ...(r.materials ? [r.materials] : [])]
  return arrays.map((a) => a.buffer as ArrayBuffer)
}

export function createLiftWorkerApi(): LiftWorkerApi {
  let core: LiftCore | null = null
  const ready = (): LiftCore => {
    if (!core) throw new Error('lift worker used before init')
    return core
  }
  return {
    init(config) {
      core = new LiftCore(config)
    },
    lift(frame) {
      const r = ready().lift(frame)
      return Comlink.transfer(r, liftTransferables(r))
    },
    removeWhere(f) {
      ready().removeWhere(f)
    },
    clear() {
      ready().clear()
    },
  }
}
