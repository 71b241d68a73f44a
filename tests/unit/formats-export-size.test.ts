/** Export sizes: the splats kept are the ones that matter most from where the world was seen. */
import { describe, expect, it } from 'vitest'
import { heightFieldCollider, keepMostImportant, splatImportance, writeGlb } from '../../src/core/formats'
import { exportWorkerApi } from '../../src/app/files/export-api'
import { randomBatch } from '../support/formats-fixtures'

describe('export sizes', () => {
  it('keeps the N most important splats in their original order', () => {
    const b = randomBatch(1000, 3, 20)
    const kept = keepMostImportant(b, 100, [[0, 1.7, 0]])
    expect(kept.count).toBe(100)
    const score = splatImportance(b, [[0, 1.7, 0]])
    const cut = Array.from(score).sort((x, y) => y - x)[99]!
    // Every kept splat scores at least the 100th best, and the order is the batch's own.
    let last = -1
    for (let k = 0; k < kept.count; k++) {
      const i = Array.from({ length: b.count }, (_, j) => j).find(
        (j) => j > last && b.centers[3 * j] === kept.centers[3 * k] && b.opacities[j] === kept.opacities[k],
      )!
      expect(i).toBeGreaterThan(last)
      expect(score[i]).toBeGreaterThanOrEqual(cut)
      last = i
    }
    expect(keepMostImportant(b, 5000)).toBe(b)
  })

  it('breaks ties by order: equal splats keep the first N', () => {
    const b = randomBatch(500, 8, 5)
    b.scales.fill(0.05)
    b.opacities.fill(0.7)
    b.centers.fill(1)
    for (let i = 0; i < 500; i++) b.colors[3 * i] = i / 500 // a tag to check the order by
    const kept = keepMostImportant(b, 37)
    expect(Array.from({ length: 37 }, (_, k) => kept.colors[3 * k])).toEqual(
      Array.from({ length: 37 }, (_, i) => b.colors[3 * i]),
    )
  })

  it('prefers opaque, large and near splats', () => {
    const b = randomBatch(3, 1, 1)
    b.scales.fill(0.1)
    b.opacities.fill(0.5)
    b.centers.set([0, 0, -2, 0, 0, -2, 0, 0, -40])
    b.opacities[0] = 0.05 // faint
    const near = keepMostImportant(b, 1, [[0, 0, 0]])
    expect(near.opacities[0]).toBe(0.5)
    expect(near.centers[2]).toBe(-2) // the near opaque one, not the far one
    b.scales.fill(3, 6, 9) // the far one is now huge: 900x the area at 400x the squared distance
    expect(keepMostImportant(b, 1, [[0, 0, 0]]).centers[2]).toBe(-40)
  })

  it('a .glb export at 100 splats keeps the collider of every splat', async () => {
    const b = randomBatch(2000, 5, 30)
    const copy = { ...b, centers: b.centers.slice(), scales: b.scales.slice(), quats: b.quats.slice(), colors: b.colors.slice(), opacities: b.opacities.slice() } // prettier-ignore
    const got = await exportWorkerApi.encodeSplats('glb', copy, { maxSplats: 100, viewpoints: [[0, 1.7, 0]] })
    const small = keepMostImportant(b, 100, [[0, 1.7, 0]])
    expect(Buffer.from(got).equals(Buffer.from(writeGlb(small, { collider: heightFieldCollider(b) })))).toBe(
      true,
    )
    expect(
      Buffer.from(got).equals(Buffer.from(writeGlb(small, { collider: heightFieldCollider(small) }))),
    ).toBe(false)
  })
})
