/**
 * Issue 17's reproduction: a refused socket (no `worldwalk.v1` sub-protocol, or a wrong token) that
 * sends one 70 MB message while the server closes it used to raise an unhandled `error` and end the
 * process. Here against the real `npm run edge` process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CLOSE_CODES, TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL } from '../../src/core/wire'
import { sampleRequest } from '../support/fixtures'
import { loadReferenceRuntime } from '../support/node-runtime'
import { readySource, spawnEdge, type EdgeProcess } from './edge-process'

const TOKEN = 'refused-crash-token'
let edge: EdgeProcess

beforeAll(async () => {
  edge = await spawnEdge(TOKEN)
}, 90_000)
afterAll(() => edge.stop())

/** Opens a socket the server will refuse, fires 70 MB at it, and reports how it ended. */
function oversizedOnRefused(protocols: string[]): Promise<{ code: number; error?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(edge.url, protocols)
    let error: string | undefined
    ws.on('error', (e) => (error = e.message))
    ws.on('open', () => ws.send(Buffer.alloc(70 * 1024 * 1024, 7)))
    ws.on('close', (code) => resolve({ code, ...(error ? { error } : {}) }))
  })
}

describe('a refused socket sending an oversized frame (issue 17)', () => {
  it.each([
    ['no sub-protocol', ['something-else'], CLOSE_CODES.protocolError],
    ['wrong token', [WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + 'wrong'], CLOSE_CODES.unauthorized],
    ['missing token', [WIRE_SUBPROTOCOL], CLOSE_CODES.unauthorized],
  ])('%s: the socket is closed or cut, and the process keeps serving', async (_, protocols, code) => {
    const results = await Promise.all([1, 2, 3].map(() => oversizedOnRefused(protocols)))
    for (const r of results) {
      // The peer sees the refusal's code if it read the close frame before being cut off, else 1006.
      expect([code, 1006, 1009]).toContain(r.code)
    }
    await new Promise((r) => setTimeout(r, 300))
    expect(edge.exited(), edge.log()).toBeNull()
    const good = await readySource(edge.url, TOKEN)
    const req = sampleRequest(17, { camera: { model: 'perspective', width: 32, height: 32, fovYDeg: 70 } })
    const [remote, local] = await Promise.all([
      good.render(req),
      loadReferenceRuntime().then((r) => r.render(req)),
    ])
    expect(remote.rgba).toEqual(local.rgba)
    expect(remote.depth).toEqual(local.depth)
    good.dispose()
  })
})
