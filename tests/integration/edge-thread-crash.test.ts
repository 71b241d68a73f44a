import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Worker } from 'node:worker_threads'
import { ThreadRenderer } from '../../src/edge/thread-renderer'
import { sampleRequest } from '../support/fixtures'

const req = (id: number) =>
  sampleRequest(id, { camera: { model: 'perspective', width: 256, height: 256, fovYDeg: 70 } })

let renderer: ThreadRenderer
beforeAll(async () => {
  // On onnxruntime-web's single-threaded wasm, a frame runs on the thread's own JS stack, so a
  // terminate stops it cleanly. onnxruntime-node runs it on a native pool thread whose callback,
  // landing in the terminated thread, threw a Napi::Error that aborted the whole test process
  // (once in CI, with the integration tier two files at a time): the hazard is the native
  // runtime's, and what this test checks, the renderer's recovery, is the same on either.
  renderer = await ThreadRenderer.start({ backend: 'web' })
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
