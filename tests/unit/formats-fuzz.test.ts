/**
 * Thousands of random and mutated files through every reader: each must either parse into finite
 * splats or throw a FormatError, never anything else, and never hang. Seeded, so a failure
 * reproduces; the seed and mutation are in the assertion message.
 */
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  FormatError,
  heightFieldCollider,
  importLimits,
  makeWorldFile,
  readSplatFile,
  writeGlb,
  writePly,
  writeSplat,
  writeSpz,
  writeWorldJson,
  type ImportedFile,
} from '../../src/core/formats'
import { styleVector } from '../../src/core/style'
import { rng } from '../support/fixtures'
import { randomBatch } from '../support/formats-fixtures'

/** Small caps, so lies about counts and sizes hit a limit quickly. */
const limits = importLimits('standalone', { maxSplats: 50_000, maxInflatedBytes: 4 * 2 ** 20 })

type Outcome = 'ok' | FormatError['code']

async function outcome(bytes: Uint8Array, name: string, what: string): Promise<Outcome> {
  let file: ImportedFile
  try {
    file = await readSplatFile(bytes, { name, limits })
  } catch (err) {
    if (!(err instanceof FormatError)) throw new Error(`${what}: threw ${String(err)}`, { cause: err })
    return err.code
  }
  if (file.kind === 'splats') {
    const s = file.splats
    for (const arr of [s.centers, s.scales, s.quats, s.colors, s.opacities])
      for (let i = 0; i < arr.length; i++)
        if (!Number.isFinite(arr[i])) throw new Error(`${what}: non-finite output`)
  }
  return 'ok'
}

function mutate(src: Uint8Array, r: () => number): { bytes: Uint8Array; how: string } {
  const b = src.slice()
  const kind = Math.floor(r() * 5)
  const at = (): number => Math.floor(r() * b.length)
  switch (kind) {
    case 0: {
      const n = Math.floor(r() * b.length)
      return { bytes: b.subarray(0, n), how: `truncate to ${n}` }
    }
    case 1: {
      const flips = 1 + Math.floor(r() * 8)
      for (let i = 0; i < flips; i++) b[at()]! ^= 1 << Math.floor(r() * 8)
      return { bytes: b, how: `${flips} bit flips` }
    }
    case 2: {
      // Header region: where lies about counts, versions and lengths live.
      const o = Math.floor(r() * Math.min(b.length, 400))
      for (let i = 0; i < 4 && o + i < b.length; i++) b[o + i] = Math.floor(r() * 256)
      return { bytes: b, how: `header bytes at ${o}` }
    }
    case 3: {
      const extra = new Uint8Array(1 + Math.floor(r() * 64)).map(() => Math.floor(r() * 256))
      const out = new Uint8Array(b.length + extra.length)
      out.set(b)
      out.set(extra, b.length)
      return { bytes: out, how: `append ${extra.length}` }
    }
    default: {
      const o = at()
      const n = Math.min(b.length - o, 1 + Math.floor(r() * 32))
      b.fill(r() < 0.5 ? 0 : 0xff, o, o + n)
      return { bytes: b, how: `fill ${n} at ${o}` }
    }
  }
}

/** The spz payload before gzip, so header lies can be written inside the stream. */
function rawSpz(count: number, declared: number, version = 3, sh = 0): Uint8Array {
  const per = 9 + 1 + 3 + 3 + (version >= 3 ? 4 : 3) + 3 * ((sh + 1) ** 2 - 1)
  const raw = new Uint8Array(16 + count * per)
  const v = new DataView(raw.buffer)
  v.setUint32(0, 0x5053474e, true)
  v.setUint32(4, version, true)
  v.setUint32(8, declared, true)
  raw[12] = sh
  raw[13] = 12
  return raw
}

describe('format fuzz', () => {
  it('survives 4800 mutated files of every format (spz v3 and v4) without a crash or a hang', async () => {
    const b = randomBatch(40, 21, 30)
    const seeds: [string, Uint8Array][] = [
      ['a.spz', await writeSpz(b)],
      ['b.spz', await writeSpz(b, { version: 4 })],
      ['a.ply', writePly(b)],
      ['a.splat', writeSplat(b)],
      ['a.glb', writeGlb(b, { collider: heightFieldCollider(b) })],
      [
        'a.json',
        writeWorldJson(
          makeWorldFile(
            'fuzz',
            [{ id: 'base', center: [0, 0], radius: 100, seed: 3, style: styleVector() }],
            {
              position: [0, 1.7, 0],
              rotation: [0, 0, 0, 1],
            },
          ),
        ),
      ],
    ]
    const t0 = performance.now()
    const counts = new Map<string, number>()
    const perSeed = 800
    for (const [name, src] of seeds) {
      expect(await outcome(src, name, `${name} unmodified`)).toBe('ok')
      const r = rng(name.length * 7919 + src.length)
      for (let i = 0; i < perSeed; i++) {
        const { bytes, how } = mutate(src, r)
        const got = await outcome(bytes, name, `${name} #${i}: ${how}`)
        counts.set(got, (counts.get(got) ?? 0) + 1)
      }
    }
    const ms = performance.now() - t0
    // Loose: the whole run takes a few seconds on two cores; a hang or quadratic blow-up would not.
    expect(ms).toBeLessThan(60_000)
    expect([...counts.values()].reduce((a, c) => a + c, 0)).toBe(seeds.length * perSeed)
    expect(counts.get('ok') ?? 0).toBeLessThan(seeds.length * perSeed) // mutations are mostly caught
  }, 120_000)

  it('survives 1000 random files, some with valid magic', async () => {
    const r = rng(99)
    const prefixes = ['', 'ply\nformat binary_little_endian 1.0\n', 'glTF', '\x1f\x8b', '{']
    for (let i = 0; i < 1000; i++) {
      const prefix = new TextEncoder().encode(prefixes[i % prefixes.length]!)
      const body = new Uint8Array(Math.floor(r() * 512)).map(() => Math.floor(r() * 256))
      const bytes = new Uint8Array(prefix.length + body.length)
      bytes.set(prefix)
      bytes.set(body, prefix.length)
      await outcome(bytes, i % 7 === 0 ? 'x.splat' : 'x.bin', `random #${i}`)
    }
  }, 60_000)

  it('refuses header lies and gzip bombs by their declared sizes', async () => {
    const code = (bytes: Uint8Array, name = 'x.spz'): Promise<Outcome> => outcome(bytes, name, name)
    // A count beyond the device cap is refused from the 16-byte header alone.
    expect(await code(gzipSync(rawSpz(1, 4_000_000_000)))).toBe('too-many-splats')
    expect(await code(gzipSync(rawSpz(1, 49_000, 3, 4)))).toBe('too-large') // 49k x 92 bytes > 4 MiB cap
    // Declares 10 splats, then inflates to 64 MiB of zeros: stopped at the declared size.
    const bomb = new Uint8Array(64 * 2 ** 20)
    bomb.set(rawSpz(0, 10))
    const t0 = performance.now()
    expect(await code(gzipSync(bomb))).toBe('length-mismatch')
    // No header at all: stopped at the inflate cap, not at 64 MiB.
    expect(await code(gzipSync(new Uint8Array(64 * 2 ** 20)))).toBe('unknown-format')
    expect(performance.now() - t0).toBeLessThan(10_000)
    expect(await code(gzipSync(rawSpz(5, 6)))).toBe('length-mismatch')
    expect(await code(gzipSync(rawSpz(5, 5, 5)))).toBe('unsupported') // version 5: newer than the reader
    expect(await code(gzipSync(rawSpz(5, 5, 3, 5)))).toBe('bad-header')
    expect(await code(gzipSync(rawSpz(5, 5)).subarray(0, 30))).toBe('bad-compression')

    const ply = new TextDecoder('latin1').decode(writePly(randomBatch(3, 1)))
    const lie = (from: string, to: string): Uint8Array =>
      Uint8Array.from(ply.replace(from, to), (c) => c.charCodeAt(0))
    expect(await code(lie('element vertex 3', 'element vertex 4'), 'x.ply')).toBe('length-mismatch')
    expect(await code(lie('element vertex 3', 'element vertex 9999999999'), 'x.ply')).toBe('too-many-splats')
    expect(await code(lie('binary_little_endian', 'ascii'), 'x.ply')).toBe('unsupported')
    expect(await code(lie('property float opacity', 'property float opaque'), 'x.ply')).toBe('unsupported')
    expect(await code(lie('end_header', 'end_headex'), 'x.ply')).toBe('bad-header')
    const huge = new Uint8Array(200 * 1024).fill(0x20)
    huge.set(new TextEncoder().encode('ply\n'))
    expect(await code(huge, 'x.ply')).toBe('too-large') // no end_header within the header cap

    expect(await code(writeSplat(randomBatch(3, 1)).subarray(0, 95), 'x.splat')).toBe('length-mismatch')

    type Doc = { accessors: Record<string, unknown>[]; bufferViews: Record<string, unknown>[] }
    const glb = writeGlb(randomBatch(5, 1))
    const glbLie = (edit: (doc: Doc) => void): Uint8Array => {
      const v = new DataView(glb.buffer)
      const jsonLength = v.getUint32(12, true)
      const doc = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength))) as Doc
      edit(doc)
      const text = new TextEncoder().encode(JSON.stringify(doc))
      const padded = Math.ceil(text.length / 4) * 4
      const bin = glb.subarray(20 + jsonLength)
      const out = new Uint8Array(20 + padded + bin.length).fill(0x20)
      const o = new DataView(out.buffer)
      o.setUint32(0, 0x46546c67, true)
      o.setUint32(4, 2, true)
      o.setUint32(8, out.length, true)
      o.setUint32(12, padded, true)
      o.setUint32(16, 0x4e4f534a, true)
      out.set(text, 20)
      out.set(bin, 20 + padded)
      return out
    }
    expect(
      await code(
        glbLie(() => undefined),
        'x.glb',
      ),
    ).toBe('ok')
    expect(
      await code(
        glbLie((d) => (d.accessors[0]!.count = 1e9)),
        'x.glb',
      ),
    ).toBe('too-many-splats')
    expect(
      await code(
        glbLie((d) => (d.accessors[2]!.count = 6)),
        'x.glb',
      ),
    ).toBe('bad-header')
    expect(
      await code(
        glbLie((d) => (d.bufferViews[2]!.byteLength = 1e9)),
        'x.glb',
      ),
    ).toBe('length-mismatch')
    expect(
      await code(
        glbLie((d) => (d.accessors[2]!.byteOffset = 64)),
        'x.glb',
      ),
    ).toBe('length-mismatch')
    expect(
      await code(
        glbLie((d) => (d.accessors[2]!.bufferView = 99)),
        'x.glb',
      ),
    ).toBe('bad-header')
  }, 60_000)

  it('rejects NaN and infinity in every float format', async () => {
    const bad = randomBatch(4, 2)
    bad.centers[4] = NaN
    expect(await outcome(writePly(bad), 'x.ply', 'nan ply').catch(String)).toBe('non-finite')
    expect(await outcome(writeSplat(bad), 'x.splat', 'nan splat')).toBe('non-finite')
    expect(await outcome(writeGlb(bad), 'x.glb', 'nan glb')).toBe('non-finite')
    const inf = randomBatch(4, 2)
    inf.scales[2] = Infinity
    expect(await outcome(writeSplat(inf), 'x.splat', 'inf splat')).toBe('non-finite')
  })
})
