/**
 * Export and import speed of every splat format at the standalone cap (1M splats; 200K with
 * --quick), against the "reopen a saved world <= 2 s for 1M splats" budget for the readers.
 */
import {
  importLimits,
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
import type { BenchContext, BenchResult } from './harness'

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
}
