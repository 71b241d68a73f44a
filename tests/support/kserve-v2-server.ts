/**
 * A stand-in for Triton Inference Server, for tests only: Triton cannot run on this machine, so
 * this serves the KServe v2 HTTP endpoints (health, model metadata, infer with binary tensors)
 * over a model repository written by `npm run triton:repo`, running each model on the real
 * onnxruntime-node. It checks what Triton would check (model exists, input names, byte sizes).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { readdir, readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'

export interface KServeStandIn {
  url: string
  inferCount: number
  close(): Promise<void>
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

export async function startKServeStandIn(repoDir: string): Promise<KServeStandIn> {
  const sessions = new Map<string, ort.InferenceSession>()
  for (const name of await readdir(repoDir)) {
    const config = await readFile(join(repoDir, name, 'config.pbtxt'), 'utf8')
    if (!config.includes('platform: "onnxruntime_onnx"')) throw new Error(`${name}: not an onnxruntime model`)
    sessions.set(
      name,
      await ort.InferenceSession.create(join(repoDir, name, '1', 'model.onnx'), { intraOpNumThreads: 1 }),
    )
  }
  const state = { inferCount: 0 }
  const json = (res: import('node:http').ServerResponse, status: number, value: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value))
  }
  const server: Server = createServer((req, res) => {
    void (async () => {
      const m = /^\/v2\/models\/([^/]+)(\/infer)?$/.exec(req.url ?? '')
      if (req.url === '/v2/health/ready') return json(res, 200, {})
      const session = m ? sessions.get(decodeURIComponent(m[1]!)) : undefined
      if (!m || !session) return json(res, 404, { error: `unknown model or path ${req.url}` })
      const meta = (v: readonly ort.InferenceSession.ValueMetadata[]) =>
        v.map((t) => ({
          name: t.name,
          datatype: 'FP32',
          shape: t.isTensor ? t.shape.map((d) => (typeof d === 'number' ? d : -1)) : [],
        }))
      if (!m[2])
        return json(res, 200, {
          name: m[1],
          platform: 'onnxruntime_onnx',
          inputs: meta(session.inputMetadata),
          outputs: meta(session.outputMetadata),
        })
      const raw = await body(req)
      const headerLength = Number(req.headers['inference-header-content-length'])
      if (!Number.isInteger(headerLength) || headerLength > raw.length)
        return json(res, 400, { error: 'bad Inference-Header-Content-Length' })
      const header = JSON.parse(raw.subarray(0, headerLength).toString('utf8')) as {
        inputs: {
          name: string
          shape: number[]
          datatype: string
          parameters: { binary_data_size: number }
        }[]
        outputs: { name: string }[]
      }
      const feeds: Record<string, ort.Tensor> = {}
      let at = headerLength
      for (const i of header.inputs) {
        const size = i.parameters.binary_data_size
        if (i.datatype !== 'FP32' || size !== i.shape.reduce((a, b) => a * b, 1) * 4)
          return json(res, 400, { error: `input ${i.name}: bad size` })
        feeds[i.name] = new ort.Tensor(
          'float32',
          new Float32Array(raw.buffer.slice(raw.byteOffset + at, raw.byteOffset + at + size)),
          i.shape,
        )
        at += size
      }
      let results: ort.InferenceSession.OnnxValueMapType
      try {
        results = await session.run(feeds)
      } catch (e) {
        return json(res, 400, { error: String(e) })
      }
      state.inferCount++
      const outs = header.outputs.map((o) => results[o.name] as ort.Tensor)
      const outHeader = Buffer.from(
        JSON.stringify({
          model_name: m[1],
          outputs: outs.map((t, k) => ({
            name: header.outputs[k]!.name,
            datatype: 'FP32',
            shape: t.dims,
            parameters: { binary_data_size: (t.data as Float32Array).byteLength },
          })),
        }),
      )
      const blobs = outs.map((t) =>
        Buffer.from(
          (t.data as Float32Array).buffer,
          (t.data as Float32Array).byteOffset,
          (t.data as Float32Array).byteLength,
        ),
      )
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Inference-Header-Content-Length': String(outHeader.length),
      })
      res.end(Buffer.concat([outHeader, ...blobs]))
    })()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get inferCount() {
      return state.inferCount
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
      for (const s of sessions.values()) await s.release()
    },
  }
}
