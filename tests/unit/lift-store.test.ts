import { describe, expect, it } from 'vitest'
import { groundPlane, renderSyntheticFrame } from '../../src/core/lift/synthetic-frame'
import { SplatWorld } from '../../src/core/lift/splat-world'
import { SplatStore, type SplatEncoder } from '../../src/core/lift/splat-store'
import { createSplatBatch, type SplatBatch } from '../../src/core/lift/splat-batch'
import { pose, yawPitchQuat } from '../../src/core/pose'

const cam = { model: 'perspective' as const, width: 64, height: 64, fovYDeg: 90 }

describe('SplatStore pages', () => {
  it('files splats by 32 m ground chunk', () => {
    const s = new SplatStore()
    const b = createSplatBatch(3)
    b.centers.set([1, 0, 1, 40, 5, 1, -1, 0, 70])
    b.count = 3
    expect(s.add(b)).toEqual(['-1,2', '0,0', '1,0'])
    expect(s.count).toBe(3)
    expect(s.view('1,0')!.centers).toEqual(new Float32Array([40, 5, 1]))
  })

  it('removeWhere touches only pages the footprint meets; the others stay bit-identical', () => {
    const world = new SplatWorld()
    const poses = [0, 1, 2, 3].map((i) => pose([16 + 32 * i, 20, 16], yawPitchQuat(0, -Math.PI / 2)))
    for (const p of poses) world.addFrame(renderSyntheticFrame(groundPlane(0), p, cam))
    const ids = world.store.pageIds()
    expect(ids.length).toBeGreaterThanOrEqual(4)
    const before = new Map(ids.map((id) => [id, structuredClone(world.store.view(id)!)]))
    const revisions = new Map(ids.map((id) => [id, world.store.page(id)!.revision]))
    const total = world.store.count
    const changed = world.removeWhere({ center: [48, 16], radius: 5 })
    expect(changed).toEqual(['1,0'])
    for (const id of ids) {
      if (id === '1,0') continue
      expect(world.store.view(id)).toEqual(before.get(id))
      expect(world.store.page(id)!.revision).toBe(revisions.get(id))
    }
    expect(world.store.page('1,0')!.revision).toBe(revisions.get('1,0')! + 1)
    const removed = total - world.store.count
    expect(removed).toBeGreaterThan(50)
    // The grid forgot that space too: the same frame fills exactly the hole again, no more.
    world.addFrame(renderSyntheticFrame(groundPlane(0), poses[1], cam))
    const refill = world.store.count - (total - removed)
    expect(refill).toBe(removed)
  })

  it('edit and undo, again and again, leave the splat count where the first cycle did (#15)', () => {
    // Frames at two resolutions and from above, as the session asks: the coarser splats test the
    // voxels the finer ones marked at coarser levels, which reach metres past a footprint's edge.
    const world = new SplatWorld()
    const eye = pose([0, 1.6, 0], yawPitchQuat(0, -0.3))
    const frames = [
      renderSyntheticFrame(groundPlane(0), eye, { ...cam, width: 128, height: 128 }),
      renderSyntheticFrame(groundPlane(0), eye, cam),
      renderSyntheticFrame(groundPlane(0), pose([2, 30, -10], yawPitchQuat(0.5, -1.2)), cam),
    ]
    for (const f of frames) world.addFrame(f)
    const counts = [world.store.count]
    for (let cycle = 0; cycle < 6; cycle++) {
      world.removeWhere({ center: [0, -8], radius: 4 })
      for (const f of frames) world.addFrame(f)
      counts.push(world.store.count)
    }
    // Forgetting every voxel the footprint met added 74 splats a cycle (a ring around it lifted
    // again); forgetting only what lies inside left a band inside it unfilled (-30 at once).
    expect(counts).toEqual(counts.map(() => counts[0]))
  })

  it('splat count follows explored space, not time spent', () => {
    const world = new SplatWorld()
    const loop = [0, 1, 2, 3].map((i) => pose([i * 3, 1.6, 0], yawPitchQuat(i, -0.4)))
    for (const p of loop) world.addFrame(renderSyntheticFrame(groundPlane(0), p, cam))
    const once = world.store.count
    for (let r = 0; r < 4; r++)
      for (const p of loop) world.addFrame(renderSyntheticFrame(groundPlane(0), p, cam))
    expect(world.store.count / once).toBeLessThanOrEqual(1.05)
  })

  describe('encoding for the renderer as splats are filed', () => {
    /** A stand-in for Spark's layout: centre relative to the origin (cm) and opacity, 4 words. */
    function testEncoder(): SplatEncoder & { encodedSplats: number } {
      const e = {
        encodedSplats: 0,
        originOf: (cx: number, cz: number, y: number) => [cx * 32, Math.round(y), cz * 32] as const,
        encode(b: SplatBatch, from: number, n: number, out: Uint32Array, to: number, o: readonly number[]) {
          e.encodedSplats += n
          for (let k = 0; k < n; k++) {
            const i = from + k
            for (let d = 0; d < 3; d++)
              out[4 * (to + k) + d] = Math.round(100 * (b.centers[3 * i + d]! - o[d]!)) >>> 0
            out[4 * (to + k) + 3] = Math.round(1000 * b.opacities[i]!)
          }
        },
      }
      return e
    }
    /** Splats along x at one height, opacity tagging each. */
    function row(xs: number[], y: number, z: number): SplatBatch {
      const b = createSplatBatch(xs.length)
      b.count = xs.length
      xs.forEach((x, i) => {
        b.centers.set([x, y, z], 3 * i)
        b.opacities[i] = (i + 1) / 1000
      })
      return b
    }
    /** What encoding the page's current splats afresh gives. */
    function fresh(s: SplatStore, id: string, origin: readonly [number, number, number]): Uint32Array {
      const v = s.view(id)!
      const out = new Uint32Array(4 * v.count)
      testEncoder().encode(v, 0, v.count, out, 0, origin)
      return out
    }

    it('encodes only the splats each add brings, and edits keep the encoding in step with the splats', () => {
      const s = new SplatStore()
      const enc = testEncoder()
      s.setEncoder(enc)
      // Two pages interleaved in one batch: runs of each are copied and encoded as they come.
      s.add(row([1, 2, 40, 41, 3, 42], 5, 1), 1)
      expect(enc.encodedSplats).toBe(6)
      s.add(row([4, 5, 6, 43], 7, 2), 2)
      expect(enc.encodedSplats).toBe(10)
      const origin0 = [0, 5, 0] as const
      expect(s.isEncoded('0,0', origin0)).toBe(true)
      expect(s.encodedView('0,0', origin0)).toEqual(fresh(s, '0,0', origin0))
      expect(s.encodedView('1,0', [32, 5, 0])).toEqual(fresh(s, '1,0', [32, 5, 0]))
      expect(enc.encodedSplats).toBe(10)
      // An edit takes splats out of the middle; a finer frame's replacing takes an origin's.
      s.removeWhere({ center: [2, 1], radius: 0.4 })
      s.removeOrigins([2])
      expect(s.view('0,0')!.count).toBe(2)
      expect(s.encodedView('0,0', origin0)).toEqual(fresh(s, '0,0', origin0))
      expect(s.encodedView('1,0', [32, 5, 0])).toEqual(fresh(s, '1,0', [32, 5, 0]))
      expect(enc.encodedSplats).toBe(10)
      // Growth past a page's first capacity (256) keeps every earlier word.
      s.add(
        row(
          Array.from({ length: 600 }, (_, i) => 10 + i / 100),
          5,
          3,
        ),
        3,
      )
      expect(s.encodedView('0,0', origin0)).toEqual(fresh(s, '0,0', origin0))
      expect(enc.encodedSplats).toBe(610)
    })

    it('encodes a page whole when asked for another origin, or for splats filed before the encoder was set', () => {
      const s = new SplatStore()
      s.add(row([1, 2, 3], 5, 1))
      const enc = testEncoder()
      s.setEncoder(enc)
      expect(s.isEncoded('0,0', [0, 5, 0])).toBe(false)
      expect(s.encodedView('0,0', [0, 5, 0])).toEqual(fresh(s, '0,0', [0, 5, 0]))
      expect(enc.encodedSplats).toBe(3)
      // Later splats of that page are encoded as they come, relative to the same origin.
      s.add(row([4], 9, 1))
      expect(enc.encodedSplats).toBe(4)
      expect(s.encodedView('0,0', [0, 5, 0])).toEqual(fresh(s, '0,0', [0, 5, 0]))
      expect(s.isEncoded('0,0', [0, 9, 0])).toBe(false)
      expect(s.encodedView('0,0', [0, 9, 0])).toEqual(fresh(s, '0,0', [0, 9, 0]))
      expect(enc.encodedSplats).toBe(8)
      s.setEncoder(null)
      expect(s.encodedView('0,0', [0, 9, 0])).toBeUndefined()
      expect(s.page('0,0')!.encoded).toBeNull()
    })
  })
})
