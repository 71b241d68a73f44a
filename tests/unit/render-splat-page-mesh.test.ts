import { describe, expect, it } from 'vitest'
import { createSplatBatch } from '../../src/core/lift'
import { PageGroups } from '../../src/render/page-groups'
import { buildPageMesh, buildSplatMesh, packSplats } from '../../src/render/splat-page-mesh'

// Spark's PackedSplats runs in Node (no GL needed until it is drawn), so the count a page hands
// to Spark can be checked here; the e2e tests check that the splats are actually drawn.
describe('splat page -> Spark mesh', () => {
  function batchOf(n: number, x0 = 0) {
    const batch = createSplatBatch(n)
    batch.count = n
    for (let i = 0; i < n; i++) {
      batch.centers.set([x0 + i * 0.01, 0, -5], 3 * i)
      batch.scales.set([0.05, 0.05, 0.005], 3 * i)
      batch.quats.set([0, 0, 0, 1], 4 * i)
      batch.colors.set([0.2, 0.5, 0.1], 3 * i)
      batch.opacities[i] = 0.9
    }
    return batch
  }

  it.each([1, 777, 2048, 2049, 5000])('keeps every one of %i splats', (n) => {
    const mesh = buildPageMesh(batchOf(n))
    expect(mesh.packedSplats?.numSplats).toBe(n)
    mesh.dispose()
  })

  it('keeps a centre 6 km out to centimetres when packed relative to its group (float16 alone: 4 m steps)', () => {
    const at = [6001.37, 31.29, -4003.81] as const
    const batch = batchOf(1)
    batch.centers.set(at, 0)
    const groups = new PageGroups<Uint32Array>(4, 32)
    const origin = groups.origin(Math.floor(at[0] / 32), Math.floor(at[2] / 32), at[1])
    const centreOf = (packed: Uint32Array, o: readonly number[]) => {
      const c: number[] = []
      buildSplatMesh([packed]).packedSplats!.forEachSplat((_i, center) =>
        c.push(center.x + o[0]!, center.y + o[1]!, center.z + o[2]!),
      )
      return c
    }
    const relative = centreOf(packSplats(batch, origin), origin)
    at.forEach((v, k) => expect(Math.abs(relative[k]! - v)).toBeLessThan(0.04))
    const absolute = centreOf(packSplats(batch), [0, 0, 0])
    expect(Math.abs(absolute[0]! - at[0])).toBeGreaterThan(0.5)
  })

  it('joins packed pages into one mesh holding every splat of each, in order', () => {
    const a = batchOf(2047)
    const b = batchOf(3, 100)
    const mesh = buildSplatMesh([packSplats(a), packSplats(b)])
    const p = mesh.packedSplats!
    expect(p.numSplats).toBe(2050)
    const centers: number[] = []
    p.forEachSplat((i, center) => {
      if (i === 0 || i === 2047 || i === 2049) centers.push(center.x)
    })
    // Spark packs centres as half floats: 1/16 m steps at 100 m.
    ;[0, 100, 100.02].forEach((x, k) => expect(Math.abs(centers[k]! - x)).toBeLessThan(0.07))
    mesh.dispose()
  })
})
