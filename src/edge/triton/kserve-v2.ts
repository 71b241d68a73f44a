/**
 * The KServe v2 inference protocol over HTTP with the binary tensor extension, as Triton Inference
 * Server speaks it: a JSON header, then raw little-endian tensor bytes, with the header's length in
 * `Inference-Header-Content-Length`. No JS client exists on npm; this is plain fetch.
 */
export interface V2Tensor {
  name: string
  shape: number[]
  datatype: 'FP32'
  data: Float32Array
}

interface V2OutputHeader {
  name: string
  shape: number[]
  datatype: string
  parameters?: { binary_data_size?: number }
}

export class KServeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'KServeError'
  }
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Builds an infer request body: JSON header describing each input as binary, then the bytes in order. */
export function encodeInferRequest(
  inputs: V2Tensor[],
  outputs: string[],
): { body: Uint8Array<ArrayBuffer>; headerLength: number } {
  const header = encoder.encode(
    JSON.stringify({
      inputs: inputs.map((t) => ({
        name: t.name,
        shape: t.shape,
        datatype: t.datatype,
        parameters: { binary_data_size: t.data.byteLength },
      })),
      outputs: outputs.map((name) => ({ name, parameters: { binary_data: true } })),
    }),
  )
  const total = header.length + inputs.reduce((n, t) => n + t.data.byteLength, 0)
  const body = new Uint8Array(new ArrayBuffer(total))
  body.set(header, 0)
  let at = header.length
  for (const t of inputs) {
    body.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at)
    at += t.data.byteLength
  }
  return { body, headerLength: header.length }
}

/** Reads an infer response: binary outputs follow the JSON header in the order the header lists them. */
export function decodeInferResponse(body: Uint8Array, headerLength: number | null): Record<string, V2Tensor> {
  const jsonEnd = headerLength ?? body.length
  if (jsonEnd > body.length) throw new KServeError(502, 'inference header is longer than the response')
  let header: { outputs?: V2OutputHeader[]; error?: string }
  try {
    header = JSON.parse(decoder.decode(body.subarray(0, jsonEnd))) as typeof header
  } catch {
    throw new KServeError(502, 'inference response header is not JSON')
  }
  if (!Array.isArray(header.outputs))
    throw new KServeError(502, header.error ?? 'inference response has no outputs')
  const out: Record<string, V2Tensor> = {}
  let at = jsonEnd
  for (const o of header.outputs) {
    if (o.datatype !== 'FP32') throw new KServeError(502, `output ${o.name} is ${o.datatype}, expected FP32`)
    const size = o.parameters?.binary_data_size
    const count = o.shape.reduce((a, b) => a * b, 1)
    if (size === undefined || size !== count * 4 || at + size > body.length) {
      throw new KServeError(502, `output ${o.name} is not a complete binary FP32 tensor`)
    }
    // Copy into an aligned buffer: the body may start at any offset.
    out[o.name] = {
      name: o.name,
      shape: o.shape,
      datatype: 'FP32',
      data: new Float32Array(body.slice(at, at + size).buffer),
    }
    at += size
  }
  return out
}

export async function infer(
  baseUrl: string,
  model: string,
  inputs: V2Tensor[],
  outputs: string[],
): Promise<Record<string, V2Tensor>> {
  const { body, headerLength } = encodeInferRequest(inputs, outputs)
  const res = await fetch(`${baseUrl}/v2/models/${encodeURIComponent(model)}/infer`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/octet-stream',
      'Inference-Header-Content-Length': String(headerLength),
    },
    body,
  })
  const bytes = new Uint8Array(await res.arrayBuffer())
  if (!res.ok) {
    let message = `HTTP ${res.status}`
    try {
      message = (JSON.parse(decoder.decode(bytes)) as { error?: string }).error ?? message
    } catch {
      /* not JSON: keep the status */
    }
    throw new KServeError(res.status, `triton ${model}: ${message}`)
  }
  const h = res.headers.get('Inference-Header-Content-Length')
  return decodeInferResponse(bytes, h === null ? null : Number(h))
}

export interface V2ModelMetadata {
  name: string
  inputs: { name: string; datatype: string; shape: number[] }[]
  outputs: { name: string; datatype: string; shape: number[] }[]
}

export async function modelMetadata(baseUrl: string, model: string): Promise<V2ModelMetadata> {
  const res = await fetch(`${baseUrl}/v2/models/${encodeURIComponent(model)}`)
  if (!res.ok)
    throw new KServeError(res.status, `triton: model ${model} is not available (HTTP ${res.status})`)
  return (await res.json()) as V2ModelMetadata
}
