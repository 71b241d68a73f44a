import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { RequestCancelledError, SourceUnavailableError } from '../../src/core/frame-source'
import {
  CLOSE_CODES,
  decodeMessage,
  encodeRender,
  MessageType,
  TOKEN_SUBPROTOCOL_PREFIX,
  WIRE_LIMITS,
  WIRE_SUBPROTOCOL,
  WireErrorCode,
} from '../../src/core/wire'
import { startEdgeServer, type EdgeServer } from '../../src/edge/server'
import { EdgeRequestError, EdgeSource, type WebSocketConstructor } from '../../src/sources/edge-source'
import { sampleRequest } from '../support/fixtures'
import { ThreadRenderer } from '../../src/edge/thread-renderer'
import { loadReferenceRuntime } from '../support/node-runtime'

const TOKEN = 'test-token-1234'
const small = (id: number) =>
  sampleRequest(id, { camera: { model: 'perspective', width: 32, height: 32, fovYDeg: 70 } })

let renderer: ThreadRenderer
let server: EdgeServer

/** A raw client, for speaking the protocol badly on purpose. */
function rawClient(
  protocols: string[] = [WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + TOKEN],
  origin?: string,
): Promise<{ ws: WebSocket; messages: Uint8Array[]; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(server.url, protocols, origin ? { origin } : {})
  const messages: Uint8Array[] = []
  ws.on('message', (d: Buffer) => messages.push(new Uint8Array(d)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, closed }))
    ws.once('error', reject)
  })
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

function edgeSource(url = server.url, token = TOKEN): EdgeSource {
  return new EdgeSource({ url, token, WebSocket: WebSocket as unknown as WebSocketConstructor })
}

async function readySource(url = server.url): Promise<EdgeSource> {
  const s = edgeSource(url)
  await until(() => s.status().health === 'ready')
  return s
}

beforeAll(async () => {
  renderer = await ThreadRenderer.start()
  server = await startEdgeServer(renderer, { port: 0, token: TOKEN, maxInFlightPerConnection: 3 })
})
afterAll(async () => {
  await server.close()
  await renderer.dispose()
})

describe('edge server over loopback (real ws, real onnxruntime-node)', () => {
  it('serves /healthz and Prometheus /metrics', async () => {
    const base = server.url.replace('ws:', 'http:')
    const health = (await (await fetch(`${base}/healthz`)).json()) as { ok: boolean; model: string }
    expect(health.ok).toBe(true)
    expect(health.model).toBe(renderer.modelId)
    const metrics = await (await fetch(`${base}/metrics`)).text()
    expect(metrics).toMatch(/^# TYPE worldwalk_edge_frame_seconds histogram$/m)
    expect((await fetch(`${base}/nope`)).status).toBe(404)
  })

  it('a frame from the edge is bit-identical to the same request rendered locally, materials included', async () => {
    const source = await readySource()
    expect(source.status().backend).toBe(renderer.backend)
    const req = small(1)
    const local = await (await loadReferenceRuntime()).render(req)
    const remote = await source.render(req)
    expect(remote.requestId).toBe(1)
    expect(remote.rgba).toEqual(local.rgba)
    expect(remote.depth).toEqual(local.depth)
    // The walkers' ground learns water from these, whichever source rendered the frame.
    expect(local.material).toBeDefined()
    expect(remote.material).toEqual(local.material)
    expect(server.metrics.framesTotal).toBeGreaterThan(0)
    source.dispose()
  })

  it('refuses a wrong or missing token with close code 4401, and a foreign origin with 403', async () => {
    const wrong = await rawClient([WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + 'nope'])
    expect((await wrong.closed).code).toBe(CLOSE_CODES.unauthorized)
    const missing = await rawClient([WIRE_SUBPROTOCOL])
    expect((await missing.closed).code).toBe(CLOSE_CODES.unauthorized)
    await expect(rawClient(undefined, 'https://evil.example')).rejects.toThrow(/403/)
    const s = edgeSource(server.url, 'bad-token')
    await until(() => s.status().health === 'failed')
    expect(s.status().error).toMatch(/rejected the token/)
    s.dispose()
  })

  it('answers garbage with error codes, closes persistent offenders, and other clients never notice', async () => {
    const good = await readySource()
    const bad = await rawClient()
    bad.ws.send('hello?')
    bad.ws.send(Buffer.from([1, 2, 3]))
    const truncated = encodeRender(small(9)).subarray(0, 40)
    bad.ws.send(truncated)
    await until(() => bad.messages.length >= 4) // hello + 3 errors
    const codes = bad.messages.slice(1).map((m) => {
      const msg = decodeMessage(m)
      return msg.type === MessageType.Error ? msg.error.code : 'not-an-error'
    })
    expect(codes).toEqual([WireErrorCode.Malformed, WireErrorCode.Malformed, WireErrorCode.Malformed])
    bad.ws.send(Buffer.alloc(20))
    bad.ws.send(Buffer.alloc(20))
    expect((await bad.closed).code).toBe(CLOSE_CODES.protocolError)
    const frame = await good.render(small(2))
    expect(frame.rgba.length).toBe(32 * 32 * 4)
    good.dispose()
  })

  it('closes a connection that sends more than maxPayload with 1009 (message too big)', async () => {
    const c = await rawClient()
    c.ws.send(Buffer.alloc(WIRE_LIMITS.maxRequestBytes + 1))
    expect((await c.closed).code).toBe(1009)
  })

  it('names the field of an invalid request and keeps the connection', async () => {
    const s = await readySource()
    const huge = sampleRequest(3, { camera: { model: 'perspective', width: 4096, height: 8 } })
    await expect(s.render(huge)).rejects.toThrow(/camera.width/)
    const frame = await s.render(small(4))
    expect(frame.requestId).toBe(4)
    s.dispose()
  })

  it('caps requests in flight per connection with a busy error', async () => {
    const s = await readySource()
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => s.render(small(100 + i))))
    const busy = results.filter(
      (r) =>
        r.status === 'rejected' &&
        r.reason instanceof EdgeRequestError &&
        r.reason.code === WireErrorCode.Busy,
    )
    expect(busy).toHaveLength(1)
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    s.dispose()
  })

  it('cancellation settles at once and the server skips queued work', async () => {
    const s = await readySource()
    const before = server.metrics.framesTotal
    const controller = new AbortController()
    const first = s.render(small(200))
    const second = s.render(small(201), controller.signal)
    controller.abort()
    await expect(second).rejects.toBeInstanceOf(RequestCancelledError)
    await first
    await new Promise((r) => setTimeout(r, 100))
    expect(server.metrics.framesTotal - before).toBe(1)
    s.dispose()
  })

  it('survives a client vanishing mid-request', async () => {
    const c = await rawClient()
    c.ws.send(encodeRender(small(300)))
    c.ws.terminate()
    const s = await readySource()
    expect((await s.render(small(301))).requestId).toBe(301)
    s.dispose()
  })
})

describe('edge server limits and shutdown', () => {
  it('drops a peer that stops answering pings with close code 4408', async () => {
    const edge = await startEdgeServer(renderer, { port: 0, token: TOKEN, heartbeatMs: 50 })
    const silent = new WebSocket(edge.url, [WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + TOKEN], {
      autoPong: false,
    })
    const lively = await readySource(edge.url)
    const code = await new Promise<number>((resolve) => silent.on('close', (c) => resolve(c)))
    expect(code).toBe(CLOSE_CODES.timeout)
    await new Promise((r) => setTimeout(r, 200)) // several heartbeats later, the answering client is still served
    expect((await lively.render(small(450))).requestId).toBe(450)
    lively.dispose()
    await edge.close()
  })

  it('rate-limits a flooding client', async () => {
    const limited = await startEdgeServer(renderer, {
      port: 0,
      token: TOKEN,
      ratePerSecond: 1,
      rateBurst: 2,
      maxInFlightPerConnection: 10,
    })
    const s = await readySource(limited.url)
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => s.render(small(400 + i))))
    const limitedCount = results.filter(
      (r) => r.status === 'rejected' && (r.reason as EdgeRequestError).code === WireErrorCode.RateLimited,
    ).length
    expect(limitedCount).toBe(2)
    s.dispose()
    await limited.close()
  })

  it('drains on shutdown: queued frames arrive, then the socket closes with 1001 and health turns 503', async () => {
    const edge = await startEdgeServer(renderer, { port: 0, token: TOKEN })
    const s = await readySource(edge.url)
    const big = (id: number) =>
      sampleRequest(id, { camera: { model: 'perspective', width: 256, height: 256, fovYDeg: 70 } })
    const frames = [s.render(big(500)), s.render(big(501))]
    let closedWith = 0
    s.subscribe((st) => {
      if (st.health === 'failed') closedWith = Number(/\((\d+)/.exec(st.error ?? '')?.[1])
    })
    await until(() => edge.requestsInFlight === 2) // both reached the server: one running, one queued
    const stopping = edge.shutdown()
    const health = await fetch(edge.url.replace('ws:', 'http:') + '/healthz').catch(() => null)
    if (health) expect(health.status).toBe(503)
    const done = await Promise.all(frames)
    expect(done.map((f) => f.requestId)).toEqual([500, 501])
    await stopping
    await until(() => closedWith !== 0)
    expect(closedWith).toBe(CLOSE_CODES.goingAway)
    await expect(s.render(small(502))).rejects.toBeInstanceOf(SourceUnavailableError)
    s.dispose()
  })
})
