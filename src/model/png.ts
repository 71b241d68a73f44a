/**
 * A minimal PNG encoder (8-bit RGBA or grey, no filtering beyond "Sub"), so the CLI and tests can
 * write frames without an image dependency. Node only (zlib).
 */
import { deflateSync } from 'node:zlib'
import { concatChunks } from '../core/concat-chunks'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length))
  return out
}

/** Encodes `pixels` (row-major from the top-left, `channels` bytes per pixel: 1 grey, 4 RGBA). */
export function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 4 = 4,
): Uint8Array {
  if (pixels.length !== width * height * channels) {
    throw new RangeError(
      `PNG: expected ${width * height * channels} bytes for ${width}x${height}x${channels}`,
    )
  }
  const stride = width * channels
  const raw = new Uint8Array((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1)
    raw[row] = 1 // filter "Sub": neighbouring pixels are similar, so it compresses better
    for (let x = 0; x < stride; x++) {
      const v = pixels[y * stride + x]!
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0
      raw[row + 1 + x] = (v - left) & 0xff
    }
  }
  const header = new Uint8Array(13)
  const hv = new DataView(header.buffer)
  hv.setUint32(0, width)
  hv.setUint32(4, height)
  header[8] = 8
  header[9] = channels === 4 ? 6 : 0
  const signature = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10])
  const parts = [
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]
  return concatChunks(parts, (n) => new Uint8Array(n))
}

/**
 * Metric depth -> 16-bit-looking 8-bit grey for viewing: near is bright, far dark
 * (inverse depth, so detail near the camera is visible), sky black.
 */
export function depthToGrey(depth: Float32Array, nearMetres = 1): Uint8Array {
  const out = new Uint8Array(depth.length)
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i]!
    out[i] =
      d > 0 ? Math.max(1, Math.round(255 * Math.min(1, nearMetres / Math.max(d, nearMetres)) ** 0.5)) : 0
  }
  return out
}
