/**
 * Opt-in fuzz (not part of CI's default run): `WORLDWALK_EDGE_FUZZ=20000 npx vitest run --project
 * integration tests/integration/edge-fuzz.test.ts`. That many hostile connections, each a random
 * attack in a random connection state, 200 at a time, against the real `npm run edge` process. Every
 * 1000 connections the well-behaved client must get a frame byte-identical to a local render; at the
 * end the process is up and serving and holds no hostile socket. Writes tests/output/edge-fuzz.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rng } from '../support/fixtures'
import { ATTACKS, hostileStates, limitFlags, runAttack } from './edge-hostile-attacks'
import { goodClient, scrapeMetric, spawnEdge, type EdgeProcess } from './edge-process'

const COUNT = Number(process.env.WORLDWALK_EDGE_FUZZ ?? 0)
const CONCURRENCY = 200
const TOKEN = 'fuzz-token'
const LIMITS = { handshakeMs: 2000, graceMs: 200, heartbeatMs: 3000 }
let edge: EdgeProcess
let good: Awaited<ReturnType<typeof goodClient>>

beforeAll(async () => {
  if (!COUNT) return
  edge = await spawnEdge(TOKEN, [
    ...limitFlags(LIMITS),
    '--max-connections=1000',
    '--max-connections-per-address=1000',
  ])
  good = await goodClient(edge.url, TOKEN)
}, 90_000)
afterAll(async () => {
  good?.dispose()
  await edge?.stop()
})

describe.skipIf(!COUNT)(`edge fuzz: ${COUNT} hostile connections`, () => {
  it('the server is up, serving and clean at the end', { timeout: 30 * 60_000 }, async () => {
    const states = Object.entries(hostileStates(TOKEN, LIMITS, 3000))
    const attacks = Object.entries(ATTACKS)
    const next = rng(17)
    const notCut = new Map<string, number>()
    const failedToStart = new Map<string, number>()
    let started = 0
    let done = 0
    let goodChecks = 0
    const heapStart = await scrapeMetric(edge.url, 'worldwalk_edge_heap_bytes')
    const t0 = Date.now()
    const worker = async (): Promise<void> => {
      while (started < COUNT) {
        started++
        const [sName, state] = states[Math.floor(next() * states.length)]!
        const [aName, attack] = attacks[Math.floor(next() * attacks.length)]!
        const key = `${sName} / ${aName}`
        try {
          const r = await runAttack(edge.url, state, attack)
          if (!r.cut) notCut.set(key, (notCut.get(key) ?? 0) + 1)
        } catch (err) {
          // e.g. the upgrade was refused for being over a connection cap: counted, not fatal.
          const why = `${sName}: ${String(err).slice(0, 60)}`
          failedToStart.set(why, (failedToStart.get(why) ?? 0) + 1)
        }
        if (++done % 1000 === 0) {
          await good.check()
          goodChecks++
          expect(edge.exited(), edge.log()).toBeNull()
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    await good.check()
    goodChecks++
    await new Promise((r) => setTimeout(r, 2 * LIMITS.heartbeatMs))
    const report = {
      connections: done,
      seconds: (Date.now() - t0) / 1000,
      concurrency: CONCURRENCY,
      goodClientChecks: goodChecks,
      goodClientReconnects: good.reconnects(),
      notCutInTime: Object.fromEntries(notCut),
      failedToReachState: Object.fromEntries(failedToStart),
      tcpConnectionsLeft: await scrapeMetric(edge.url, 'worldwalk_edge_tcp_connections'),
      refusedByReason: Object.fromEntries(
        [
          ...(await (await fetch(edge.url.replace('ws:', 'http:') + '/metrics')).text()).matchAll(
            /^worldwalk_edge_refused_total\{reason="([^"]+)"\} (\d+)$/gm,
          ),
        ].map((m) => [m[1], Number(m[2])]),
      ),
      heapGrowthMb: ((await scrapeMetric(edge.url, 'worldwalk_edge_heap_bytes')) - heapStart) / 2 ** 20,
      exited: edge.exited(),
    }
    await mkdir('tests/output', { recursive: true })
    await writeFile('tests/output/edge-fuzz.json', JSON.stringify(report, null, 2))
    console.log(JSON.stringify(report))
    expect(report.exited).toBeNull()
    expect(report.notCutInTime).toEqual({})
    expect(report.tcpConnectionsLeft).toBeLessThanOrEqual(2)
  })
})
