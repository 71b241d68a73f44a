/**
 * Export and import speed of every splat format at the standalone cap (1M splats; 200K with
 * --quick), against the "reopen a saved world <= 2 s for 1M splats" budget for the readers.
 * spz v4 (ZSTD) is measured against v3 (gzip) in the same run: medians of 3, time and bytes as
 * ratios. Random splats are a worst case for compression, so the bytes ratio is also given for the
 * real exported world in tests/data (18,321 splats).
 */
import { readFileSync } from 'node:fs'
import {
  importLimits,
  keepMostImportant,
  readGlb,
  readPly,
  readSplat,
  readSpz,
  writeGlb,
  writePly,
  writeSplat,
  writeSpz,
} from '../../src/core/formats'
import { randomBatch } from '../support/formats-fixtures'
import { median, round, timeCalls, type BenchContext, type BenchResult } from './harness'

export const area = 'formats'

async function ms(fn: () => unknown): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

export async function* bench(ctx: BenchContext): AsyncIterable<BenchResult> {
  const n = ctx.quick ? 200_000 : 1_000_000
  const b = randomBatch(n, 1)
  const limits = importLimits('desktop')
  const formats: [string, () => Promise<Uint8Array> | Uint8Array, (x: Uint8Array) => unknown][] = [
    ['spz', () => writeSpz(b), (x) => readSpz(x, limits)],
    ['ply', () => writePly(b), (x) => readPly(x, limits)],
    ['splat', () => writeSplat(b), (x) => readSplat(x, limits)],
    ['glb', () => writeGlb(b), (x) => readGlb(x, limits)],
  ]
  for (const [name, write, read] of formats) {
    let bytes: Uint8Array = new Uint8Array(0)
    const w = await ms(async () => (bytes = await write()))
    yield {
      name: `${area}.${name}_write_ms`,
      value: Math.round(w),
      unit: 'ms',
      splats: n,
      bytes: bytes.length,
    }
    const r = await ms(() => read(bytes))
    yield {
      name: `${area}.${name}_read_ms`,
      value: Math.round(r),
      unit: 'ms',
      splats: n,
      budget: (2000 * n) / 1e6,
    }
  }
  yield* spzVersions(b, n, limits)
  const keep = Math.round(n / 10)
  const cut = median(await timeCalls(() => keepMostImportant(b, keep, [[0, 1.7, 0]]), 3, 0))
  yield { name: `${area}.keep_most_important_ms`, value: Math.round(cut), unit: 'ms', splats: n, kept: keep }
}

async function* spzVersions(
  b: ReturnType<typeof randomBatch>,
  n: number,
  limits: ReturnType<typeof importLimits>,
): AsyncIterable<BenchResult> {
  const v3 = await writeSpz(b)
  const v4 = await writeSpz(b, { version: 4 })
  const write3 = median(await timeCalls(() => writeSpz(b), 3, 0))
  const write4 = median(await timeCalls(() => writeSpz(b, { version: 4 }), 3, 0))
  const read3 = median(await timeCalls(() => readSpz(v3, limits), 3, 0))
  const read4 = median(await timeCalls(() => readSpz(v4, limits), 3, 0))
  const row = (metric: string, value: number, baseline: number, unit: string): BenchResult => ({
    name: `${area}.spz_v4_${metric}`,
    value: Math.round(value),
    unit,
    baseline: Math.round(baseline),
    ratio: round(value / baseline),
    splats: n,
  })
  yield row('write_ms', write4, write3, 'ms')
  yield row('read_ms', read4, read3, 'ms')
  yield row('bytes', v4.length, v3.length, 'bytes')
  const real = await readSpz(new Uint8Array(readFileSync('tests/data/spz-v4-ply_to_spz.spz')), limits)
  const real3 = await writeSpz(real.splats)
  const real4 = await writeSpz(real.splats, { version: 4 })
  yield { ...row('bytes_real_world', real4.length, real3.length, 'bytes'), splats: real.splats.count }
}
