/**
 * Streaming: pose-to-frame latency through the on-device path and the edge on loopback, edge
 * throughput with 8 clients, and how long the app goes without frames when the edge dies.
 *
 * The on-device path here is onnxruntime-web (wasm) in a worker thread behind comlink: the same
 * runtime and wasm the browser worker runs, minus the browser.
 */
import WebSocket from 'ws'
import { startEdgeServer } from '../../src/edge/server'
import { ThreadRenderer } from '../../src/edge/thread-renderer'
import { EdgeSource, type WebSocketConstructor } from '../../src/sources/edge-source'
import { RendererSource } from '../../src/sources/renderer-source'
import { SourceSelector } from '../../src/sources/source-selector'
import { sampleRequest } from '../support/fixtures'
import { median, quantile, round, type BenchContext, type BenchResult } from './harness'

export const area = 'stream'

const TOKEN = 'bench'
const req = (id: number, x = 0) =>
  sampleRequest(id, {
    camera: { model: 'perspective', width: 128, height: 128, fovYDeg: 70 },
    pose: { position: [x, 2, 0], rotation: [0, Math.sin(id / 7), 0, Math.cos(id / 7)] },
  })

async function ready(s: EdgeSource): Promise<void> {
  while (s.status().health !== 'ready') await new Promise((r) => setTimeout(r, 5))
}

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const n = ctx.quick ? 10 : 30
  const webThread = await ThreadRenderer.start({ backend: 'web' })
  const nodeThread = await ThreadRenderer.start({ backend: 'node' })
  await webThread.render(req(0)) // prepare stage for this world, once
  await nodeThread.render(req(0))

  // On-device: latency as the app sees it, and the model's own time for reference.
  const worker = { total: [] as number[], model: [] as number[] }
  for (let i = 1; i <= n; i++) {
    const t0 = performance.now()
    const f = await webThread.render(req(i))
    worker.total.push(performance.now() - t0)
    worker.model.push(f.modelMs)
  }
  yield {
    name: 'stream.worker_pose_to_frame_p50',
    value: round(median(worker.total)),
    unit: 'ms',
    model_ms_p50: round(median(worker.model)),
  }
  yield { name: 'stream.worker_pose_to_frame_p95', value: round(quantile(worker.total, 0.95)), unit: 'ms' }

  // Edge on loopback: the overhead over model time is the protocol, the socket and the thread hop.
  const edge = await startEdgeServer(nodeThread, {
    port: 0,
    token: TOKEN,
    ratePerSecond: 1000,
    rateBurst: 1000,
  })
  const client = new EdgeSource({
    url: edge.url,
    token: TOKEN,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  })
  await ready(client)
  const remote = { total: [] as number[], model: [] as number[] }
  for (let i = 1; i <= n; i++) {
    const t0 = performance.now()
    const f = await client.render(req(1000 + i))
    remote.total.push(performance.now() - t0)
    remote.model.push(f.modelMs)
  }
  const overhead = remote.total.map((t, i) => t - remote.model[i]!)
  yield {
    name: 'stream.edge_pose_to_frame_p50',
    value: round(median(remote.total)),
    unit: 'ms',
    model_ms_p50: round(median(remote.model)),
  }
  yield { name: 'stream.edge_pose_to_frame_p95', value: round(quantile(remote.total, 0.95)), unit: 'ms' }
  yield {
    name: 'stream.edge_overhead_p50',
    value: round(median(overhead)),
    unit: 'ms',
    budget: 5,
    baseline: round(median(remote.model)),
    ratio: round(median(overhead) / median(remote.model)),
    note: 'edge latency minus model time, per frame; baseline is the model time itself',
  }

  // Throughput: 8 clients each keeping one request in flight; the baseline is one client alone.
  const clients = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const c = new EdgeSource({
        url: edge.url,
        token: TOKEN,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
      })
      await ready(c)
      return c
    }),
  )
  const perClient = ctx.quick ? 3 : 6
  const t0 = performance.now()
  await Promise.all(
    clients.map(async (c, k) => {
      for (let i = 0; i < perClient; i++) await c.render(req(5000 + k * 100 + i, k))
    }),
  )
  const fps8 = (clients.length * perClient) / ((performance.now() - t0) / 1000)
  const fps1 = 1000 / median(remote.total)
  yield {
    name: 'stream.edge_throughput_8_clients',
    value: round(fps8, 1),
    unit: 'frames/s',
    baseline: round(fps1, 1),
    ratio: round(fps8 / fps1),
    note: 'baseline: one client, one request at a time',
  }
  for (const c of clients) c.dispose()

  // Failover: the edge dies with the app streaming; how long until the on-device path delivers.
  const local = new RendererSource(webThread, 'worker')
  const selector = new SourceSelector([client, local])
  const gaps: number[] = []
  const rounds = ctx.quick ? 2 : 4
  let server = edge
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      server = await startEdgeServer(nodeThread, { port: edge.port, token: TOKEN })
      await ready(client)
    }
    await selector.render(req(9000 + r * 10))
    const dead = performance.now()
    await server.close()
    await selector.render(req(9001 + r * 10))
    gaps.push(performance.now() - dead)
  }
  yield {
    name: 'stream.edge_death_to_worker_frame_p50',
    value: round(median(gaps)),
    unit: 'ms',
    budget: 1000,
    baseline: round(median(worker.total)),
    ratio: round(median(gaps) / median(worker.total)),
    note: 'baseline: one on-device frame',
  }

  selector.dispose()
  client.dispose()
  await webThread.dispose()
  await nodeThread.dispose()
}
