import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startEdgeServer, type EdgeServer } from '../../src/edge/server'
import { EdgeSource, type WebSocketConstructor } from '../../src/sources/edge-source'
import { SourceSelector } from '../../src/sources/source-selector'
import { sampleRequest } from '../support/fixtures'
import { ThreadRenderer } from '../../src/edge/thread-renderer'

// Two edge servers on loopback stand for "edge" and "the next source": the browser worker cannot run
// in Node, and the e2e suite covers edge -> worker in Chromium. What is tested here is the selector.
const TOKEN = 'fallback-token'
const req = (id: number) =>
  sampleRequest(id, { camera: { model: 'perspective', width: 32, height: 32, fovYDeg: 70 } })

let renderer: ThreadRenderer
let backup: EdgeServer

const source = (url: string) =>
  new EdgeSource({
    url,
    token: TOKEN,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    backoffMs: 50,
    maxBackoffMs: 200,
  })

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

beforeAll(async () => {
  renderer = await ThreadRenderer.start()
  backup = await startEdgeServer(renderer, { port: 0, token: TOKEN })
})
afterAll(async () => {
  await backup.close()
  await renderer.dispose()
})

describe('source selection with fallback', () => {
  it('uses the preferred source, falls back when it dies mid-request without losing the request, and returns when it is back', async () => {
    let primary = await startEdgeServer(renderer, { port: 0, token: TOKEN })
    const port = primary.port
    const first = source(primary.url)
    const second = source(backup.url)
    const selector = new SourceSelector([first, second])
    await until(() => first.status().health === 'ready' && second.status().health === 'ready')
    expect(selector.status().active?.kind).toBe('edge')
    expect(selector.active()).toBe(first)

    const before = backup.metrics.framesTotal
    const pending = selector.render(req(1))
    await primary.close() // dies with the request in flight
    const frame = await pending
    expect(frame.requestId).toBe(1)
    expect(backup.metrics.framesTotal).toBe(before + 1)
    expect(selector.active()).toBe(second)

    primary = await startEdgeServer(renderer, { port, token: TOKEN })
    await until(() => first.status().health === 'ready')
    expect(selector.active()).toBe(first)
    await selector.render(req(2))
    expect(primary.metrics.framesTotal).toBe(1)

    selector.dispose()
    first.dispose()
    second.dispose()
    await primary.close()
  })

  it('reports every source when none can serve', async () => {
    const dead = source('ws://127.0.0.1:9') // discard port: nothing listens
    const selector = new SourceSelector([dead])
    await until(() => dead.status().health === 'failed')
    await expect(selector.render(req(3), undefined, 300)).rejects.toThrow(
      /all sources: .*edge: connection closed/,
    )
    selector.dispose()
    dead.dispose()
  })
})
