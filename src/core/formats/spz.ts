/**
 * Niantic's .spz (https://github.com/nianticlabs/spz), version 3: a gzip stream holding a 16-byte
 * header and then, attribute by attribute, positions (24-bit fixed point), alphas, colours (SH DC),
 * log scales, rotations ("smallest three", 4 bytes) and higher SH bands. Axes are RUB, the same
 * as three.js, so no axis change is needed either way. The reader also takes version 2 files
 * (3-byte rotations).
 *
 * Round-trip error of write -> read (see tests/unit/formats-roundtrip.test.ts):
 * position <= 2^-(fractionalBits+1) m (0.12 mm at the default 12 bits), colour <= 0.0045,
 * opacity <= 0.5/255, log scale <= 1/32 (3.2 %) inside [e^-10, e^5.9] m, rotation angle <= 0.2 deg.
 */
import { createSplatBatch, type SplatBatch } from '../lift/splat-batch'
import { FormatError } from './format-error'
import { gunzipCapped, gzip } from './gzip'
import { checkFinite, checkSplatCount, type ImportedSplats } from './imported'
import type { ImportLimits } from './limits'
import { clamp01, colorToDc, logScale, SH_C0, toByte } from './splat-math'

export const SPZ_MAGIC = 0x5053474e // "NGSP" little-endian
export const SPZ_HEADER_BYTES = 16
/** Scale of the colour bytes: wider than SH_C0 so DC terms a bit outside [0, 1] survive. */
const COLOR_SCALE = 0.15
const FLAG_ANTIALIASED = 0x1
const FLAG_EXTENSIONS = 0x2
const SQRT1_2 = Math.SQRT1_2
/** Largest 24-bit signed magnitude. */
const FIXED_MAX = 2 ** 23 - 1

export interface SpzWriteOptions {
  /**
   * Fractional bits of the fixed-point positions. @default 12 (0.24 mm steps, +-2 km), the
   * reference encoder's choice; lowered automatically when the splats reach further out.
   */
  fractionalBits?: number
}

/** Coefficients per colour channel for an SH degree (degree 0 has none beyond DC). */
export function shDimForDegree(degree: number): number {
  return (degree + 1) ** 2 - 1
}

function bytesPerSplat(version: number, shDegree: number): number {
  return 9 + 1 + 3 + 3 + (version >= 3 ? 4 : 3) + 3 * shDimForDegree(shDegree)
}

/** The largest fractional-bit count (<= wanted) that fits every coordinate in 24 bits. */
export function fractionalBitsFor(b: SplatBatch, wanted = 12): number {
  let maxAbs = 0
  for (let i = 0; i < 3 * b.count; i++) maxAbs = Math.max(maxAbs, Math.abs(b.centers[i]!))
  let bits = wanted
  while (bits > 0 && Math.round(maxAbs * 2 ** bits) > FIXED_MAX) bits--
  if (Math.round(maxAbs * 2 ** bits) > FIXED_MAX)
    throw new RangeError(`spz: a coordinate of ${maxAbs} m does not fit 24-bit fixed point`)
  return bits
}

/** Packs one unit quaternion (x, y, z, w) as the spz v3 "smallest three" word. */
export function packQuatSmallestThree(x: number, y: number, z: number, w: number): number {
  const q = [x, y, z, w]
  const n = Math.hypot(x, y, z, w) || 1
  let largest = 0
  for (let i = 1; i < 4; i++) if (Math.abs(q[i]!) > Math.abs(q[largest]!)) largest = i
  // q and -q are the same rotation: flip so the dropped component is positive.
  const negate = q[largest]! < 0
  let word = largest
  for (let i = 0; i < 4; i++) {
    if (i === largest) continue
    const v = q[i]! / n
    const negbit = v < 0 !== negate ? 1 : 0
    const mag = Math.min(511, Math.floor(511 * (Math.abs(v) / SQRT1_2) + 0.5))
    word = ((word << 10) | (negbit << 9) | mag) >>> 0
  }
  return word >>> 0
}

/** Unpacks a "smallest three" word into q at offset o (x, y, z, w). */
export function unpackQuatSmallestThree(word: number, q: Float32Array, o: number): void {
  const largest = word >>> 30
  let rest = word
  let sum = 0
  for (let i = 3; i >= 0; i--) {
    if (i === largest) continue
    const mag = rest & 511
    const neg = (rest >>> 9) & 1
    rest >>>= 10
    const v = (SQRT1_2 * mag) / 511
    q[o + i] = neg ? -v : v
    sum += v * v
  }
  q[o + largest] = Math.sqrt(Math.max(0, 1 - sum))
}

/** Encodes the batch as an spz v3 file (SH degree 0). */
export async function writeSpz(b: SplatBatch, options: SpzWriteOptions = {}): Promise<Uint8Array> {
  const n = b.count
  const bits = fractionalBitsFor(b, options.fractionalBits ?? 12)
  const raw = new Uint8Array(SPZ_HEADER_BYTES + n * bytesPerSplat(3, 0))
  const view = new DataView(raw.buffer)
  view.setUint32(0, SPZ_MAGIC, true)
  view.setUint32(4, 3, true)
  view.setUint32(8, n, true)
  raw[12] = 0 // SH degree
  raw[13] = bits
  raw[14] = 0 // flags: not antialiased, no extensions
  raw[15] = 0
  let o = SPZ_HEADER_BYTES
  const k = 2 ** bits
  for (let i = 0; i < 3 * n; i++, o += 3) {
    const fixed = Math.round(b.centers[i]! * k)
    raw[o] = fixed & 0xff
    raw[o + 1] = (fixed >> 8) & 0xff
    raw[o + 2] = (fixed >> 16) & 0xff
  }
  // Alphas are sigmoid(logit) in the file, i.e. the opacity itself.
  for (let i = 0; i < n; i++) raw[o++] = toByte(b.opacities[i]! * 255)
  for (let i = 0; i < 3 * n; i++) raw[o++] = toByte(colorToDc(b.colors[i]!) * COLOR_SCALE * 255 + 127.5)
  for (let i = 0; i < 3 * n; i++) raw[o++] = toByte((logScale(b.scales[i]!) + 10) * 16)
  for (let i = 0; i < n; i++, o += 4) {
    const q = packQuatSmallestThree(
      b.quats[4 * i]!,
      b.quats[4 * i + 1]!,
      b.quats[4 * i + 2]!,
      b.quats[4 * i + 3]!,
    )
    view.setUint32(o, q, true)
  }
  return gzip(raw)
}

interface SpzHeader {
  version: number
  count: number
  shDegree: number
  fractionalBits: number
  flags: number
}

function parseHeader(head: Uint8Array, limits: ImportLimits): SpzHeader {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  if (view.getUint32(0, true) !== SPZ_MAGIC)
    throw new FormatError('unknown-format', 'gzip content is not an spz stream (no NGSP magic)', 'spz')
  const version = view.getUint32(4, true)
  if (version !== 2 && version !== 3)
    throw new FormatError('unsupported', `version ${version} (this reader takes 2 and 3)`, 'spz')
  const count = view.getUint32(8, true)
  const shDegree = head[12]!
  const fractionalBits = head[13]!
  const flags = head[14]!
  if (shDegree > 4) throw new FormatError('bad-header', `SH degree ${shDegree} (at most 4)`, 'spz')
  if (fractionalBits > 23)
    throw new FormatError('bad-header', `${fractionalBits} fractional bits (at most 23)`, 'spz')
  if (flags & FLAG_EXTENSIONS)
    throw new FormatError('unsupported', 'files with spz extension records are not read yet', 'spz')
  checkSplatCount(count, limits, 'spz')
  return { version, count, shDegree, fractionalBits, flags }
}

/** Decodes an spz file (versions 2 and 3) into three.js-axes splats. */
export async function readSpz(bytes: Uint8Array, limits: ImportLimits): Promise<ImportedSplats> {
  if (bytes.length > limits.maxBytes)
    throw new FormatError('too-large', `${bytes.length} bytes, over the ${limits.maxBytes}-byte limit`, 'spz')
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new FormatError('unknown-format', 'not gzip data', 'spz')
  let header: SpzHeader | undefined
  const raw = await gunzipCapped(bytes, {
    cap: limits.maxInflatedBytes,
    headLength: SPZ_HEADER_BYTES,
    format: 'spz',
    expect: (head) => {
      header = parseHeader(head, limits)
      return SPZ_HEADER_BYTES + header.count * bytesPerSplat(header.version, header.shDegree)
    },
  })
  const h = header!
  const n = h.count
  const out = createSplatBatch(n)
  out.count = n
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  let o = SPZ_HEADER_BYTES
  const k = 2 ** -h.fractionalBits
  for (let i = 0; i < 3 * n; i++, o += 3) {
    const fixed = ((raw[o]! | (raw[o + 1]! << 8) | (raw[o + 2]! << 16)) << 8) >> 8 // sign-extend 24 bits
    out.centers[i] = fixed * k
  }
  for (let i = 0; i < n; i++) out.opacities[i] = raw[o++]! / 255
  for (let i = 0; i < 3 * n; i++)
    out.colors[i] = clamp01(0.5 + SH_C0 * ((raw[o++]! / 255 - 0.5) / COLOR_SCALE))
  for (let i = 0; i < 3 * n; i++) out.scales[i] = Math.exp(raw[o++]! / 16 - 10)
  if (h.version >= 3) {
    for (let i = 0; i < n; i++, o += 4) unpackQuatSmallestThree(view.getUint32(o, true), out.quats, 4 * i)
  } else {
    for (let i = 0; i < n; i++, o += 3) {
      const x = raw[o]! / 127.5 - 1
      const y = raw[o + 1]! / 127.5 - 1
      const z = raw[o + 2]! / 127.5 - 1
      out.quats.set([x, y, z, Math.sqrt(Math.max(0, 1 - x * x - y * y - z * z))], 4 * i)
    }
  }
  // Higher SH bands (3 * shDim bytes a splat) follow; their length was checked with the header.
  checkFinite(out, 'spz')
  return {
    kind: 'splats',
    format: 'spz',
    splats: out,
    shDegree: h.shDegree,
    version: h.version,
    antialiased: (h.flags & FLAG_ANTIALIASED) !== 0,
  }
}
