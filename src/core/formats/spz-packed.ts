/**
 * The attribute arrays every .spz version stores (https://github.com/nianticlabs/spz), and how a
 * SplatBatch is quantised into them and back. Versions differ only in the container around these
 * arrays (gzip of one buffer for v1-3, one ZSTD stream per array for v4) and in two encodings:
 * v1 has float16 positions, v1-2 have 3-byte "first three" rotations, v3+ 4-byte "smallest three".
 * The arrays come in this order in every version: positions, alphas, colours, scales, rotations, SH.
 */
import { createSplatBatch, type SplatBatch } from '../lift/splat-batch'
import { clamp01, colorToDc, logScale, SH_C0, toByte } from './splat-math'

/** Scale of the colour bytes: wider than SH_C0 so DC terms a bit outside [0, 1] survive. */
const COLOR_SCALE = 0.15
const SQRT1_2 = Math.SQRT1_2
/** Largest 24-bit signed magnitude. */
const FIXED_MAX = 2 ** 23 - 1
/** Highest SH degree any spz version stores. */
export const SPZ_MAX_SH_DEGREE = 4

export const SPZ_ATTRIBUTES = ['positions', 'alphas', 'colors', 'scales', 'rotations', 'sh'] as const
export type SpzAttribute = (typeof SPZ_ATTRIBUTES)[number]
export type SpzPacked = Record<SpzAttribute, Uint8Array>

/** What decides the size and meaning of the arrays. */
export interface SpzLayout {
  version: number
  shDegree: number
  fractionalBits: number
}

/** Coefficients per colour channel for an SH degree (degree 0 has none beyond DC). */
export function shDimForDegree(degree: number): number {
  return (degree + 1) ** 2 - 1
}

/** Bytes each attribute array holds for `n` splats. */
export function spzAttributeBytes(attr: SpzAttribute, n: number, layout: SpzLayout): number {
  switch (attr) {
    case 'positions': return n * (layout.version === 1 ? 6 : 9)
    case 'alphas': return n
    case 'colors':
    case 'scales': return 3 * n
    case 'rotations': return n * (layout.version >= 3 ? 4 : 3)
    case 'sh': return 3 * n * shDimForDegree(layout.shDegree)
  } // prettier-ignore
}

export function spzBytesPerSplat(layout: SpzLayout): number {
  let total = 0
  for (const a of SPZ_ATTRIBUTES) total += spzAttributeBytes(a, 1, layout)
  return total
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

/** Quantises a batch into v3/v4 arrays (SH degree 0: the batch has colour only). */
export function packSpz(b: SplatBatch, fractionalBits: number): SpzPacked {
  const n = b.count
  const layout: SpzLayout = { version: 3, shDegree: 0, fractionalBits }
  const alloc = (a: SpzAttribute): Uint8Array => new Uint8Array(spzAttributeBytes(a, n, layout))
  const p: SpzPacked = {
    positions: alloc('positions'),
    alphas: alloc('alphas'),
    colors: alloc('colors'),
    scales: alloc('scales'),
    rotations: alloc('rotations'),
    sh: alloc('sh'),
  }
  const k = 2 ** fractionalBits
  for (let i = 0, o = 0; i < 3 * n; i++, o += 3) {
    const fixed = Math.round(b.centers[i]! * k)
    p.positions[o] = fixed & 0xff
    p.positions[o + 1] = (fixed >> 8) & 0xff
    p.positions[o + 2] = (fixed >> 16) & 0xff
  }
  // Alphas are sigmoid(logit) in the file, i.e. the opacity itself.
  for (let i = 0; i < n; i++) p.alphas[i] = toByte(b.opacities[i]! * 255)
  for (let i = 0; i < 3 * n; i++) p.colors[i] = toByte(colorToDc(b.colors[i]!) * COLOR_SCALE * 255 + 127.5)
  for (let i = 0; i < 3 * n; i++) p.scales[i] = toByte((logScale(b.scales[i]!) + 10) * 16)
  const rot = new DataView(p.rotations.buffer)
  for (let i = 0; i < n; i++) {
    const q = b.quats
    rot.setUint32(4 * i, packQuatSmallestThree(q[4 * i]!, q[4 * i + 1]!, q[4 * i + 2]!, q[4 * i + 3]!), true)
  }
  return p
}

/** IEEE half float -> number (v1 positions). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >> 10) & 0x1f
  const frac = h & 0x3ff
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024)
  if (exp === 31) return frac ? NaN : sign * Infinity
  return sign * 2 ** (exp - 15) * (1 + frac / 1024)
}

/**
 * Decodes the arrays into a batch in the file's axes. SH bands beyond DC are not read: the app
 * draws view-independent colour (the caller has already checked the SH array's length).
 */
export function unpackSpz(p: SpzPacked, n: number, layout: SpzLayout): SplatBatch {
  const out = createSplatBatch(n)
  out.count = n
  if (layout.version === 1) {
    const pos = p.positions
    for (let i = 0; i < 3 * n; i++) out.centers[i] = halfToFloat(pos[2 * i]! | (pos[2 * i + 1]! << 8))
  } else {
    const pos = p.positions
    const k = 2 ** -layout.fractionalBits
    for (let i = 0, o = 0; i < 3 * n; i++, o += 3) {
      const fixed = ((pos[o]! | (pos[o + 1]! << 8) | (pos[o + 2]! << 16)) << 8) >> 8 // sign-extend 24 bits
      out.centers[i] = fixed * k
    }
  }
  for (let i = 0; i < n; i++) out.opacities[i] = p.alphas[i]! / 255
  for (let i = 0; i < 3 * n; i++)
    out.colors[i] = clamp01(0.5 + SH_C0 * ((p.colors[i]! / 255 - 0.5) / COLOR_SCALE))
  for (let i = 0; i < 3 * n; i++) out.scales[i] = Math.exp(p.scales[i]! / 16 - 10)
  const r = p.rotations
  if (layout.version >= 3) {
    const view = new DataView(r.buffer, r.byteOffset, r.byteLength)
    for (let i = 0; i < n; i++) unpackQuatSmallestThree(view.getUint32(4 * i, true), out.quats, 4 * i)
  } else {
    for (let i = 0, o = 0; i < n; i++, o += 3) {
      const x = r[o]! / 127.5 - 1
      const y = r[o + 1]! / 127.5 - 1
      const z = r[o + 2]! / 127.5 - 1
      out.quats.set([x, y, z, Math.sqrt(Math.max(0, 1 - x * x - y * y - z * z))], 4 * i)
    }
  }
  return out
}
