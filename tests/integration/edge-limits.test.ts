/**
 * The edge server's limits, each against a real server on loopback: connection caps (total and per
 * address), the handshake deadline (slowloris), the model-queue cap with `busy` answers, the rate
 * of new places one connection may ask about, hostile
 * peers while draining, and the counters in /metrics. Back-pressure on a
 * peer that does not read is not tested here: loopback absorbs ~36 MB (tcp_rmem max 32 MB + wmem
 * 4 MB) before the server's own buffer grows, which is tens of seconds of frames on this model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WireErrorCode } from '../../src/core/wire'
import { startEdgeServer, type EdgeServer } from '../../src/edge/server'
import { ThreadRenderer } from '../../src/edge/thread-renderer'
import { EdgeRequestError } from '../../src/sources/edge-source'
import { sampleRequest } from '../support/fixtures'
import { loadReferenceRuntime } from '../support/node-runtime'
import { Opcode, protocolsFor, rawConnect, rawUpgrade, upgradeRequest, wsFrame } from './edge-hostile-client'
import { readySource, until } from './edge-process'

const TOKEN = 'limits-token'
let renderer: ThreadRenderer
const servers: EdgeServer[] = []
const sized = (id: number, side: number) =>
  sampleRequest(id, { camera: { model: 'perspective', width: side, height: side, fovYDeg: 70 } })

async function server(over: Parameters<typeof startEdgeServer>[1] extends infer O ? Partial<O> : never) {
  const s = await startEdgeServer(renderer, { port: 0, token: TOKEN, ...over })
  servers.push(s)
  return s
}

beforeAll(async () => {
  renderer = await ThreadRenderer.start()
})
afterAll(async () => {
  for (const s of servers) await s.close()
  await renderer.dispose()
})

describe('edge server limits', () => {
  it('caps TCP connections in total: the next one gets 503 and is closed; a freed slot is reused', async () => {
    const edge = await server({ maxConnections: 3 })
    const held = await Promise.all([1, 2, 3].map(() => rawConnect(edge.url)))
    await until(() => edge.metrics.tcpConnectionsOpen === 3)
    const extra = await rawConnect(edge.url)
    await extra.closed
    expect(extra.received().toString()).toMatch(/^HTTP\/1.1 503/)
    expect(edge.metrics.refusedByReason.get('max_connections')).toBe(1)
    held[0]!.socket.destroy()
    await until(() => edge.metrics.tcpConnectionsOpen === 2)
    const source = await readySource(edge.url, TOKEN)
    expect((await source.render(sized(1, 16))).requestId).toBe(1)
    source.dispose()
    for (const h of held) h.socket.destroy()
  })

  it('caps connections per remote address separately from the total', async () => {
    const edge = await server({ maxConnections: 50, maxConnectionsPerAddress: 2 })
    const held = await Promise.all([1, 2].map(() => rawConnect(edge.url)))
    const third = await rawConnect(edge.url)
    await third.closed
    expect(third.received().toString()).toMatch(/^HTTP\/1.1 503/)
    expect(edge.metrics.refusedByReason.get('max_connections_per_address')).toBe(1)
    expect(edge.metrics.refusedByReason.get('max_connections')).toBeUndefined()
    for (const h of held) h.socket.destroy()
  })

  it('drops a slowloris handshake (one byte at a time) at the deadline, and serves others meanwhile', async () => {
    const edge = await server({ handshakeTimeoutMs: 400 })
    const slow = await rawConnect(edge.url)
    const request = upgradeRequest(new URL(edge.url).host, protocolsFor(TOKEN))
    const t0 = Date.now()
    let i = 0
    const drip = setInterval(() => slow.socket.write(request[i++ % request.length]!), 40)
    const source = await readySource(edge.url, TOKEN)
    expect((await source.render(sized(2, 16))).requestId).toBe(2)
    await slow.closed
    clearInterval(drip)
    const lived = Date.now() - t0
    expect(lived).toBeGreaterThanOrEqual(350)
    expect(lived).toBeLessThan(2000)
    expect(edge.metrics.refusedByReason.get('handshake_timeout')).toBe(1)
    // A socket that finished its upgrade is not subject to the deadline.
    await new Promise((r) => setTimeout(r, 500))
    expect((await source.render(sized(3, 16))).requestId).toBe(3)
    source.dispose()
  })

  it('answers busy when the model queue across all connections is full', async () => {
    const edge = await server({ maxQueuedFrames: 1, maxInFlightPerConnection: 4 })
    const a = await readySource(edge.url, TOKEN)
    const b = await readySource(edge.url, TOKEN)
    const results = await Promise.allSettled([
      ...[10, 11, 12].map((id) => a.render(sized(id, 192))),
      ...[20, 21, 22].map((id) => b.render(sized(id, 192))),
    ])
    const busy = results.filter(
      (r) => r.status === 'rejected' && (r.reason as EdgeRequestError).code === WireErrorCode.Busy,
    )
    // One runs, one waits; the other four are turned away at once rather than queued without bound.
    expect(busy.length).toBe(4)
    expect(edge.metrics.busyByReason.get('queue_full')).toBe(4)
    a.dispose()
    b.dispose()
  })

  it('limits how fast one connection hops to new places (each can cost a prepare), not how often it returns', async () => {
    const edge = await server({ newPlacesPerSecond: 0.001, newPlacesBurst: 3 })
    const a = await readySource(edge.url, TOKEN)
    const at = (id: number, x: number) =>
      sampleRequest(id, {
        pose: { position: [x, 30, 0], rotation: [0, 0, 0, 1] },
        camera: { model: 'perspective', width: 32, height: 32, fovYDeg: 70 },
      })
    // Three new 512 m squares, then back to the first and elsewhere in the second: all served.
    for (const [id, x] of [
      [1, 0],
      [2, 600],
      [3, 1200],
      [4, 10],
      [5, 700],
    ] as const)
      expect((await a.render(at(id, x))).requestId).toBe(id)
    // A fourth new square within the burst's refill time is refused with the reason.
    const refused = await a.render(at(6, 1900)).catch((e: unknown) => e as EdgeRequestError)
    expect(refused).toBeInstanceOf(EdgeRequestError)
    expect((refused as EdgeRequestError).code).toBe(WireErrorCode.RateLimited)
    expect((refused as EdgeRequestError).message).toMatch(/too many new places/)
    // The places it knows are still served.
    expect((await a.render(at(7, 1100))).requestId).toBe(7)
    a.dispose()
  })

  it('while draining, hostile peers on open sockets do not stop queued frames arriving intact', async () => {
    const edge = await server({ refusedGraceMs: 200 })
    const good = await readySource(edge.url, TOKEN)
    const reqs = [sized(40, 128), sized(41, 128)]
    const runtime = await loadReferenceRuntime()
    const want = await Promise.all(reqs.map((r) => runtime.render(r)))
    const hostile = await Promise.all([1, 2, 3].map(() => rawUpgrade(edge.url, protocolsFor(TOKEN))))
    const frames = Promise.all(reqs.map((r) => good.render(r)))
    await until(() => edge.requestsInFlight === 2)
    const stopping = edge.shutdown()
    hostile[0]!.socket.write(wsFrame(Opcode.binary, Buffer.alloc(10), { declaredLength: 70 * 2 ** 20 }))
    hostile[1]!.socket.write(Buffer.concat(Array.from({ length: 500 }, () => wsFrame(Opcode.ping))))
    hostile[2]!.socket.write(wsFrame(Opcode.close, Buffer.from([0x03, 0xe8, 0xff, 0xfe])))
    const late = await rawConnect(edge.url)
    late.socket.write(upgradeRequest(new URL(edge.url).host, protocolsFor(TOKEN)))
    const got = await frames
    for (const [i, f] of got.entries()) {
      expect(Buffer.from(f.rgba).equals(Buffer.from(want[i]!.rgba))).toBe(true)
      expect(Buffer.from(f.depth.buffer).equals(Buffer.from(want[i]!.depth.buffer))).toBe(true)
    }
    await stopping
    await late.closed
    expect(late.received().toString()).toMatch(/^HTTP\/1.1 503/)
    await Promise.all(hostile.map((h) => h.closed))
    good.dispose()
  })

  it('exports limits and refusals in /metrics', async () => {
    const edge = await server({ maxConnections: 7 })
    const wrong = await rawUpgrade(edge.url, protocolsFor('nope'))
    await wrong.closed
    const text = await (await fetch(edge.url.replace('ws:', 'http:') + '/metrics')).text()
    expect(text).toMatch(/^worldwalk_edge_limit\{name="max_connections"\} 7$/m)
    expect(text).toMatch(/^worldwalk_edge_refused_total\{reason="unauthorized"\} 1$/m)
    expect(text).toMatch(/^worldwalk_edge_tcp_connections \d+$/m)
    expect(text).toMatch(/^worldwalk_edge_heap_bytes \d+$/m)
  })
})
