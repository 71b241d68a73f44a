/**
 * A learned model drops in: a small fixed-seed convolutional network that follows the contract
 * (context frames included) runs through the same runtime, unchanged, on ORT-node and ORT-web.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Frame, FrameRequest } from '../../src/core/frame'
import type { ModelManifestEntry } from '../../src/core/model-contract'
import { yawQuat } from '../../src/core/pose'
import { styleVector } from '../../src/core/style'
import { FrameModelRuntime, FrameRequestError, ModelManifestError } from '../../src/model'
import { ortFor } from '../../src/model/node-loader'
import { buildLearnedNet, learnedManifestEntry, LEARNED_CONTEXT_FRAMES } from '../../models/build/learned-net'

const FILE = 'tiny-learned.onnx'
const bytes = buildLearnedNet()
const entry = learnedManifestEntry(FILE, createHash('sha256').update(bytes).digest('hex'))

async function runtimeOn(backend: 'node' | 'web', e: ModelManifestEntry = entry): Promise<FrameModelRuntime> {
  const { ort, sessionOptions } = await ortFor(backend)
  return FrameModelRuntime.create({
    ort,
    entry: e,
    sessionOptions,
    loadFile: (name) =>
      name === FILE ? Promise.resolve(bytes) : Promise.reject(new Error(`no file ${name}`)),
  })
}

let node: FrameModelRuntime
let web: FrameModelRuntime

beforeAll(async () => {
  node = await runtimeOn('node')
  web = await runtimeOn('web')
}, 180_000)

afterAll(async () => {
  await node?.dispose()
  await web?.dispose()
})

const request: FrameRequest = {
  id: 5,
  pose: { position: [1, 1.7, -2], rotation: yawQuat(0.4) },
  camera: { model: 'perspective', width: 32, height: 24 },
  worldVersion: 3,
  regions: [{ id: 'r', center: [0, 0], radius: 500, style: styleVector({ vegetation: 0.8 }), seed: 9 }],
}

/** A context frame of another size than the request, so the runtime resamples it. */
function contextFrame(shade: number): Frame {
  const width = 16
  const height = 16
  const rgba = new Uint8Array(width * height * 4)
  for (let i = 0; i < width * height; i++) rgba.set([shade, (i * 7) % 256, 255 - shade, 255], i * 4)
  return {
    requestId: 1,
    pose: { position: [0, 1.7, 0], rotation: [0, 0, 0, 1] },
    camera: { model: 'perspective', width, height },
    worldVersion: 3,
    modelId: 'reference-world',
    rgba,
    depth: new Float32Array(width * height).fill(12),
    modelMs: 1,
  }
}

describe('learned-style model through the frame runtime', () => {
  it('loads from its manifest entry and reports its id and backend', () => {
    expect(node.modelId).toBe('tiny-learned-test')
    expect(node.backend).toMatch(/onnxruntime-node/)
    expect(web.backend).toMatch(/onnxruntime-web/)
  })

  it('renders a frame of the requested size, deterministically', async () => {
    const a = await node.render(request)
    const b = await node.render(request)
    // It has no material output (optional in the contract): the frame simply carries none.
    expect(a.material).toBeUndefined()
    expect(a.rgba.length).toBe(32 * 24 * 4)
    expect(a.depth.length).toBe(32 * 24)
    expect(a.depth.every((d) => d > 0)).toBe(true)
    expect(Buffer.from(a.rgba).equals(Buffer.from(b.rgba))).toBe(true)
    // Not a constant image: the network sees per-pixel inputs.
    expect(new Set(a.rgba).size).toBeGreaterThan(16)
  })

  it('uses its context frames: different context, different frame', async () => {
    const none = await node.render(request)
    const ctx = await node.render({ ...request, context: [contextFrame(40), contextFrame(200)] })
    let changed = 0
    for (let i = 0; i < none.rgba.length; i++) if (none.rgba[i] !== ctx.rgba[i]) changed++
    expect(changed).toBeGreaterThan(none.rgba.length / 4)
  })

  it('agrees across ORT-node and ORT-web (wasm) within 1/255', async () => {
    const req = { ...request, context: [contextFrame(90)] }
    const a = await node.render(req)
    const b = await web.render(req)
    let max = 0
    for (let i = 0; i < a.rgba.length; i++) max = Math.max(max, Math.abs(a.rgba[i]! - b.rgba[i]!))
    expect(max).toBeLessThanOrEqual(1)
    for (let i = 0; i < a.depth.length; i++) expect(Math.abs(a.depth[i]! - b.depth[i]!)).toBeLessThan(1e-3)
  })

  it(`rejects more than ${LEARNED_CONTEXT_FRAMES} context frames`, async () => {
    const ctx = Array.from({ length: LEARNED_CONTEXT_FRAMES + 1 }, (_, i) => contextFrame(i * 50))
    await expect(node.render({ ...request, context: ctx })).rejects.toThrow(FrameRequestError)
  })

  it('refuses a manifest entry that does not match the model (context count, hash)', async () => {
    await expect(runtimeOn('node', { ...entry, contextFrames: 0 })).rejects.toThrow(ModelManifestError)
    await expect(runtimeOn('node', { ...entry, sha256: '0'.repeat(64) })).rejects.toThrow(/sha256/)
  })
})
