/**
 * The session's Lifter backed by a worker (lift.worker.ts). Calls go out in order and Comlink
 * keeps that order in the worker, which is what the session's determinism rests on. A worker
 * that dies (an 'error' event, or a lift that throws) fails every lift in flight with a LiftError
 * and is terminated; the next call spawns a fresh one, and the session, told by the failed lift,
 * clears and lifts its frames again.
 */
import * as Comlink from 'comlink'
import type { Frame } from '../core/frame'
import type { Footprint } from '../core/stream/footprint'
import {
  LiftError,
  PendingRemovals,
  type LiftResult,
  type Lifter,
  type LifterConfig,
} from '../session/lifter'
import type { LiftWorkerApi } from './lift-api'

/** A Worker or anything like one (a MessagePort with a terminate, in tests). */
export type LiftEndpoint = Comlink.Endpoint & { terminate(): void }

export interface WorkerLifterOptions {
  /** Creates the worker, e.g. `() => new Worker(new URL('./lift.worker.ts', import.meta.url), { type: 'module' })`. */
  spawn: () => LiftEndpoint
  config?: LifterConfig
}

interface Live {
  endpoint: LiftEndpoint
  api: Comlink.Remote<LiftWorkerApi>
  /** Rejects every lift in flight on this worker. */
  fail: Set<(err: LiftError) => void>
  dead: boolean
}

export class WorkerLifter implements Lifter {
  private live: Live | null = null
  private disposed = false
  /** Footprints not yet sent to the worker: one call per turn (PendingRemovals). */
  private readonly removals = new PendingRemovals((fs) => {
    if (this.live && !this.live.dead) void this.live.api.removeWhere(fs).catch(() => {})
  })

  constructor(private readonly options: WorkerLifterOptions) {}

  lift(frame: Frame): Promise<LiftResult> {
    if (this.disposed) return Promise.reject(new LiftError('the lift worker was disposed'))
    this.removals.flush()
    let w: Live
    try {
      w = this.worker()
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      return Promise.reject(new LiftError(`the lift worker did not start: ${why}`))
    }
    return new Promise<LiftResult>((resolve, reject) => {
      w.fail.add(reject)
      w.api.lift(frame).then(
        (r) => {
          w.fail.delete(reject)
          resolve(r)
        },
        (err: unknown) => {
          w.fail.delete(reject)
          this.kill(w, `the lift worker threw: ${err instanceof Error ? err.message : String(err)}`)
          reject(new LiftError(`the lift worker threw: ${err instanceof Error ? err.message : String(err)}`))
        },
      )
    })
  }

  /** Without a live worker there is no occupancy to forget: a fresh one starts empty. */
  removeWhere(f: Footprint | readonly Footprint[]): void {
    if (this.live && !this.live.dead) this.removals.add(f)
  }

  clear(): void {
    this.removals.drop()
    // A fresh worker would start empty anyway; a live one forgets in order with the lifts.
    if (this.live && !this.live.dead) void this.live.api.clear().catch(() => {})
  }

  dispose(): void {
    this.disposed = true
    if (this.live) this.kill(this.live, 'the lift worker was disposed')
  }

  private worker(): Live {
    if (this.live && !this.live.dead) return this.live
    const endpoint = this.options.spawn()
    const api = Comlink.wrap<LiftWorkerApi>(endpoint)
    const w: Live = { endpoint, api, fail: new Set(), dead: false }
    endpoint.addEventListener('error', (ev: Event) => {
      const m = (ev as ErrorEvent).message
      this.kill(w, `the lift worker crashed${m ? `: ${m}` : ''}`)
    })
    void api.init(this.options.config ?? {}).catch((err: unknown) => {
      this.kill(w, `the lift worker did not start: ${err instanceof Error ? err.message : String(err)}`)
    })
    this.live = w
    return w
  }

  private kill(w: Live, message: string): void {
    if (w.dead) return
    w.dead = true
    const err = new LiftError(message)
    for (const reject of w.fail) reject(err)
    w.fail.clear()
    w.api[Comlink.releaseProxy]()
    w.endpoint.terminate()
    if (this.live === w) this.live = null
  }
}
