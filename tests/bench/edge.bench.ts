/**
 * Edge load and soak: 32 clients streaming frames from the real `npm run edge` process on
 * loopback, then the same 32 with a hostile-client loop beside them (every attack of the test
 * matrix, in every connection state). Reports throughput and latency for both, the ratio of frames
 * served under attack to frames served without, server heap growth over the soak, and whether the
 * process survived.
 *
 * Duration per phase: WORLDWALK_BENCH_EDGE_SECONDS (default 300 s, the 5 minutes;
 * `--quick` 20 s), run as 5 alternating windows of each phase. Hostile loops running at once: WORLDWALK_BENCH_EDGE_HOSTILE (default 4).
 */
import WebSocket from 'ws'
import { decodeMessage, encodeRender, MessageType } from '../../src/core/wire'
import { rng, sampleRequest } from '../support/fixtures'
import { ATTACKS, hostileStates, limitFlags, runAttack } from '../integration/edge-hostile-attacks'
import {
  goodClient,
  scrapeMetric,
  spawnEdge,
  wsClientOptions,
  type EdgeProcess,
} from '../integration/edge-process'
import { median, quantile, round, type BenchContext, type BenchResult } from './harness'

export const area = 'edge'

const TOKEN = 'edge-bench'
const CLIENTS = 32
// "A hostile client loop beside them": a few loops by default, not a flood that would measure only
// the 2-core box; WORLDWALK_BENCH_EDGE_HOSTILE sets how many.
const HOSTILE_CONCURRENCY = Number(process.env.WORLDWALK_BENCH_EDGE_HOSTILE ?? 4)
/** Alternating windows per phase (see below). */
const ROUNDS = 5
const LIMITS = { handshakeMs: 2000, graceMs: 300, heartbeatMs: 3000 }

interface StreamResult {
  frames: number
  errors: Map<string, number>
  latenciesMs: number[]
  seconds: number
}

/** One client: render request, wait for its frame (or error), repeat, until `stop` says so. */
function streamingClient(url: string, index: number, stop: () => boolean, out: StreamResult): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, wsClientOptions(TOKEN))
    let id = 0
    let sentAt = 0
    const send = (): void => {
      if (stop()) return ws.close()
      id++
      sentAt = performance.now()
      const req = sampleRequest(id, {
        camera: { model: 'perspective', width: 32, height: 24, fovYDeg: 70 },
        pose: { position: [index, 1.7, id % 50], rotation: [0, Math.sin(id / 9), 0, Math.cos(id / 9)] },
      })
      ws.send(encodeRender(req))
    }
    ws.on('error', () => {})
    ws.on('close', () => resolve())
    ws.on('message', (data: Buffer) => {
      const msg = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      if (msg.type === MessageType.Hello) return send()
      if (msg.type === MessageType.Frame) {
        out.frames++
        out.latenciesMs.push(performance.now() - sentAt)
      } else if (msg.type === MessageType.Error) {
        out.errors.set(msg.error.code, (out.errors.get(msg.error.code) ?? 0) + 1)
      }
      send()
    })
  })
}

async function stream(url: string, seconds: number): Promise<StreamResult> {
  const out: StreamResult = { frames: 0, errors: new Map(), latenciesMs: [], seconds }
  const end = Date.now() + seconds * 1000
  const stop = (): boolean => Date.now() >= end
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => streamingClient(url, i, stop, out)))
  return out
}

/** Runs random attacks in random states until `stop`; counts connections and late cuts. */
async function hostileLoop(
  edge: EdgeProcess,
  stop: () => boolean,
): Promise<{ connections: number; notCut: number; failed: number }> {
  const states = Object.values(hostileStates(TOKEN, LIMITS, 3000))
  const attacks = Object.values(ATTACKS)
  const next = rng(29)
  const tally = { connections: 0, notCut: 0, failed: 0 }
  const worker = async (): Promise<void> => {
    while (!stop() && !edge.exited()) {
      const state = states[Math.floor(next() * states.length)]!
      const attack = attacks[Math.floor(next() * attacks.length)]!
      tally.connections++
      try {
        if (!(await runAttack(edge.url, state, attack)).cut) tally.notCut++
      } catch {
        tally.failed++
      }
    }
  }
  await Promise.all(Array.from({ length: HOSTILE_CONCURRENCY }, worker))
  return tally
}

function summary(prefix: string, r: StreamResult): BenchResult[] {
  const p50 = quantile(r.latenciesMs, 0.5)
  const p95 = quantile(r.latenciesMs, 0.95)
  const errors = Object.fromEntries(r.errors)
  return [
    {
      name: `${prefix}_frames_per_s`,
      value: round(r.frames / r.seconds, 1),
      unit: 'frames/s',
      clients: CLIENTS,
      seconds: r.seconds,
      errors,
    },
    { name: `${prefix}_p50_ms`, value: round(p50), unit: 'ms' },
    {
      name: `${prefix}_p95_ms`,
      value: round(p95),
      unit: 'ms',
      baseline: round(p50),
      ratio: round(p95 / p50),
    },
    { name: `${prefix}_p95_p50_ratio`, value: round(p95 / p50), unit: 'ratio' },
  ]
}

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const seconds = Number(process.env.WORLDWALK_BENCH_EDGE_SECONDS ?? (ctx.quick ? 20 : 300))
  const edge = await spawnEdge(TOKEN, [
    ...limitFlags(LIMITS),
    '--max-connections=1000',
    '--max-connections-per-address=1000',
  ])
  try {
    const good = await goodClient(edge.url, TOKEN)
    await good.check()
    await stream(edge.url, Math.min(5, seconds)) // warm-up: JIT, model session, socket paths
    const heapStart = await scrapeMetric(edge.url, 'worldwalk_edge_heap_bytes')

    // The box is shared: load from others drifts over minutes. Alternating short windows of each
    // phase, and comparing them pairwise, keeps that drift out of the ratio.
    const windowS = seconds / ROUNDS
    const base: StreamResult = { frames: 0, errors: new Map(), latenciesMs: [], seconds: 0 }
    const attacked: StreamResult = { frames: 0, errors: new Map(), latenciesMs: [], seconds: 0 }
    const hostile = { connections: 0, notCut: 0, failed: 0 }
    const pairRatios: number[] = []
    for (let round = 0; round < ROUNDS && !edge.exited(); round++) {
      console.error(
        `bench: edge: round ${round + 1}/${ROUNDS}: ${CLIENTS} clients for ${windowS} s, then beside ${HOSTILE_CONCURRENCY} hostile loops`,
      )
      const b = await stream(edge.url, windowS)
      const end = Date.now() + windowS * 1000
      const [a, h] = await Promise.all([
        stream(edge.url, windowS),
        hostileLoop(edge, () => Date.now() >= end),
      ])
      for (const [into, from] of [
        [base, b],
        [attacked, a],
      ] as const) {
        into.frames += from.frames
        into.seconds += from.seconds
        into.latenciesMs.push(...from.latenciesMs)
        for (const [k, n] of from.errors) into.errors.set(k, (into.errors.get(k) ?? 0) + n)
      }
      hostile.connections += h.connections
      hostile.notCut += h.notCut
      hostile.failed += h.failed
      pairRatios.push(a.frames / b.frames)
    }
    yield* summary('edge.load', base)
    yield* summary('edge.attack', attacked)
    const crashed = edge.exited() !== null
    yield {
      name: 'edge.served_during_attack_ratio',
      value: round(median(pairRatios)),
      unit: 'ratio',
      baseline: round(base.frames / base.seconds, 1),
      attack_frames_per_s: round(attacked.frames / attacked.seconds, 1),
      pair_ratios: pairRatios.map((r) => round(r)),
      hostile_loops: HOSTILE_CONCURRENCY,
    }
    yield {
      name: 'edge.hostile_connections',
      value: hostile.connections,
      unit: 'connections',
      per_s: round(hostile.connections / seconds, 1),
      not_cut_in_time: hostile.notCut,
      failed_to_reach_state: hostile.failed,
    }
    yield { name: 'edge.hostile_crashes', value: crashed ? 1 : 0, unit: 'count', budget: 0 }
    if (crashed) throw new Error(`the edge process exited under attack:\n${edge.log().slice(-2000)}`)

    await new Promise((r) => setTimeout(r, 2 * LIMITS.heartbeatMs)) // let cut sockets go
    await good.check() // still serving, byte-identical to a local render
    good.dispose()
    const heapEnd = await scrapeMetric(edge.url, 'worldwalk_edge_heap_bytes')
    yield {
      name: 'edge.heap_growth_mb',
      value: round((heapEnd - heapStart) / 2 ** 20, 1),
      unit: 'MB',
      heap_start_mb: round(heapStart / 2 ** 20, 1),
      tcp_connections_left: await scrapeMetric(edge.url, 'worldwalk_edge_tcp_connections'),
      good_client_reconnects: good.reconnects(),
    }
  } finally {
    await edge.stop()
  }
}
