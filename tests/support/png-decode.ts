/**
 * Decodes the PNGs that screenshots and the CLI write (8-bit grey, grey+alpha, RGB or RGBA,
 * non-interlaced) to RGBA, so image measurements need no image dependency. Node only (zlib).
 */
import { inflateSync } from 'node:zlib'

export interface DecodedImage {
  width: number
  height: number
  /** RGBA, row-major from the top-left. */
  rgba: Uint8Array
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10]
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 }

export function decodePng(bytes: Uint8Array): DecodedImage {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new Error('PNG: not a PNG file (bad signature)')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let width = 0
  let height = 0
  let colourType = -1
  const idat: Uint8Array[] = []
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = view.getUint32(at)
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8))
    const data = bytes.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = view.getUint32(at + 8)
      height = view.getUint32(at + 12)
      const depth = data[8]
      colourType = data[9]!
      if (depth !== 8) throw new Error(`PNG: bit depth ${depth} is not supported (8 only)`)
      if (data[12] !== 0) throw new Error('PNG: interlaced images are not supported')
      if (CHANNELS[colourType] === undefined) {
        throw new Error(`PNG: colour type ${colourType} is not supported (palette?)`)
      }
    } else if (type === 'IDAT') idat.push(data)
    else if (type === 'IEND') break
    at += 12 + length
  }
  if (width === 0 || height === 0) throw new Error('PNG: no IHDR chunk')
  const channels = CHANNELS[colourType]!
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  if (raw.length < (stride + 1) * height) throw new Error('PNG: image data is truncated')
  const pixels = unfilter(raw, stride, height, channels)
  return { width, height, rgba: toRgba(pixels, width * height, channels) }
}

function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const src = y * (stride + 1) + 1
    const row = y * stride
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp]! : 0
      const b = y > 0 ? out[row - stride + x]! : 0
      const c = x >= bpp && y > 0 ? out[row - stride + x - bpp]! : 0
      let predictor: number
      switch (filter) {
        case 0:
          predictor = 0
          break
        case 1:
          predictor = a
          break
        case 2:
          predictor = b
          break
        case 3:
          predictor = (a + b) >> 1
          break
        case 4: {
          const p = a + b - c
          const pa = Math.abs(p - a)
          const pb = Math.abs(p - b)
          const pc = Math.abs(p - c)
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
          break
        }
        default:
          throw new Error(`PNG: unknown filter type ${filter} in row ${y}`)
      }
      out[row + x] = (raw[src + x]! + predictor) & 0xff
    }
  }
  return out
}

function toRgba(pixels: Uint8Array, count: number, channels: number): Uint8Array {
  if (channels === 4) return pixels
  const out = new Uint8Array(count * 4)
  for (let i = 0; i < count; i++) {
    const grey = channels <= 2
    out[i * 4] = pixels[i * channels]!
    out[i * 4 + 1] = grey ? pixels[i * channels]! : pixels[i * channels + 1]!
    out[i * 4 + 2] = grey ? pixels[i * channels]! : pixels[i * channels + 2]!
    out[i * 4 + 3] = channels === 2 ? pixels[i * 2 + 1]! : 255
  }
  return out
}
