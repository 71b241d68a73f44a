import { describe, expect, it } from 'vitest'
import { createSplatBatch } from '../../src/core/lift'
import { buildPageMesh } from '../../src/render/splat-page-mesh'

// Spark's PackedSplats runs in Node (no GL needed until it is drawn), so the count a page hands
// to Spark can be checked here; the e2e tests check that the splats are actually drawn.
describe('splat page -> Spark mesh', () => {
  it.each([1, 777, 2048, 2049, 5000])('keeps every one of %i splats', (n) => {
    const batch = createSplatBatch(n)
    batch.count = n
    for (let i = 0; i < n; i++) {
      batch.centers.set([i * 0.01, 0, -5], 3 * i)
      batch.scales.set([0.05, 0.05, 0.005], 3 * i)
      batch.quats.set([0, 0, 0, 1], 4 * i)
      batch.colors.set([0.2, 0.5, 0.1], 3 * i)
      batch.opacities[i] = 0.9
    }
    const mesh = buildPageMesh(batch)
    expect(mesh.packedSplats?.numSplats).toBe(n)
    mesh.dispose()
  })
})
