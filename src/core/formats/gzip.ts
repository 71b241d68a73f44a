/**
 * gzip through the platform's CompressionStream / DecompressionStream (browsers, workers and
 * Node 18+), so core stays free of node:zlib. Inflation is streamed and capped: a gzip bomb is
 * stopped after `cap` bytes, not after it has filled memory.
 */
import { FormatError } from './format-error'
import { concatChunks } from '../concat-chunks'

async function drain(stream: ReadableStream<Uint8Array>, onChunk: (c: Uint8Array) => void): Promise<void> {
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      onChunk(value)
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined)
    throw err
  }
}

const byteArray = (n: number): Uint8Array => new Uint8Array(n)

function streamOf(bytes: Uint8Array): ReadableStream<BufferSource> {
  return new ReadableStream<BufferSource>({
    start(controller) {
      // The streams take ArrayBuffer-backed views; ours never sit on a SharedArrayBuffer.
      controller.enqueue(bytes as Uint8Array<ArrayBuffer>)
      controller.close()
    },
  })
}

/** gzip-compresses `bytes`. Deterministic for a given platform zlib (the header's mtime is 0). */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let total = 0
  await drain(streamOf(bytes).pipeThrough(new CompressionStream('gzip')), (c) => {
    chunks.push(c)
    total += c.length
  })
  return concatChunks(chunks, byteArray, total)
}

export interface InflateOptions {
  /** Hard cap on inflated bytes. */
  cap: number
  /**
   * Once `headLength` bytes are inflated, returns the exact total the header declares (it may
   * throw to reject the header). Inflating then stops at that size, and a shorter stream is an error.
   */
  expect?: (head: Uint8Array) => number
  headLength?: number
  format?: string
}

/** Inflates a gzip stream without ever holding more than the cap (or the declared size). */
export async function gunzipCapped(bytes: Uint8Array, o: InflateOptions): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let total = 0
  let limit = o.cap
  let expected: number | undefined
  const headLength = o.headLength ?? 16
  const stream = streamOf(bytes).pipeThrough(new DecompressionStream('gzip'))
  try {
    await drain(stream, (c) => {
      total += c.length
      if (o.expect && expected === undefined && total >= headLength) {
        expected = o.expect(concatChunks([...chunks, c], byteArray, total).subarray(0, headLength))
        if (expected > o.cap)
          throw new FormatError(
            'too-large',
            `declares ${expected} bytes, over the ${o.cap}-byte limit`,
            o.format,
          )
        limit = expected
      }
      if (total > limit) {
        throw expected !== undefined
          ? new FormatError(
              'length-mismatch',
              `more data than the header declares (${expected} bytes)`,
              o.format,
            )
          : new FormatError('too-large', `inflates past the ${o.cap}-byte limit`, o.format)
      }
      chunks.push(c)
    })
  } catch (err) {
    if (err instanceof FormatError) throw err
    // DecompressionStream reports corrupt or truncated input as a TypeError.
    throw new FormatError('bad-compression', `corrupt gzip stream (${(err as Error).message})`, o.format)
  }
  if (o.expect && expected === undefined)
    throw new FormatError(
      'length-mismatch',
      `only ${total} bytes inflated, shorter than the header`,
      o.format,
    )
  if (expected !== undefined && total !== expected)
    throw new FormatError('length-mismatch', `header declares ${expected} bytes, data has ${total}`, o.format)
  return concatChunks(chunks, byteArray, total)
}
