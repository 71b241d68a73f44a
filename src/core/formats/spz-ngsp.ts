/**
 * The .spz v4 container (Niantic's reference `load-spz.cc`, "NGSP" file header): uncompressed
 *
 *   [32-byte header][extension records][table of contents][ZSTD stream]...
 *
 * header: magic "NGSP" u32, version u32, splat count u32, SH degree u8, fractional bits u8,
 * flags u8 (1 antialiased, 2 has extensions), stream count u8, TOC offset u32, 12 reserved bytes.
 * Extension records fill [32, TOC offset): u32 type, u32 payload length, payload. The TOC holds a
 * (compressed u64, decompressed u64) pair per stream; streams follow it back to back, one per
 * non-empty attribute in the order of SPZ_ATTRIBUTES, each its own zstd frame. All little-endian.
 */
import { FormatError } from './format-error'
import { checkSplatCount } from './imported'
import type { ImportLimits } from './limits'
import {
  SPZ_ATTRIBUTES,
  SPZ_MAX_SH_DEGREE,
  spzAttributeBytes,
  type SpzAttribute,
  type SpzLayout,
  type SpzPacked,
} from './spz-packed'
import { zstdCompress, zstdDecompressExact } from './zstd'

export const SPZ_MAGIC = 0x5053474e // "NGSP" little-endian
export const SPZ_NGSP_HEADER_BYTES = 32
export const SPZ_NEWEST_VERSION = 4
export const SPZ_FLAG_ANTIALIASED = 0x1
export const SPZ_FLAG_EXTENSIONS = 0x2
/** Adobe's record naming the axes the data is stored in (payload: one u32, see COORDINATE_SYSTEMS). */
export const SPZ_EXT_COORDINATE_SYSTEM = 0xadbe0003
const KNOWN_EXTENSIONS: Record<number, string> = {
  0xadbe0002: 'adobe safe orbit camera',
  [SPZ_EXT_COORDINATE_SYSTEM]: 'adobe coordinate system',
}

export interface SpzExtensionRecord {
  type: number
  /** Payload length, bytes. */
  bytes: number
  name?: string
  /** The payload (a view into the file). */
  payload: Uint8Array
}

export interface NgspFile extends SpzLayout {
  count: number
  flags: number
  extensions: SpzExtensionRecord[]
  packed: SpzPacked
}

function u64(view: DataView, o: number): number {
  const hi = view.getUint32(o + 4, true)
  // Anything >= 2^32 is over every limit we have; saturate rather than lose precision.
  return hi !== 0 ? Number.MAX_SAFE_INTEGER : view.getUint32(o, true)
}

function readExtensions(bytes: Uint8Array, end: number): SpzExtensionRecord[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: SpzExtensionRecord[] = []
  let o = SPZ_NGSP_HEADER_BYTES
  while (o < end) {
    if (o + 8 > end)
      throw new FormatError(
        'bad-header',
        `extension record at byte ${o} has no room for its 8-byte header`,
        'spz',
      )
    const type = view.getUint32(o, true)
    const len = view.getUint32(o + 4, true)
    if (len > end - o - 8)
      throw new FormatError(
        'bad-header',
        `extension record 0x${type.toString(16)} at byte ${o} (${len} bytes) runs past the table of contents`,
        'spz',
      )
    const name = KNOWN_EXTENSIONS[type]
    out.push({ type, bytes: len, ...(name ? { name } : {}), payload: bytes.subarray(o + 8, o + 8 + len) })
    o += 8 + len
  }
  return out
}

/** The attributes that have a stream for this layout (empty arrays get none). */
function streamsFor(n: number, layout: SpzLayout): { attr: SpzAttribute; bytes: number }[] {
  return SPZ_ATTRIBUTES.map((attr) => ({ attr, bytes: spzAttributeBytes(attr, n, layout) })).filter(
    (s) => s.bytes > 0,
  )
}

/** Parses and decompresses a v4 file; every size is checked before anything is allocated for it. */
export function readNgsp(bytes: Uint8Array, limits: ImportLimits): NgspFile {
  if (bytes.length < SPZ_NGSP_HEADER_BYTES)
    throw new FormatError(
      'length-mismatch',
      `truncated: ${bytes.length} bytes, shorter than the ${SPZ_NGSP_HEADER_BYTES}-byte v4 header`,
      'spz',
    )
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(4, true)
  if (version > SPZ_NEWEST_VERSION)
    throw new FormatError('unsupported', `SPZ version ${version} is newer than this reader (1-4)`, 'spz')
  if (version < 4)
    throw new FormatError(
      'bad-header',
      `SPZ version ${version} in an uncompressed NGSP header (versions 1-3 are gzip files)`,
      'spz',
    )
  const count = view.getUint32(8, true)
  const shDegree = bytes[12]!
  const fractionalBits = bytes[13]!
  const flags = bytes[14]!
  const numStreams = bytes[15]!
  const tocOffset = view.getUint32(16, true)
  if (shDegree > SPZ_MAX_SH_DEGREE)
    throw new FormatError('bad-header', `SH degree ${shDegree} (at most ${SPZ_MAX_SH_DEGREE})`, 'spz')
  if (fractionalBits > 23)
    throw new FormatError('bad-header', `${fractionalBits} fractional bits (at most 23)`, 'spz')
  checkSplatCount(count, limits, 'spz')
  const layout: SpzLayout = { version, shDegree, fractionalBits }
  const streams = streamsFor(count, layout)
  const inflated = streams.reduce((t, s) => t + s.bytes, 0)
  if (inflated > limits.maxInflatedBytes)
    throw new FormatError(
      'too-large',
      `${count} splats at SH degree ${shDegree} decompress to ${inflated} bytes, over the ${limits.maxInflatedBytes}-byte limit`,
      'spz',
    )
  if (numStreams !== streams.length)
    throw new FormatError(
      'bad-header',
      `${numStreams} streams in the header, ${streams.length} expected for SH degree ${shDegree}`,
      'spz',
    )
  if (tocOffset < SPZ_NGSP_HEADER_BYTES || tocOffset > bytes.length)
    throw new FormatError(
      tocOffset > bytes.length ? 'length-mismatch' : 'bad-header',
      `table of contents at byte ${tocOffset}, outside the ${SPZ_NGSP_HEADER_BYTES}..${bytes.length} the file has`,
      'spz',
    )
  const tocEnd = tocOffset + 16 * numStreams
  if (tocEnd > bytes.length)
    throw new FormatError('length-mismatch', `truncated: the table of contents ends at byte ${tocEnd}, the file at ${bytes.length}`, 'spz') // prettier-ignore
  // Records between the header and the TOC are only defined when the flag says so.
  const extensions = flags & SPZ_FLAG_EXTENSIONS ? readExtensions(bytes, tocOffset) : []
  let o = tocEnd
  const slices: Uint8Array[] = []
  for (let i = 0; i < numStreams; i++) {
    const { attr, bytes: want } = streams[i]!
    const compressed = u64(view, tocOffset + 16 * i)
    const declared = u64(view, tocOffset + 16 * i + 8)
    if (declared !== want)
      throw new FormatError('length-mismatch', `stream ${attr} declares ${declared} bytes, the header implies ${want}`, 'spz') // prettier-ignore
    if (compressed > bytes.length - o)
      throw new FormatError(
        'length-mismatch',
        `truncated: stream ${attr} needs ${compressed} bytes, ${bytes.length - o} are left`,
        'spz',
      )
    slices.push(bytes.subarray(o, o + compressed))
    o += compressed
  }
  if (o !== bytes.length)
    throw new FormatError('length-mismatch', `${bytes.length - o} bytes after the last stream`, 'spz')
  const packed = {} as SpzPacked
  for (const a of SPZ_ATTRIBUTES) packed[a] = new Uint8Array(0)
  streams.forEach((s, i) => {
    packed[s.attr] = zstdDecompressExact(slices[i]!, s.bytes, `stream ${s.attr}`)
  })
  return { ...layout, count, flags, extensions, packed }
}

export interface NgspWriteOptions {
  /** zstd level; the reference writer uses 12. */
  level: number
  antialiased?: boolean
  /** Raw extension records to store (tests use this to make files like other writers do). */
  extensions?: readonly { type: number; payload: Uint8Array }[]
}

/** Assembles a v4 file from packed arrays (SH degree 0). */
export async function writeNgsp(
  packed: SpzPacked,
  count: number,
  fractionalBits: number,
  o: NgspWriteOptions,
): Promise<Uint8Array> {
  const streams = streamsFor(count, { version: 4, shDegree: 0, fractionalBits })
  const chunks: Uint8Array[] = []
  for (const s of streams) chunks.push(await zstdCompress(packed[s.attr], o.level))
  const ext = o.extensions ?? []
  const extBytes = ext.reduce((t, e) => t + 8 + e.payload.length, 0)
  const tocOffset = SPZ_NGSP_HEADER_BYTES + extBytes
  const total = tocOffset + 16 * chunks.length + chunks.reduce((t, c) => t + c.length, 0)
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)
  view.setUint32(0, SPZ_MAGIC, true)
  view.setUint32(4, 4, true)
  view.setUint32(8, count, true)
  out[12] = 0 // SH degree
  out[13] = fractionalBits
  out[14] = (o.antialiased ? SPZ_FLAG_ANTIALIASED : 0) | (ext.length ? SPZ_FLAG_EXTENSIONS : 0)
  out[15] = chunks.length
  view.setUint32(16, tocOffset, true)
  let p = SPZ_NGSP_HEADER_BYTES
  for (const e of ext) {
    view.setUint32(p, e.type, true)
    view.setUint32(p + 4, e.payload.length, true)
    out.set(e.payload, p + 8)
    p += 8 + e.payload.length
  }
  chunks.forEach((c, i) => {
    view.setUint32(p, c.length, true)
    view.setUint32(p + 8, streams[i]!.bytes, true)
    p += 16
  })
  for (const c of chunks) {
    out.set(c, p)
    p += c.length
  }
  return out
}
