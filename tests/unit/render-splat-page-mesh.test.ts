import { describe, expect, it } from 'vitest'
import { createSplatBatch } from '../../src/core/lift'
import { PageGroups } from '../../src/render/page-groups'
import type { RowPackedSplats } from '../../src/render/row-packed-splats'
import {
  buildPageMesh,
  buildSplatMesh,
  createFillingMesh,
  float16Step,
  nearestFloat16,
  fillSplatMesh,
  packSplats,
  refillSplatMesh,
} from '../../src/render/splat-page-mesh'

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

  it('packs a splat no narrower than the float16 steps its centre is stored in', () => {
    // 60 m from its group's origin a centre is stored in 3.1 cm steps: 1.7 cm splats snapped to
    // them drew near water as a checkerboard. Near the origin a splat keeps its own width.
    expect(float16Step(60)).toBe(2 ** -5)
    expect(float16Step(1)).toBe(2 ** -10)
    const widths = (x: number): number[] => {
      const batch = batchOf(1)
      batch.centers.set([x, 0, -5], 0)
      batch.scales.set([0.017, 0.017, 0.0017], 0)
      const out: number[] = []
      buildSplatMesh([packSplats(batch)]).packedSplats!.forEachSplat((_i, _c, scales) =>
        out.push(scales.x, scales.y, scales.z),
      )
      return out
    }
    const far = widths(60)
    expect(far[0]).toBeGreaterThan(0.6 * 2 ** -5 * 0.95)
    expect(far[1]).toBeGreaterThan(0.6 * 2 ** -5 * 0.95)
    // The thin axis, along the splat's normal, is not widened.
    expect(far[2]).toBeLessThan(0.002)
    const near = widths(2)
    expect(Math.abs(near[0]! - 0.017)).toBeLessThan(0.017 * 0.05)
  })

  it('stores a centre at the float16 value nearest it, not one step towards zero', () => {
    // Spark's fallback conversion (no Float16Array, as in Node) truncates: -99.9999 became
    // -99.9375, a water splat 6 cm over its neighbours at -100.00001.
    expect(nearestFloat16(-99.9999)).toBe(-100)
    expect(nearestFloat16(-100.00001)).toBe(-100)
    expect(nearestFloat16(3.3)).toBeCloseTo(3.3, 2)
    const batch = batchOf(2)
    batch.centers.set([2, 0.0001, -7, 2.1, -0.0001, -7], 0)
    const ys: number[] = []
    buildSplatMesh([packSplats(batch, [0, 100, 0])]).packedSplats!.forEachSplat((_i, c) => ys.push(c.y + 100))
    ys.forEach((y) => expect(Math.abs(y)).toBeLessThan(0.001))
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

  it('refills a mesh in place as its pages change: same mesh and splat array until it must grow, a new version each time', () => {
    const a = packSplats(batchOf(1000))
    const b = packSplats(batchOf(1500, 50))
    const mesh = buildSplatMesh([a])
    const p = mesh.packedSplats!
    const xs = (): number[] => {
      const out: number[] = []
      p.forEachSplat((_i, center) => out.push(center.x))
      return out
    }
    // 2,500 splats do not fit the first mesh's one 2048-wide row: the array doubles, once.
    let version = mesh.version
    expect(refillSplatMesh(mesh, [a, b])).toBe(true)
    expect(mesh.packedSplats).toBe(p)
    expect(p.numSplats).toBe(2500)
    expect(mesh.version).toBeGreaterThan(version)
    const grown = p.packedArray
    expect(Math.abs(xs()[1000]! - 50)).toBeLessThan(0.04)
    // A page gone and another changed: rewritten in the grown array, nothing stale past the end.
    version = mesh.version
    const b2 = packSplats(batchOf(1500, 70))
    expect(refillSplatMesh(mesh, [b2])).toBe(true)
    expect(p.packedArray).toBe(grown)
    expect(p.numSplats).toBe(1500)
    expect(mesh.version).toBeGreaterThan(version)
    const now = xs()
    expect(now).toHaveLength(1500)
    expect(Math.abs(now[0]! - 70)).toBeLessThan(0.07)
    expect(p.needsUpdate).toBe(true)
    mesh.dispose()
  })

  it('rewrites only the parts from the first changed one, and sends their rows when Spark next reads the texture', () => {
    const a = packSplats(batchOf(3000))
    const b = packSplats(batchOf(1000, 50))
    const sent: [number, number][] = []
    let canSend = true
    const sendRows = (_t: unknown, _d: unknown, from: number, to: number): boolean => {
      sent.push([from, to])
      return canSend
    }
    const mesh = buildSplatMesh([a, b, packSplats(batchOf(10))], 'test', sendRows)
    const p = mesh.packedSplats!
    const texture = p.getTexture() // as Spark's first drawing: made and uploaded whole
    const version = (): number => texture.version
    let v = version()
    // The last part grew (the array holds 2 rows, 4,096 splats): splats 4000.. change, row 1
    // (splats 2048-4095) is sent at the next read, not before.
    const c = packSplats(batchOf(90, 70))
    const array = p.packedArray
    expect(refillSplatMesh(mesh, [a, b, c], 2)).toBe(true)
    expect(sent).toEqual([])
    expect(p.getTexture()).toBe(texture)
    expect(sent).toEqual([[1, 2]])
    expect(version()).toBe(v)
    expect(p.packedArray).toBe(array)
    const xs: number[] = []
    p.forEachSplat((i, center) => {
      if (i === 0 || i === 3000 || i === 4000) xs.push(center.x)
    })
    ;[0, 50, 70].forEach((x, k) => expect(Math.abs(xs[k]! - x)).toBeLessThan(0.07))
    // Two refills between reads go as one range.
    refillSplatMesh(mesh, [a, b, packSplats(batchOf(80, 70))], 2)
    refillSplatMesh(mesh, [a, packSplats(batchOf(1000, 40)), c], 1)
    p.getTexture()
    expect(sent).toEqual([
      [1, 2],
      [1, 2],
    ])
    // Rows that could not be sent (texture not on the GPU yet) go with a whole upload.
    canSend = false
    v = version()
    refillSplatMesh(mesh, [packSplats(batchOf(3000, 20)), b, c], 0)
    p.getTexture()
    expect(sent.at(-1)).toEqual([0, 2])
    expect(version()).toBeGreaterThan(v)
    // Grown past the array: a new texture, whole, no rows sent.
    canSend = true
    const before = sent.length
    expect(refillSplatMesh(mesh, [a, b, c, packSplats(batchOf(3000, 90))], 3)).toBe(true)
    const grown = p.getTexture()
    expect(sent).toHaveLength(before)
    expect(grown.image.depth * grown.image.height * grown.image.width).toBeGreaterThanOrEqual(7090)
    mesh.dispose()
  })

  it('fills a mesh over several steps: its texture allocated, not uploaded, then each step sends its own rows', () => {
    const batch = batchOf(5000, 10)
    const sent: [number, number][] = []
    let onGpu = false
    const mesh = createFillingMesh(
      batch.count,
      (_t, _d, from, to) => onGpu && sent.push([from, to]) > 0,
      'fill',
    )
    const p = mesh.packedSplats!
    expect(fillSplatMesh(mesh, batch, 2048)).toBe(2048)
    // First read: the texture is made with no data to upload (three.js only allocates it).
    const texture = p.getTexture()
    expect(texture.source.dataReady).toBe(false)
    const v = texture.version
    // Read again before three.js drew from it: the rows wait (the mesh must be read again for
    // them: rowsPending), nothing goes whole.
    expect(fillSplatMesh(mesh, batch, 2000)).toBe(4048)
    p.getTexture()
    expect(sent).toEqual([])
    expect((p as RowPackedSplats).rowsPending).toBe(true)
    expect(texture.version).toBe(v)
    // On the GPU: the waiting rows go at once, then each step's own.
    onGpu = true
    p.getTexture()
    expect(sent).toEqual([[0, 2]])
    expect(texture.source.dataReady).toBe(true)
    expect((p as RowPackedSplats).rowsPending).toBe(false)
    expect(fillSplatMesh(mesh, batch, 4096)).toBe(5000)
    expect(fillSplatMesh(mesh, batch, 4096)).toBe(5000)
    p.getTexture()
    expect(sent).toEqual([
      [0, 2],
      [1, 3],
    ])
    expect(texture.version).toBe(v)
    expect(p.numSplats).toBe(5000)
    const xs: number[] = []
    p.forEachSplat((i, center) => {
      if (i === 0 || i === 4999) xs.push(center.x)
    })
    ;[10, 10 + 4999 * 0.01].forEach((x, k) => expect(Math.abs(xs[k]! - x)).toBeLessThan(0.07))
    mesh.dispose()
  })

  it('will not refill a mesh with a small share of its array: the caller builds a smaller one', () => {
    const big = packSplats(batchOf(9000))
    const mesh = buildSplatMesh([big])
    const p = mesh.packedSplats!
    const before = p.packedArray
    expect(refillSplatMesh(mesh, [packSplats(batchOf(100))])).toBe(false)
    expect(p.numSplats).toBe(9000)
    expect(p.packedArray).toBe(before)
    mesh.dispose()
  })
})
