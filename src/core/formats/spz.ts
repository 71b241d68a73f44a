/**
 * Niantic's .spz (https://github.com/nianticlabs/spz). Versions 1-3 are one gzip stream holding
 * a 16-byte header and the attribute arrays (spz-packed.ts); version 4 is an uncompressed "NGSP"
 * header with one ZSTD stream per array (spz-ngsp.ts). This reader takes 1-4; the writer makes 3
 * (the default: Spark 2.2 reads 1-3 only) or 4. Axes are RUB, the same as three.js, unless a v4
 * file says otherwise in Adobe's coordinate-system extension record.
 *
 * Round-trip error of write -> read (see tests/unit/formats-roundtrip.test.ts), v3 and v4 alike:
 * position <= 2^-(fractionalBits+1) m (0.12 mm at the default 12 bits), colour <= 0.0045,
 * opacity <= 0.5/255, log scale <= 1/32 (3.2 %) inside [e^-10, e^5.9] m, rotation angle <= 0.2 deg.
 */
import type { SplatBatch } from '../lift/splat-batch'
import { FormatError } from './format-error'
import { gunzipCapped, gzip } from './gzip'
import { checkFinite, checkSplatCount, type ImportedSplats } from './imported'
import type { ImportLimits } from './limits'
import {
  readNgsp,
  SPZ_EXT_COORDINATE_SYSTEM,
  SPZ_FLAG_ANTIALIASED,
  SPZ_FLAG_EXTENSIONS,
  SPZ_MAGIC,
  SPZ_NEWEST_VERSION,
  writeNgsp,
  type SpzExtensionRecord,
} from './spz-ngsp'
import {
  fractionalBitsFor,
  packSpz,
  SPZ_ATTRIBUTES,
  SPZ_MAX_SH_DEGREE,
  spzAttributeBytes,
  spzBytesPerSplat,
  unpackSpz,
  type SpzLayout,
  type SpzPacked,
} from './spz-packed'

export { SPZ_MAGIC } from './spz-ngsp'
export {
  fractionalBitsFor,
  packQuatSmallestThree,
  shDimForDegree,
  unpackQuatSmallestThree,
} from './spz-packed'
export const SPZ_HEADER_BYTES = 16
export type SpzVersion = 3 | 4

export interface SpzWriteOptions {
  /** @default 3, which Spark 2.2 reads; 4 is ZSTD (Niantic's current writer, PlayCanvas). */
  version?: SpzVersion
  /**
   * Fractional bits of the fixed-point positions. @default 12 (0.24 mm steps, +-2 km), the
   * reference encoder's choice; lowered automatically when the splats reach further out.
   */
  fractionalBits?: number
  /** v4 zstd level. @default 12, the reference writer's */
  zstdLevel?: number
  /** v4 only: raw extension records (tests use this to make files as other writers do). */
  extensions?: readonly { type: number; payload: Uint8Array }[]
}

/** Encodes the batch as an spz file (SH degree 0), v3 unless options.version says 4. */
export async function writeSpz(b: SplatBatch, options: SpzWriteOptions = {}): Promise<Uint8Array> {
  const version = options.version ?? 3
  const bits = fractionalBitsFor(b, options.fractionalBits ?? 12)
  const packed = packSpz(b, bits)
  if (version === 4)
    return writeNgsp(packed, b.count, bits, {
      level: options.zstdLevel ?? 12,
      ...(options.extensions ? { extensions: options.extensions } : {}),
    })
  if (version !== 3) throw new RangeError(`spz: cannot write version ${String(version)} (3 or 4)`)
  const raw = new Uint8Array(SPZ_HEADER_BYTES + b.count * spzBytesPerSplat({ version: 3, shDegree: 0, fractionalBits: bits })) // prettier-ignore
  const view = new DataView(raw.buffer)
  view.setUint32(0, SPZ_MAGIC, true)
  view.setUint32(4, 3, true)
  view.setUint32(8, b.count, true)
  raw[13] = bits // SH degree (12) 0, flags (14) none
  let o = SPZ_HEADER_BYTES
  for (const a of SPZ_ATTRIBUTES) {
    raw.set(packed[a], o)
    o += packed[a].length
  }
  return gzip(raw)
}

interface LegacyHeader extends SpzLayout {
  count: number
  flags: number
}

function versionError(version: number): FormatError {
  return version > SPZ_NEWEST_VERSION
    ? new FormatError('unsupported', `SPZ version ${version} is newer than this reader (1-4)`, 'spz')
    : version === 4
      ? new FormatError(
          'bad-header',
          'SPZ version 4 inside gzip (v4 files are ZSTD with an NGSP header)',
          'spz',
        )
      : new FormatError('bad-header', `SPZ version ${version} does not exist (1-4)`, 'spz')
}

function parseLegacyHeader(head: Uint8Array, limits: ImportLimits): LegacyHeader {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  if (view.getUint32(0, true) !== SPZ_MAGIC)
    throw new FormatError('unknown-format', 'gzip content is not an spz stream (no NGSP magic)', 'spz')
  const version = view.getUint32(4, true)
  if (version < 1 || version > 3) throw versionError(version)
  const count = view.getUint32(8, true)
  const shDegree = head[12]!
  const fractionalBits = head[13]!
  const flags = head[14]!
  if (shDegree > SPZ_MAX_SH_DEGREE)
    throw new FormatError('bad-header', `SH degree ${shDegree} (at most ${SPZ_MAX_SH_DEGREE})`, 'spz')
  if (fractionalBits > 23)
    throw new FormatError('bad-header', `${fractionalBits} fractional bits (at most 23)`, 'spz')
  if (flags & SPZ_FLAG_EXTENSIONS)
    throw new FormatError('unsupported', 'gzip spz files with extension records are not read', 'spz')
  checkSplatCount(count, limits, 'spz')
  return { version, count, shDegree, fractionalBits, flags }
}

async function readLegacy(bytes: Uint8Array, limits: ImportLimits): Promise<ImportedSplats> {
  let header: LegacyHeader | undefined
  const raw = await gunzipCapped(bytes, {
    cap: limits.maxInflatedBytes,
    headLength: SPZ_HEADER_BYTES,
    format: 'spz',
    expect: (head) => {
      header = parseLegacyHeader(head, limits)
      return SPZ_HEADER_BYTES + header.count * spzBytesPerSplat(header)
    },
  })
  const h = header!
  const packed = {} as SpzPacked
  let o = SPZ_HEADER_BYTES
  for (const a of SPZ_ATTRIBUTES) {
    const len = spzAttributeBytes(a, h.count, h)
    packed[a] = raw.subarray(o, o + len)
    o += len
  }
  return finish(unpackSpz(packed, h.count, h), h, [])
}

/**
 * Axis flips from the storage axes to RUB for Adobe's coordinate-system record: 1-8 name the
 * eight axis-aligned systems (LDB, RDB, LUB, RUB, LDF, RDF, LUF, RUF); bits 0, 1, 2 of (value - 1)
 * mean right, up, front; 0 is unspecified (RUB). 9-16 need a rotation we do not apply.
 */
function axisFlips(extensions: readonly SpzExtensionRecord[]): [number, number, number] {
  const rec = extensions.find((e) => e.type === SPZ_EXT_COORDINATE_SYSTEM)
  if (!rec) return [1, 1, 1]
  if (rec.payload.length < 4)
    throw new FormatError('bad-header', 'coordinate-system record shorter than 4 bytes', 'spz')
  const v = new DataView(rec.payload.buffer, rec.payload.byteOffset, 4).getUint32(0, true)
  if (v === 0) return [1, 1, 1]
  if (v > 8)
    throw new FormatError('unsupported', `coordinate system ${v} (only axis flips, 0-8, are read)`, 'spz')
  const bits = v - 1
  return [bits & 1 ? 1 : -1, bits & 2 ? 1 : -1, bits & 4 ? -1 : 1]
}

function finish(
  s: SplatBatch,
  h: SpzLayout & { flags: number },
  extensions: readonly SpzExtensionRecord[],
): ImportedSplats {
  const [fx, fy, fz] = axisFlips(extensions)
  if (fx !== 1 || fy !== 1 || fz !== 1) {
    // A mirror of axes a and b keeps rotations about the third axis; q's x, y, z follow suit.
    const fq = [fy * fz, fx * fz, fx * fy]
    for (let i = 0; i < s.count; i++) {
      s.centers[3 * i] = s.centers[3 * i]! * fx
      s.centers[3 * i + 1] = s.centers[3 * i + 1]! * fy
      s.centers[3 * i + 2] = s.centers[3 * i + 2]! * fz
      for (let a = 0; a < 3; a++) s.quats[4 * i + a] = s.quats[4 * i + a]! * fq[a]!
    }
  }
  checkFinite(s, 'spz')
  return {
    kind: 'splats',
    format: 'spz',
    splats: s,
    shDegree: h.shDegree,
    version: h.version,
    antialiased: (h.flags & SPZ_FLAG_ANTIALIASED) !== 0,
    ...(extensions.length
      ? {
          extensions: extensions.map((e) => ({
            type: e.type,
            bytes: e.bytes,
            ...(e.name ? { name: e.name } : {}),
          })),
        }
      : {}),
  }
}

/** True when the bytes start like an spz file of any version (gzip, or a raw NGSP header). */
export function looksLikeSpz(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return true
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === SPZ_MAGIC
}

/** Decodes an spz file (versions 1 to 4) into three.js-axes splats. */
export async function readSpz(bytes: Uint8Array, limits: ImportLimits): Promise<ImportedSplats> {
  if (bytes.length > limits.maxBytes)
    throw new FormatError('too-large', `${bytes.length} bytes, over the ${limits.maxBytes}-byte limit`, 'spz')
  if (bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === SPZ_MAGIC) {
    const f = readNgsp(bytes, limits)
    return finish(unpackSpz(f.packed, f.count, f), f, f.extensions)
  }
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new FormatError('unknown-format', 'neither gzip (spz 1-3) nor an NGSP header (spz 4)', 'spz')
  return readLegacy(bytes, limits)
}
