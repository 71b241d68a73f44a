import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { TritonRenderer } from '../../src/edge/triton-renderer'
import { startEdgeServer } from '../../src/edge/server'
import { decodeInferResponse, encodeInferRequest, KServeError } from '../../src/edge/triton/kserve-v2'
import { EdgeSource, type WebSocketConstructor } from '../../src/sources/edge-source'
import type { FrameModelRuntime } from '../../src/model'
import { sampleRequest } from '../support/fixtures'
import { startKServeStandIn, type KServeStandIn } from '../support/kserve-v2-server'
import { loadReferenceRuntime } from '../support/node-runtime'

// Triton Inference Server cannot run here (no GPU, no container engine). The repository that
// `npm run triton:repo` writes is served by an in-test KServe v2 server over real onnxruntime-node;
// the adapter under test is the same code that talks to a real Triton.
let repo: string
let standIn: KServeStandIn
let triton: FrameModelRuntime

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'worldwalk-triton-'))
  await promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'triton-repo', '--out', repo], {
    cwd: join(import.meta.dirname, '..', '..'),
  })
  standIn = await startKServeStandIn(repo)
  triton = await TritonRenderer.connect({ url: standIn.url })
}, 120_000)

afterAll(async () => {
  await triton?.dispose()
  await standIn?.close()
  await rm(repo, { recursive: true, force: true })
})

describe('Triton / KServe v2 adapter', () => {
  it('writes a model repository with configs for both stages', async () => {
    const config = await readFile(join(repo, 'worldwalk-reference', 'config.pbtxt'), 'utf8')
    expect(config).toMatch(/platform: "onnxruntime_onnx"/)
    expect(config).toMatch(/name: "pixel_uv"\n {4}data_type: TYPE_FP32\n {4}dims: \[ 1, -1, -1, 2 \]/)
    const prepare = await readFile(join(repo, 'worldwalk-reference-prepare', 'config.pbtxt'), 'utf8')
    expect(prepare).toMatch(/name: "regions"/)
  })

  it('renders the same frame as onnxruntime-node in-process (within 1/255)', async () => {
    const req = sampleRequest(1, { camera: { model: 'perspective', width: 48, height: 32, fovYDeg: 70 } })
    const [remote, local] = [await triton.render(req), await (await loadReferenceRuntime()).render(req)]
    expect(triton.backend).toBe('triton')
    let worst = 0
    for (let i = 0; i < local.rgba.length; i++)
      worst = Math.max(worst, Math.abs(local.rgba[i]! - remote.rgba[i]!))
    expect(worst).toBeLessThanOrEqual(1)
    for (let i = 0; i < local.depth.length; i++) expect(remote.depth[i]).toBeCloseTo(local.depth[i]!, 3)
    expect(standIn.inferCount).toBe(2) // prepare once, then the frame
  })

  it('serves edge clients with the Triton backend', async () => {
    const edge = await startEdgeServer(triton, { port: 0, token: 't' })
    const source = new EdgeSource({
      url: edge.url,
      token: 't',
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    })
    while (source.status().health !== 'ready') await new Promise((r) => setTimeout(r, 10))
    expect(source.status().backend).toBe('triton')
    const frame = await source.render(
      sampleRequest(2, { camera: { model: 'perspective', width: 32, height: 32, fovYDeg: 70 } }),
    )
    expect(frame.rgba.length).toBe(32 * 32 * 4)
    source.dispose()
    await edge.close()
  })

  it('reports a missing model and malformed responses clearly', async () => {
    await expect(TritonRenderer.connect({ url: standIn.url, model: 'nope' })).rejects.toThrow(
      /model nope(-prepare)? is not available/,
    )
    const { body, headerLength } = encodeInferRequest([], ['rgb'])
    expect(() => decodeInferResponse(body, headerLength)).toThrow(KServeError)
    const lying = new TextEncoder().encode(
      JSON.stringify({
        outputs: [{ name: 'rgb', shape: [2], datatype: 'FP32', parameters: { binary_data_size: 8 } }],
      }),
    )
    expect(() => decodeInferResponse(lying, lying.length)).toThrow(/not a complete binary FP32 tensor/)
  })
})
