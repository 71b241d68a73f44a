/**
 * Hostile clients against the real `npm run edge` process, in every connection state: garbage,
 * truncated, oversized and fragmented frames, ping floods, invalid close frames, abrupt
 * disconnects, and a few thousand connect/close cycles. Throughout, one well-behaved client keeps
 * being served frames byte-identical to local renders, every hostile socket is cut by the server
 * within its limit, and the process never exits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ATTACKS, hostileStates, limitFlags, runAttack } from './edge-hostile-attacks'
import { rawConnect } from './edge-hostile-client'
import { goodClient, scrapeMetric, spawnEdge, wsClientOptions, type EdgeProcess } from './edge-process'

const TOKEN = 'hostile-matrix-token'
// Handshake and heartbeat are kept well above event-loop stalls on a loaded 2-core CI box: honest
// upgrades and the good client must keep up.
const LIMITS = { handshakeMs: 2000, graceMs: 300, heartbeatMs: 2000 }
const STATES = hostileStates(TOKEN, LIMITS)
let edge: EdgeProcess
let good: Awaited<ReturnType<typeof goodClient>>

async function goodClientServed(): Promise<void> {
  await good.check()
  expect(edge.exited(), edge.log()).toBeNull()
}

const metric = (name: string): Promise<number> => scrapeMetric(edge.url, name)

beforeAll(async () => {
  edge = await spawnEdge(TOKEN, limitFlags(LIMITS))
  good = await goodClient(edge.url, TOKEN)
  await goodClientServed()
}, 90_000)
afterAll(async () => {
  good?.dispose()
  await edge?.stop()
})

describe('hostile clients in every connection state (real edge process)', () => {
  for (const [name, state] of Object.entries(STATES)) {
    it(`${name}: every attack is cut within ${state.cutWithinMs} ms; the good client is served`, async () => {
      const outcomes = await Promise.all(
        Object.entries(ATTACKS).map(async ([name, attack]) => ({
          name,
          ...(await runAttack(edge.url, state, attack)),
        })),
      )
      expect(outcomes.filter((o) => !o.cut).map((o) => o.name)).toEqual([])
      await goodClientServed()
    })
  }

  it('two thousand authenticated connect/close cycles and a thousand TCP connect/resets', async () => {
    const heapBefore = await metric('worldwalk_edge_heap_bytes')
    const cycle = (): Promise<void> =>
      new Promise((resolve) => {
        const ws = new WebSocket(edge.url, wsClientOptions(TOKEN))
        ws.on('error', () => {})
        ws.on('message', () => ws.close())
        ws.on('close', () => resolve())
      })
    const reset = async (): Promise<void> => void (await rawConnect(edge.url)).socket.resetAndDestroy()
    for (let round = 0; round < 100; round++) {
      await Promise.all([...Array.from({ length: 20 }, cycle), ...Array.from({ length: 10 }, reset)])
      if (round % 25 === 0) await goodClientServed()
    }
    await goodClientServed()
    // Every socket of the storm is gone: only the good client's connection (and this scrape) is left.
    let open = Infinity
    const end = Date.now() + 5000
    while (Date.now() < end && (open = await metric('worldwalk_edge_tcp_connections')) > 2)
      await new Promise((r) => setTimeout(r, 100))
    expect(open).toBeLessThanOrEqual(2)
    expect(await metric('worldwalk_edge_connections')).toBe(1)
    const heapGrowthMb = ((await metric('worldwalk_edge_heap_bytes')) - heapBefore) / 2 ** 20
    expect(heapGrowthMb).toBeLessThan(64)
    expect(edge.exited(), edge.log()).toBeNull()
  })
})
