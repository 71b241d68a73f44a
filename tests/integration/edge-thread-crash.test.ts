import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Worker } from 'node:worker_threads'
import { ThreadRenderer } from '../../src/edge/thread-renderer'
import { sampleRequest } from '../support/fixtures'

const req = (id: number) =>
  sampleRequest(id, { camera: { model: 'perspective', width: 256, height: 256, fovYDeg: 70 } })

let renderer: ThreadRenderer
beforeAll(async () => {
  renderer = await ThreadRenderer.start({ backend: 'node' })
})
afterAll(() => renderer.dispose())

describe('edge model thread', () => {
  it('a thread that dies mid-frame fails that frame clearly, and the next request gets a new thread', async () => {
    await renderer.render(req(1))
    const pending = renderer.render(req(2))
    // Reach into the private worker to simulate a crash (an ORT abort or an OOM kill looks the same to us).
    await (renderer as unknown as { worker: Worker }).worker.terminate()
    await expect(pending).rejects.toThrow(/model thread died/)
    const frame = await renderer.render(req(3))
    expect(frame.requestId).toBe(3)
    expect(frame.rgba.length).toBe(256 * 256 * 4)
  })
})
