/**
 * ZSTD for .spz v4, from npm (see README "File formats" for the choice):
 * - decompression: `fzstd`, pure JavaScript (MIT, ~24 KB), synchronous, the same code in the
 *   browser, the import worker and Node, nothing to fetch or instantiate;
 * - compression: `@bokuweb/zstd-wasm` (MIT), the reference zstd compiled to wasm (a 250 KB .wasm
 *   the bundler emits beside the worker; Node reads it from the package), loaded on first use so
 *   only a v4 export pays for it. It copies its output out of wasm memory with one slice;
 *   `@hpcc-js/wasm-zstd` spreads it through a JS array, 10x slower at 9 MB (measured).
 *
 * fzstd trusts the frame it is given (it sizes its output from the frame header), so every stream
 * is checked here first, reading headers only: exactly one frame, no dictionary, the declared
 * content size equal to what the spz header implies, and block headers that end exactly at the
 * stream's end. Output is therefore never larger than the caller's expected size.
 */
import { decompress } from 'fzstd'
import { FormatError } from './format-error'

const FRAME_MAGIC = 0xfd2fb528
const MAX_BLOCK = 128 * 1024

export interface ZstdFrameInfo {
  /** Declared decompressed size, or undefined when the frame does not say. */
  contentSize: number | undefined
  windowSize: number
  /** An upper bound on the decompressed size from the block headers. */
  maxOutput: number
}

/** Reads a zstd frame's header and block headers (no decoding); throws FormatError when malformed. */
export function zstdFrameInfo(s: Uint8Array, what: string, format = 'spz'): ZstdFrameInfo {
  const bad = (why: string): FormatError => new FormatError('bad-compression', `${what}: ${why}`, format)
  if (s.length < 6) throw bad(`${s.length} bytes, too short for a zstd frame`)
  const magic = (s[0]! | (s[1]! << 8) | (s[2]! << 16) | (s[3]! << 24)) >>> 0
  if (magic !== FRAME_MAGIC) throw bad('not a zstd frame (bad magic)')
  const fhd = s[4]!
  const fcsFlag = fhd >> 6
  const singleSegment = (fhd >> 5) & 1
  const checksum = (fhd >> 2) & 1
  const dictFlag = fhd & 3
  if (fhd & 0x08) throw bad('reserved frame-header bit set')
  let pos = 5
  let windowSize = 0
  if (!singleSegment) {
    const wd = s[pos++]!
    const base = 2 ** (10 + (wd >> 3))
    windowSize = base + (base / 8) * (wd & 7)
  }
  const dictBytes = [0, 1, 2, 4][dictFlag]!
  let dictId = 0
  for (let i = 0; i < dictBytes; i++) dictId += (s[pos + i] ?? 0) * 2 ** (8 * i)
  if (dictId !== 0) throw bad('needs a zstd dictionary, which spz never uses')
  pos += dictBytes
  const fcsBytes = fcsFlag === 0 ? singleSegment : [0, 2, 4, 8][fcsFlag]!
  if (pos + fcsBytes > s.length) throw bad('truncated frame header')
  let contentSize: number | undefined
  if (fcsBytes > 0) {
    contentSize = 0
    for (let i = 0; i < fcsBytes; i++) contentSize += s[pos + i]! * 2 ** (8 * i)
    if (fcsFlag === 1) contentSize += 256
  }
  pos += fcsBytes
  if (singleSegment) windowSize = contentSize!
  let maxOutput = 0
  for (;;) {
    if (pos + 3 > s.length) throw bad('truncated (a block header is missing)')
    const bh = s[pos]! | (s[pos + 1]! << 8) | (s[pos + 2]! << 16)
    pos += 3
    const last = bh & 1
    const type = (bh >> 1) & 3
    const size = bh >>> 3
    if (type === 3) throw bad('reserved block type')
    if (size > MAX_BLOCK) throw bad(`block of ${size} bytes, over zstd's ${MAX_BLOCK}`)
    maxOutput += type === 2 ? MAX_BLOCK : size
    pos += type === 1 ? 1 : size
    if (pos > s.length) throw bad(`truncated (a block runs ${pos - s.length} bytes past the end)`)
    if (last) break
  }
  pos += checksum * 4
  if (pos !== s.length)
    throw bad(pos > s.length ? 'truncated (checksum missing)' : `${s.length - pos} bytes after the frame`)
  return { contentSize, windowSize, maxOutput }
}

/**
 * Decompresses one zstd stream that must hold exactly `expected` bytes. Never allocates more than
 * `expected` (plus fzstd's few bytes of state); anything else is a FormatError naming `what`.
 */
export function zstdDecompressExact(
  s: Uint8Array,
  expected: number,
  what: string,
  format = 'spz',
): Uint8Array {
  const info = zstdFrameInfo(s, what, format)
  if (info.contentSize === undefined)
    throw new FormatError('unsupported', `${what}: the zstd frame does not declare its size`, format)
  if (info.contentSize !== expected)
    throw new FormatError(
      'length-mismatch',
      `${what}: the zstd frame holds ${info.contentSize} bytes, the header implies ${expected}`,
      format,
    )
  if (info.maxOutput < expected)
    throw new FormatError('length-mismatch', `${what}: its blocks cannot hold ${expected} bytes`, format)
  let out: Uint8Array
  try {
    out = decompress(s)
  } catch (err) {
    throw new FormatError('bad-compression', `${what}: corrupt zstd data (${(err as Error).message})`, format)
  }
  if (out.length !== expected)
    throw new FormatError(
      'length-mismatch',
      `${what}: decompressed to ${out.length} bytes, not ${expected}`,
      format,
    )
  return out
}

type Compress = (data: Uint8Array, level?: number) => Uint8Array
let compressor: Promise<Compress> | undefined

/** zstd-compresses `bytes` (one frame with its content size, as the reference writer makes). */
export async function zstdCompress(bytes: Uint8Array, level: number): Promise<Uint8Array> {
  compressor ??= import('@bokuweb/zstd-wasm').then(async (m) => {
    await m.init()
    return m.compress
  })
  const compress = await compressor
  return compress(bytes, level)
}
