/**
 * The app's export hands the world to its worker a part at a time (src/app/files/export-world.ts):
 * no main-thread task copies the whole world, and the file is the same as one joined copy.
 */
import { describe, expect, it } from 'vitest'
import { exportWorkerApi, type ExportWorkerApi } from '../../src/app/files/export-api'
import { exportWorld, NothingToExportError, type ExportSource } from '../../src/app/files/export-world'
import { joinBatches } from '../../src/app/files/placement-math'
import { importLimits, readSplatFile, writePly } from '../../src/core/formats'
import { createSplatBatch, type SplatBatch } from '../../src/core/lift'
import { WorldDocument } from '../../src/core/world'

function page(n: number, x: number): SplatBatch {
  const b = createSplatBatch(n)
  b.count = n
  for (let i = 0; i < n; i++) {
    b.centers.set([x + (i % 100) * 0.1, 0, Math.floor(i / 100) * 0.1], 3 * i)
    b.scales.fill(0.05, 3 * i, 3 * i + 3)
    b.quats.set([0, 0, 0, 1], 4 * i)
    b.colors.set([(i % 7) / 7, 0.5, x / 100], 3 * i)
    b.opacities[i] = 0.9
  }
  return b
}

function source(pages: Map<string, SplatBatch>): ExportSource {
  return {
    prompt: 'parts',
    doc: new WorldDocument(),
    viewer: { position: [0, 1.6, 0], rotation: [0, 0, 0, 1] },
    pages: { ids: () => [...pages.keys()], view: (id) => pages.get(id) },
    placed: () => [],
    panorama: null,
    explored: () => ({ total: 0, chunks: (async function* () {})(), missing: 0 }),
    lifter: {},
  }
}

describe('exportWorld around the viewer', () => {
  it('sends the pages in parts of about 64k splats and writes what one joined copy would', async () => {
    const pages = new Map([
      ['0,0', page(40_000, 0)],
      ['1,0', page(40_000, 32)],
      ['2,0', page(40_000, 64)],
    ])
    const parts: number[] = []
    const encoder: ExportWorkerApi = {
      ...exportWorkerApi,
      addSplats: (s) => {
        parts.push(s.count)
        return exportWorkerApi.addSplats(s)
      },
    }
    const result = await exportWorld('ply', source(pages), encoder)
    expect(parts).toEqual([80_000, 40_000])
    expect(result.splats).toBe(120_000)
    const whole = writePly(joinBatches([...pages.values()].map((batch) => ({ batch }))))
    expect(Buffer.from(result.bytes).equals(Buffer.from(whole))).toBe(true)
    const back = await readSplatFile(result.bytes, { limits: importLimits('desktop') })
    expect(back.kind === 'splats' && back.splats.count).toBe(120_000)
  })

  it('refuses splats and frames sent out of turn, with what went wrong', async () => {
    await exportWorkerApi.encodeCollected('spz', page(1, 0)).catch(() => undefined) // drops any collection
    await expect(exportWorkerApi.addSplats(page(10, 0))).rejects.toThrow(/before beginCollect/)
    await expect(exportWorkerApi.encodeCollected('spz', page(1, 0))).rejects.toThrow(/before beginCollect/)
    await exportWorkerApi.beginCollect(null)
    await expect(exportWorkerApi.liftFrames([])).rejects.toThrow(/without a lifter/)
    expect(await exportWorkerApi.addSplats(page(10, 0))).toBe(10)
    const { splats } = await exportWorkerApi.encodeCollected('ply', page(5, 40))
    expect(splats).toBe(15)
  })

  it('says there is nothing to export before the world has splats', async () => {
    await expect(exportWorld('spz', source(new Map()), exportWorkerApi)).rejects.toBeInstanceOf(
      NothingToExportError,
    )
  })
})
