/**
 * .spz v4 (ZSTD, "NGSP" header): a file made by Niantic's own `ply_to_spz` (tests/data/README.md),
 * files assembled here byte by byte the way the reference writer lays them out (SH degrees up to
 * 4, extension records), the errors that name the problem, and thousands of mutated files.
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  boundsOf,
  FormatError,
  formatSummary,
  importLimits,
  readSplatFile,
  readSpz,
  summarize,
  writeSpz,
  type ImportedFile,
} from '../../src/core/formats'
import { zstdCompress } from '../../src/core/formats/zstd'
import { rng } from '../support/fixtures'
import { randomBatch } from '../support/formats-fixtures'

const limits = importLimits('standalone', { maxSplats: 50_000, maxInflatedBytes: 4 * 2 ** 20 })

async function codeOf(bytes: Uint8Array): Promise<string> {
  try {
    await readSpz(bytes, limits)
    return 'ok'
  } catch (err) {
    if (!(err instanceof FormatError)) throw err
    return `${err.code}: ${err.message}`
  }
}

interface NgspSpec {
  version?: number
  count: number
  shDegree?: number
  streams?: number
  /** Stream contents before compression; default: zero-filled arrays of the right sizes. */
  arrays?: Uint8Array[]
  extensions?: { type: number; payload: Uint8Array }[]
  flags?: number
}

/** A v4 file laid out as the reference `saveSpz` does, from scratch (not through our writer). */
async function ngsp(spec: NgspSpec): Promise<Uint8Array> {
  const n = spec.count
  const sh = spec.shDegree ?? 0
  const sizes = [9 * n, n, 3 * n, 3 * n, 4 * n, 3 * n * ((sh + 1) ** 2 - 1)].filter((s) => s > 0)
  const arrays = spec.arrays ?? sizes.map((s) => new Uint8Array(s).fill(128))
  const chunks = await Promise.all(arrays.map((a) => zstdCompress(a, 3)))
  const ext = spec.extensions ?? []
  const extBytes = ext.reduce((t, e) => t + 8 + e.payload.length, 0)
  const toc = 32 + extBytes
  const out = new Uint8Array(toc + 16 * chunks.length + chunks.reduce((t, c) => t + c.length, 0))
  const v = new DataView(out.buffer)
  v.setUint32(0, 0x5053474e, true)
  v.setUint32(4, spec.version ?? 4, true)
  v.setUint32(8, n, true)
  out[12] = sh
  out[13] = 12
  out[14] = spec.flags ?? (ext.length ? 2 : 0)
  out[15] = spec.streams ?? chunks.length
  v.setUint32(16, toc, true)
  let p = 32
  for (const e of ext) {
    v.setUint32(p, e.type, true)
    v.setUint32(p + 4, e.payload.length, true)
    out.set(e.payload, p + 8)
    p += 8 + e.payload.length
  }
  chunks.forEach((c, i) => {
    v.setUint32(p, c.length, true)
    v.setUint32(p + 8, arrays[i]!.length, true)
    p += 16
  })
  for (const c of chunks) {
    out.set(c, p)
    p += c.length
  }
  return out
}

const u32 = (x: number): Uint8Array => new Uint8Array(new Uint32Array([x]).buffer)

describe('.spz v4', () => {
  it("reads the file Niantic's ply_to_spz wrote from our .ply: spz_info's count and bounds", async () => {
    const bytes = new Uint8Array(readFileSync('tests/data/spz-v4-ply_to_spz.spz'))
    const got = (await readSplatFile(bytes, { name: 'world.spz' })) as ImportedFile & { kind: 'splats' }
    expect(got.format).toBe('spz')
    expect(got.version).toBe(4)
    // Niantic's spz_info on the same file (tests/data/README.md): ply_to_spz keeps the .ply's own
    // axes (x right, y down, z forward), so y and z are the mirror of our .ply import's bounds.
    expect(got.splats.count).toBe(18321)
    const b = boundsOf(got.splats)
    const info = { min: [1.80005, -1.11621, -2.19995], max: [2.19995, -0.800049, -1.80005] }
    for (let a = 0; a < 3; a++) {
      expect(b.min[a]).toBeCloseTo(info.min[a]!, 4)
      expect(b.max[a]).toBeCloseTo(info.max[a]!, 4)
    }
  })

  it("applies the coordinate-system record in a file Niantic's library wrote: their RUB bounds", async () => {
    const bytes = new Uint8Array(readFileSync('tests/data/spz-v4-coordinate-record.spz'))
    const got = await readSpz(bytes, limits)
    expect(got.extensions).toEqual([{ type: 0xadbe0003, bytes: 4, name: 'adobe coordinate system' }])
    expect(got.splats.count).toBe(1500)
    const b = boundsOf(got.splats)
    const niantic = { min: [1.800293, 0.81665, 1.800049], max: [2.199707, 1.091553, 2.169922] }
    for (let a = 0; a < 3; a++) {
      expect(b.min[a]).toBeCloseTo(niantic.min[a]!, 5)
      expect(b.max[a]).toBeCloseTo(niantic.max[a]!, 5)
    }
  })

  it('round-trips our own v4 and reads our v3 and v4 to the same splats', async () => {
    const batch = randomBatch(500, 4, 50)
    const v3 = await readSpz(await writeSpz(batch), limits)
    const v4 = await readSpz(await writeSpz(batch, { version: 4 }), limits)
    expect(v4.version).toBe(4)
    expect(Array.from(v4.splats.colors)).toEqual(Array.from(v3.splats.colors))
    expect(Array.from(v4.splats.scales)).toEqual(Array.from(v3.splats.scales))
  })

  it('still reads v1 gzip files (float16 positions, 3-byte rotations, as v2)', async () => {
    // Two splats: positions (1.5, -2, 0.25) and (0, 0, 0) as halves, then alphas, colours,
    // scales, first-three rotations (x, y, z bytes; 128 is ~0).
    const v1 = [0x3e00, 0xc000, 0x3400, 0, 0, 0]
    const body = [
      ...v1.flatMap((h) => [h & 0xff, h >> 8]),
      ...[255, 128],
      ...new Array<number>(6).fill(128),
      ...new Array<number>(6).fill(160),
      ...new Array<number>(6).fill(128),
    ]
    const raw = new Uint8Array(16 + body.length)
    new DataView(raw.buffer).setUint32(0, 0x5053474e, true)
    new DataView(raw.buffer).setUint32(4, 1, true)
    new DataView(raw.buffer).setUint32(8, 2, true)
    raw.set(body, 16)
    const got = await readSpz(gzipSync(raw), limits)
    expect(got.version).toBe(1)
    expect(Array.from(got.splats.centers)).toEqual([1.5, -2, 0.25, 0, 0, 0])
    expect(got.splats.opacities[0]).toBe(1)
    expect(got.splats.quats[3]).toBeCloseTo(1, 4)
  })

  it('reads SH up to degree 4 and drops the bands above colour; inspect says so', async () => {
    for (const sh of [1, 3, 4]) {
      const got = await readSpz(await ngsp({ count: 7, shDegree: sh }), limits)
      expect(got.shDegree).toBe(sh)
      expect(got.splats.count).toBe(7)
    }
    const file = await readSpz(await ngsp({ count: 7, shDegree: 4 }), limits)
    expect(formatSummary(summarize(file))).toMatch(/degree 4 \(bands above degree 0 read and dropped/)
  })

  it('skips unknown extension records and applies the coordinate-system record', async () => {
    const batch = randomBatch(20, 9, 10)
    const plain = await readSpz(await writeSpz(batch, { version: 4 }), limits)
    const unknown = await readSpz(
      await writeSpz(batch, { version: 4, extensions: [{ type: 0x12345678, payload: new Uint8Array(13) }] }),
      limits,
    )
    expect(Array.from(unknown.splats.centers)).toEqual(Array.from(plain.splats.centers))
    expect(unknown.extensions).toEqual([{ type: 0x12345678, bytes: 13 }])
    // Stored as RDF (x right, y down, z forward: value 6): y and z come back mirrored into RUB.
    const rdf = await readSpz(
      await writeSpz(batch, { version: 4, extensions: [{ type: 0xadbe0003, payload: u32(6) }] }),
      limits,
    )
    for (let i = 0; i < 20; i++) {
      expect(rdf.splats.centers[3 * i]).toBe(plain.splats.centers[3 * i])
      expect(rdf.splats.centers[3 * i + 1]).toBe(-plain.splats.centers[3 * i + 1]!)
      expect(rdf.splats.centers[3 * i + 2]).toBe(-plain.splats.centers[3 * i + 2]!)
      // A 180-degree turn about x: q's y and z change sign.
      expect(rdf.splats.quats[4 * i]).toBe(plain.splats.quats[4 * i])
      expect(rdf.splats.quats[4 * i + 1]).toBe(-plain.splats.quats[4 * i + 1]!)
    }
  })

  it('names the problem: version, truncation, sizes, corrupt streams, bad records', async () => {
    const good = await ngsp({ count: 10 })
    expect(await codeOf(good)).toBe('ok')
    expect(await codeOf(await ngsp({ count: 10, version: 5 }))).toBe(
      'unsupported: spz: SPZ version 5 is newer than this reader (1-4)',
    )
    expect(await codeOf(await ngsp({ count: 10, version: 3 }))).toMatch(
      /^bad-header: .*versions 1-3 are gzip/,
    )
    expect(await codeOf(good.subarray(0, 20))).toMatch(/^length-mismatch: .*truncated: 20 bytes/)
    expect(await codeOf(good.subarray(0, 60))).toMatch(/^length-mismatch: .*truncated: the table of contents/)
    expect(await codeOf(good.subarray(0, good.length - 3))).toMatch(
      /^length-mismatch: .*truncated: stream sh|rotations/,
    )
    expect(await codeOf(await ngsp({ count: 10, streams: 6 }))).toMatch(
      /^bad-header: 6 streams|^bad-header: .*6 streams/,
    )
    expect(await codeOf(await ngsp({ count: 10, shDegree: 5 }))).toMatch(/^bad-header: .*SH degree 5/)
    expect(await codeOf(await ngsp({ count: 60_000 }))).toMatch(/^too-many-splats/)
    // 48k splats at degree 4: 4.4 MB of arrays in a few hundred bytes of zstd, over the 4 MiB cap.
    expect(await codeOf(await ngsp({ count: 48_000, shDegree: 4 }))).toMatch(/^too-large: .*decompress to/)
    // A stream whose TOC entry lies about its decompressed size.
    const lie = good.slice()
    new DataView(lie.buffer).setUint32(32 + 8, 91, true)
    expect(await codeOf(lie)).toMatch(
      /^length-mismatch: .*stream positions declares 91 bytes, the header implies 90/,
    )
    // A stream whose own zstd frame declares a different size than the TOC.
    const arrays = [90, 10, 30, 30, 40].map((s) => new Uint8Array(s))
    arrays[2] = new Uint8Array(31)
    const frameLie = await ngsp({ count: 10, arrays })
    expect(await codeOf(frameLie)).toMatch(/^length-mismatch: .*stream colors declares 31/)
    // A zstd frame that claims more than its TOC entry: refused before fzstd sizes a buffer by it.
    const big = good.slice()
    expect(big[32 + 80 + 4]).toBe(0x20) // single-segment frame with a 1-byte content size
    big[32 + 80 + 5] = 250
    expect(await codeOf(big)).toMatch(
      /^length-mismatch: .*stream positions: the zstd frame holds 250 bytes, the header implies 90/,
    )
    // Corrupt the first stream's compressed bytes (past the frame header).
    const corrupt = good.slice()
    const start = 32 + 16 * 5
    corrupt[start] = 0 // magic
    expect(await codeOf(corrupt)).toMatch(/^bad-compression: .*stream positions: not a zstd frame/)
    const trailing = new Uint8Array(good.length + 4)
    trailing.set(good)
    expect(await codeOf(trailing)).toMatch(/^length-mismatch: .*4 bytes after the last stream/)
    const badRecord = await ngsp({ count: 10, extensions: [{ type: 1, payload: new Uint8Array(8) }] })
    new DataView(badRecord.buffer).setUint32(36, 500, true)
    expect(await codeOf(badRecord)).toMatch(/^bad-header: .*runs past the table of contents/)
    expect(
      await codeOf(await ngsp({ count: 10, extensions: [{ type: 0xadbe0003, payload: u32(12) }] })),
    ).toMatch(/^unsupported: .*coordinate system 12/)
  })

  it('survives 3000 mutated v4 files (ours, hand-made, Niantic-made): FormatError or finite splats, bounded time', async () => {
    const seeds = [
      await writeSpz(randomBatch(30, 2, 20), { version: 4 }),
      await ngsp({ count: 12, shDegree: 2, extensions: [{ type: 0xadbe0003, payload: u32(4) }] }),
      new Uint8Array(readFileSync('tests/data/spz-v4-coordinate-record.spz')),
    ]
    const r = rng(1234)
    const t0 = performance.now()
    const codes = new Map<string, number>()
    for (let i = 0; i < 3000; i++) {
      const b = seeds[i % seeds.length]!.slice()
      const kind = Math.floor(r() * 4)
      let bytes = b
      if (kind === 0) bytes = b.subarray(0, Math.floor(r() * b.length))
      else if (kind === 1)
        for (let k = 0; k < 1 + r() * 6; k++) b[Math.floor(r() * b.length)]! ^= 1 << Math.floor(r() * 8)
      else if (kind === 2) {
        // Header, record and TOC bytes: where sizes and counts live.
        const o = Math.floor(r() * Math.min(b.length, 140))
        for (let k = 0; k < 4 && o + k < b.length; k++) b[o + k] = Math.floor(r() * 256)
      } else b.fill(r() < 0.5 ? 0 : 0xff, Math.floor(r() * b.length), Math.floor(r() * b.length) + 16)
      let code = 'ok'
      try {
        const got = await readSpz(bytes, limits)
        const s = got.splats
        for (const arr of [s.centers, s.scales, s.quats, s.colors, s.opacities])
          for (const v of arr) if (!Number.isFinite(v)) throw new Error(`#${i}: non-finite output`)
      } catch (err) {
        if (!(err instanceof FormatError))
          throw new Error(`#${i} (kind ${kind}): threw ${String(err)}`, { cause: err })
        code = err.code
      }
      codes.set(code, (codes.get(code) ?? 0) + 1)
    }
    expect(performance.now() - t0).toBeLessThan(30_000)
    expect(codes.get('bad-compression') ?? 0).toBeGreaterThan(0)
    expect(codes.get('length-mismatch') ?? 0).toBeGreaterThan(0)
  }, 60_000)
})
