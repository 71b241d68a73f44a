/**
 * The session with an asynchronous lifter: the worker lifter (its real worker API over a
 * MessageChannel) files the same pages as lifting in-process; results that answer out of order,
 * or after an edit, still leave the store where synchronous lifting would; the render loop files
 * at most `pagesPerTick` pages per tick; a crashed worker is reported and the world lifted again.
 */
import * as Comlink from 'comlink'
import { describe, expect, it } from 'vitest'
import type { Frame, FrameRequest } from '../../src/core/frame'
import type { SplatStore } from '../../src/core/lift'
import { groundPlane, renderSyntheticFrame } from '../../src/core/lift/synthetic-frame'
import type { FrameKey } from '../../src/core/stream'
import type { Footprint } from '../../src/core/stream/footprint'
import { WorldSession, type WorldSpec } from '../../src/session'
import {
  InProcessLifter,
  LiftError,
  type LiftResult,
  type Lifter,
  type LifterConfig,
} from '../../src/session/lifter'
import { createLiftWorkerApi, type LiftWorkerApi } from '../../src/workers/lift-api'
import { WorkerLifter, type LiftEndpoint } from '../../src/workers/lift-client'

const scene = groundPlane(0)
const WORLD: WorldSpec = { id: 'w1', prompt: 'a test plane', version: 1, regions: [] }
const EYE = [0, 1.6, 0] as const

const source = {
  render(req: FrameRequest): Promise<Frame> {
    const frame = renderSyntheticFrame(scene, req.pose, req.camera, req.id)
    return Promise.resolve({ ...frame, worldVersion: req.worldVersion, modelMs: 5 })
  },
}

/** The frames a plain session explores from the spawn, in arrival order. */
async function exploredFrames(): Promise<{ key: FrameKey; frame: Frame }[]> {
  const clock = { t: 0 }
  const s = new WorldSession({ source, levels: [32, 64], panoramaWidth: 0, now: () => clock.t }, WORLD)
  s.streaming = true
  for (let i = 0; i < 200 && !s.isIdle; i++) {
    s.tick(...EYE, 0, 0, 0, 1)
    await s.settled()
    clock.t += 100
  }
  return [...s.memory.frames()].map(({ key, frame }) => ({ key, frame }))
}

function session(lifter?: (c: LifterConfig) => Lifter, pagesPerTick?: number): WorldSession {
  return new WorldSession(
    { source, levels: [32, 64], panoramaWidth: 0, now: () => 0, ...(lifter ? { lifter } : {}), pagesPerTick },
    WORLD,
  )
}

function snapshot(store: SplatStore): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const id of store.pageIds()) {
    const v = store.view(id)!
    out.set(id, [...v.centers, ...v.scales, ...v.quats, ...v.colors, ...v.opacities])
  }
  return out
}

/** A worker over a MessageChannel running the real worker API; `hang` makes lifts never answer. */
function channelSpawner(hang: () => boolean) {
  const ports: { port1: MessagePort; terminated: boolean }[] = []
  const spawn = (): LiftEndpoint => {
    const { port1, port2 } = new MessageChannel()
    const real = createLiftWorkerApi()
    const api: LiftWorkerApi = hang() ? { ...real, lift: () => new Promise<never>(() => {}) as never } : real
    Comlink.expose(api, port2)
    const entry = { port1, terminated: false }
    ports.push(entry)
    return Object.assign(port1 as unknown as Comlink.Endpoint, {
      terminate: () => {
        entry.terminated = true
        port1.close()
        port2.close()
      },
    })
  }
  /** What a Worker does when its script dies. */
  const crash = (): void => {
    ports.at(-1)!.port1.dispatchEvent(Object.assign(new Event('error'), { message: 'boom' }))
  }
  return { spawn, ports, crash }
}

/** Holds every lift until `release` answers them, in the order given. */
class HeldLifter implements Lifter {
  private readonly inner: InProcessLifter
  readonly held: { result: LiftResult; resolve: (r: LiftResult) => void }[] = []
  constructor(config: LifterConfig) {
    this.inner = new InProcessLifter(config)
  }
  async lift(frame: Frame): Promise<LiftResult> {
    // Lifted now (call order, as a worker would), answered later.
    const result = await this.inner.lift(frame)
    return new Promise((resolve) => this.held.push({ result, resolve }))
  }
  removeWhere(f: Footprint): void {
    this.inner.removeWhere(f)
  }
  clear(): void {
    this.inner.clear()
  }
  dispose(): void {}
  release(order: 'fifo' | 'reverse'): void {
    const all = this.held.splice(0)
    if (order === 'reverse') all.reverse()
    for (const h of all) h.resolve(h.result)
  }
}

const tickAtEye = (s: WorldSession): void => s.tick(...EYE, 0, 0, 0, 1)
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('WorldSession with an asynchronous lifter', () => {
  it('the worker lifter files the same pages, byte for byte, as lifting in-process', async () => {
    const frames = await exploredFrames()
    expect(frames.length).toBeGreaterThan(4)
    const ref = session()
    for (const { key, frame } of frames) ref.restoreFrame(key, frame)
    await ref.settled()
    const { spawn, ports } = channelSpawner(() => false)
    const s = session((config) => new WorkerLifter({ spawn, config }))
    for (const { key, frame } of frames) s.restoreFrame(key, frame)
    expect(s.store.count).toBe(0)
    await s.settled()
    expect(ref.store.count).toBeGreaterThan(1000)
    expect(snapshot(s.store)).toEqual(snapshot(ref.store))
    expect(s.ground.columns).toBe(ref.ground.columns)
    expect(ports).toHaveLength(1)
    s.dispose()
    expect(ports[0]!.terminated).toBe(true)
  })

  it('the worker lifter sends the footprints of one turn as one call, before the next lift', async () => {
    const frames = await exploredFrames()
    const calls: string[] = []
    const spawn = (): LiftEndpoint => {
      const { port1, port2 } = new MessageChannel()
      const real = createLiftWorkerApi()
      Comlink.expose(
        {
          ...real,
          lift: (f: Frame) => (calls.push('lift'), real.lift(f)),
          removeWhere: (f: Footprint | readonly Footprint[]) => {
            calls.push(`removeWhere ${'center' in f ? 1 : f.length}`)
            real.removeWhere(f)
          },
        } satisfies LiftWorkerApi,
        port2,
      )
      return Object.assign(port1 as unknown as Comlink.Endpoint, { terminate: () => port1.close() })
    }
    const worker = new WorkerLifter({ spawn })
    const inProcess = new InProcessLifter()
    const first = frames[0]!.frame
    await Promise.all([worker.lift(first), inProcess.lift(first)])
    const discs: Footprint[] = [
      { center: [0, -3], radius: 2 },
      { center: [2, -6], radius: 2 },
      { center: [-3, -1], radius: 1 },
    ]
    for (const d of discs) {
      worker.removeWhere(d)
      inProcess.removeWhere(d)
    }
    // The same frame again refills exactly what the discs took, batched or not.
    const [again, reference] = await Promise.all([worker.lift(first), inProcess.lift(first)])
    expect(calls).toEqual(['lift', 'removeWhere 3', 'lift'])
    expect(again.batch.count).toBeGreaterThan(0)
    expect(again.batch.count).toBe(reference.batch.count)
    worker.dispose()
  })

  it('files results in submission order when lifts answer in reverse, and re-applies a later edit', async () => {
    const frames = await exploredFrames()
    const footprint: Footprint = { center: [0, -8], radius: 4 }
    const edit = (s: WorldSession) =>
      s.applyChange({ ...WORLD, version: 2 }, { version: 2, footprints: [footprint] }, footprint)
    const ref = session()
    for (const { key, frame } of frames) ref.restoreFrame(key, frame)
    await ref.settled()
    edit(ref)
    let held: HeldLifter | null = null
    const s = session((c) => (held = new HeldLifter(c)))
    for (const { key, frame } of frames) s.restoreFrame(key, frame)
    await flush()
    // The edit lands while every lift is still unanswered.
    edit(s)
    expect(held!.held).toHaveLength(frames.length)
    held!.release('reverse')
    await s.settled()
    expect(snapshot(s.store)).toEqual(snapshot(ref.store))
  })

  it('files at most pagesPerTick pages per tick', async () => {
    const frames = await exploredFrames()
    const ref = session()
    for (const { key, frame } of frames) ref.restoreFrame(key, frame)
    await ref.settled()
    let held: HeldLifter | null = null
    const s = session((c) => (held = new HeldLifter(c)), 2)
    for (const { key, frame } of frames) s.restoreFrame(key, frame)
    await flush()
    held!.release('fifo')
    await flush()
    let adds = 0
    const add = s.store.add.bind(s.store)
    s.store.add = (b, origin) => {
      adds++
      return add(b, origin)
    }
    let ticks = 0
    while (s.liftBacklog > 0 && ticks < 10_000) {
      adds = 0
      tickAtEye(s)
      expect(adds).toBeLessThanOrEqual(2)
      ticks++
    }
    expect(ticks).toBeGreaterThan(frames.length / 2)
    expect(snapshot(s.store)).toEqual(snapshot(ref.store))
  })

  it('a crashed worker fails its lifts with a clear error; the session lifts its frames again', async () => {
    const frames = await exploredFrames()
    const ref = session()
    for (const { key, frame } of frames) ref.restoreFrame(key, frame)
    await ref.settled()
    let first = true
    const { spawn, ports, crash } = channelSpawner(() => {
      const h = first
      first = false
      return h
    })
    const lifter = new WorkerLifter({ spawn })
    const s = session((config) => new WorkerLifter({ spawn, config }))
    // The client on its own: a crash rejects the lift in flight with a LiftError that says so.
    const lost = lifter.lift(frames[0]!.frame)
    crash()
    await expect(lost).rejects.toThrow(LiftError)
    await expect(lost).rejects.toThrow(/crashed: boom/)
    expect(ports[0]!.terminated).toBe(true)
    lifter.dispose()
    // The session: its first worker hangs then crashes; the second lifts the world again.
    first = true
    for (const { key, frame } of frames) s.restoreFrame(key, frame)
    await flush()
    crash()
    await s.settled()
    expect(s.stats.errors).toBe(1)
    expect(s.stats.lastError).toMatch(
      /lifting failed \(the lift worker crashed: boom\); lifting the world again/,
    )
    expect(ports.at(-2)!.terminated).toBe(true)
    expect(s.store.count).toBe(ref.store.count)
    expect(snapshot(s.store)).toEqual(snapshot(ref.store))
    s.dispose()
  })

  it('a worker that cannot start fails the lift with a LiftError, not a throw', async () => {
    const frames = await exploredFrames()
    const lifter = new WorkerLifter({
      spawn: () => {
        throw new Error('no workers here')
      },
    })
    await expect(lifter.lift(frames[0]!.frame)).rejects.toThrow(/did not start: no workers here/)
  })

  it('a lifter that keeps failing stops streaming and says so', async () => {
    const frames = await exploredFrames()
    const failing: Lifter = {
      lift: () => Promise.reject(new LiftError('no lift for you')),
      removeWhere: () => {},
      clear: () => {},
      dispose: () => {},
    }
    const s = session(() => failing)
    s.streaming = true
    for (const { key, frame } of frames) s.restoreFrame(key, frame)
    await s.settled()
    expect(s.streaming).toBe(false)
    expect(s.stats.lastError).toBe('lifting failed 3 times (no lift for you); stopped: reload the page')
    expect(s.store.count).toBe(0)
  })
})
