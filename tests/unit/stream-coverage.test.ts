import { describe, expect, it } from 'vitest'
import { rotateVec, type Quat, type Vec3 } from '../../src/core/pose'
import { CoverageMap } from '../../src/core/stream/coverage-map'
import { makeTiles } from '../../src/core/stream/direction-tiles'
import { CellGrid, type FrameKey } from '../../src/core/stream/frame-key'
import { keyMeetsFootprint } from '../../src/core/stream/key-footprint'
import { LatencyTracker } from '../../src/core/stream/latency-tracker'

const key = (worldVersion: number, dir = 0, level = 0, cell: Vec3 = [0, 0, 0]): FrameKey => ({
  worldVersion,
  cell,
  dir,
  level,
})

describe('direction tiles', () => {
  it('the default tiles cover every direction of the sphere, with overlap', () => {
    const tiles = makeTiles()
    expect(tiles).toHaveLength(22)
    const t = Math.tan(Math.PI / 4) * 0.9 // 10 % inside each frustum edge
    for (let i = 0; i < 2000; i++) {
      // Deterministic spiral of directions over the sphere.
      const y = 1 - (2 * (i + 0.5)) / 2000
      const r = Math.sqrt(1 - y * y)
      const a = i * 2.399963
      const d: Vec3 = [r * Math.cos(a), y, r * Math.sin(a)]
      const inside = tiles.some((tile) => {
        const q = tile.rotation
        const local = rotateVec([-q[0], -q[1], -q[2], q[3]] as Quat, d)
        return local[2] < 0 && Math.abs(local[0] / -local[2]) <= t && Math.abs(local[1] / -local[2]) <= t
      })
      expect(inside, `direction ${d.join(',')}`).toBe(true)
    }
  })
})

describe('CoverageMap across world versions', () => {
  it.each([
    [
      'valid from its version on',
      [
        [0, true],
        [3, true],
      ],
      undefined,
    ],
    ['not valid before it was made', [[-1, false]], undefined],
    [
      'an edit at version 2 ends it there',
      [
        [1, true],
        [2, false],
        [5, false],
      ],
      2,
    ],
  ] as [string, [number, boolean][], number | undefined][])('%s', (_name, checks, editAt) => {
    const m = new CoverageMap()
    m.add(key(0))
    if (editAt !== undefined) m.invalidate(() => true, editAt)
    for (const [v, want] of checks) expect(m.has(key(v))).toBe(want)
  })

  it('a frame re-made after an edit is valid again; other slots are untouched', () => {
    const m = new CoverageMap()
    m.add(key(0, 1))
    m.add(key(0, 2))
    expect(m.invalidate((k) => k.dir === 1, 4)).toHaveLength(1)
    m.add(key(4, 1))
    expect([m.has(key(3, 1)), m.has(key(4, 1)), m.has(key(9, 2))]).toEqual([true, true, true])
    expect(m.size).toBe(3)
  })
})

describe('key footprints', () => {
  const geo = { grid: new CellGrid(), tiles: makeTiles(), maxRange: 100 }
  it.each([
    ['an edit in the cell touches every tile', [2, 2], 1, 22],
    // Horizon tiles 0, 1 and 7 face it; the pitched and pole tiles' frusta reach past the vertical,
    // so they are conservatively treated as seeing all round (12 + 2).
    ['an edit 50 m down -Z spares the horizon tiles facing away', [2, -48], 5, 17],
    ['an edit beyond range touches nothing', [500, 2], 5, 0],
  ] as [string, [number, number], number, number][])('%s', (_name, center, radius, count) => {
    const hit = geo.tiles.filter((t) => keyMeetsFootprint(key(0, t.index), { center, radius }, geo))
    expect(hit).toHaveLength(count)
    if (count === 17) expect(hit.filter((t) => t.pitch === 0).map((t) => t.index)).toEqual([0, 1, 7])
  })
})

describe('LatencyTracker', () => {
  it('follows a change of latency with an exponential moving average', () => {
    const t = new LatencyTracker({ kind: 'edge', smoothing: 0.5 })
    t.record(100, 100)
    t.record(300, 100)
    expect(t.latencyMs).toBe(200)
    expect(t.concurrency()).toBe(2)
  })
})
