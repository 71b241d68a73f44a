/**
 * The crowns' shape in the reference model's march (models/build/render-march.ts crownRadius),
 * run by onnxruntime-node: conifers grow in tiers of branches, leafy crowns in clumps, boulders
 * stay smooth, and the envelope the coarse levels march holds every branch and clump.
 */
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { GraphBuilder } from '../../models/build/graph'
import {
  BRANCH_DEPTH,
  CLUMP_LAYER,
  crownRadius,
  LUMP_DEPTH,
  TIER_DEPTH,
  TIER_HEIGHT,
} from '../../models/build/render-march'
import { OBJECT_CELL } from '../../models/build/world-layout'

/** Crown radius at n points: offsets (lx, lz) from the axis in cells, heights e over the crown base. */
async function radius(
  lx: number[],
  lz: number[],
  e: number[],
  shape: { R: number; p: number; hc: number },
  detailed: boolean,
): Promise<number[]> {
  const n = e.length
  const g = new GraphBuilder('crown_test')
  const local = g.input('local', [1, 2, 1, n])
  const height = g.input('e', [1, 1, 1, n])
  const [x, z] = g.split(local, 1, [1, 1])
  const r2 = g.add(g.mul(x!, x!), g.mul(z!, z!))
  const { Rt } = crownRadius(g, local, r2, height, g.s(shape.R), g.s(shape.p), g.s(shape.hc), detailed)
  g.output(g.add(Rt, g.mul(height, 0)), 'R', [1, 1, 1, n])
  const session = await ort.InferenceSession.create(
    g.toBytes({ producerVersion: 'test', docString: 'crown' }),
  )
  try {
    const out = await session.run({
      local: new ort.Tensor('float32', Float32Array.from([...lx, ...lz]), [1, 2, 1, n]),
      e: new ort.Tensor('float32', Float32Array.from(e), [1, 1, 1, n]),
    })
    return Array.from(out.R!.data as Float32Array)
  } finally {
    await session.release()
  }
}

const conifer = { R: 0.25, p: 1, hc: 0.9 }
const steps = 400
const heights = Array.from({ length: steps }, (_, i) => (i / steps) * 8)
const along = (angle: number): [number[], number[]] => [
  heights.map(() => 0.1 * Math.cos(angle)),
  heights.map(() => 0.1 * Math.sin(angle)),
]

describe('crown shapes', () => {
  it('a conifer narrows up each tier of branches and widens again at the next', async () => {
    const R = await radius(...along(0.3), heights, conifer, true)
    // Widening jumps (a new tier's foot) one per TIER_HEIGHT; narrowing everywhere else.
    const jumps = R.slice(1).filter((v, i) => v > R[i]! + 0.02 * conifer.R).length
    expect(jumps).toBeGreaterThanOrEqual(Math.floor(8 / TIER_HEIGHT) - 1)
    expect(jumps).toBeLessThanOrEqual(Math.ceil(8 / TIER_HEIGHT) + 1)
    expect(Math.max(...R) - Math.min(...R)).toBeGreaterThan(TIER_DEPTH * conifer.R * 0.8)
  })

  it('a conifer tier is eight branches around its axis', async () => {
    const angles = Array.from({ length: 360 }, (_, i) => (i / 360) * 2 * Math.PI)
    const e = angles.map(() => 2.05)
    const R = await radius(
      angles.map((a) => 0.1 * Math.cos(a)),
      angles.map((a) => 0.1 * Math.sin(a)),
      e,
      conifer,
      true,
    )
    const peaks = R.filter((v, i) => v > R[(i + 359) % 360]! && v >= R[(i + 1) % 360]!).length
    expect(peaks).toBe(8)
    expect(Math.max(...R) - Math.min(...R)).toBeCloseTo(2 * BRANCH_DEPTH * conifer.R, 2)
  })

  it('leafy crowns are clumped; boulders are smooth', async () => {
    const oak = await radius(...along(0.7), heights, { R: 0.4, p: 2.3, hc: 5 }, true)
    expect(Math.max(...oak) - Math.min(...oak)).toBeGreaterThan(0.1 * 0.4)
    const boulder = await radius(...along(0.7), heights, { R: 0.2, p: 2.6, hc: 0 }, true)
    for (const v of boulder) expect(v).toBeCloseTo(0.2, 6)
  })

  it('a leafy crown is clumps in layers: sunk all the way round between layers, bulging at their middles', async () => {
    // Lobes that spiralled up the crown reached full width at some angle at every height, and
    // drew long diagonal ridges: a birch read as a faceted stone, not a mass of leaves.
    const oak = { R: 0.4, p: 2.3, hc: 5 }
    const layer = oak.R * OBJECT_CELL * CLUMP_LAYER
    const angles = Array.from({ length: 180 }, (_, i) => (i / 180) * 2 * Math.PI)
    /** The crown's widest radius round its axis at height e, relative to R. */
    const widest = async (e: number): Promise<number> => {
      const R = await radius(
        angles.map((a) => 0.1 * Math.cos(a)),
        angles.map((a) => 0.1 * Math.sin(a)),
        angles.map(() => e),
        oak,
        true,
      )
      return Math.max(...R) / oak.R
    }
    // Layers start where e + 3.7 hc is a whole number of layers (render-march crownRadius).
    const first = Math.ceil((3.7 * oak.hc) / layer) * layer - 3.7 * oak.hc
    for (const k of [0, 1, 2]) {
      const between = first + k * layer
      expect(await widest(between + 0.01 * layer), `between layers ${k}`).toBeLessThan(1 - 0.8 * LUMP_DEPTH)
      expect(await widest(between + 0.5 * layer), `mid-layer ${k}`).toBeGreaterThan(1 + 0.9 * LUMP_DEPTH)
    }
  })

  it('the coarse levels march an envelope that holds every branch and clump', async () => {
    for (const shape of [conifer, { R: 0.4, p: 2.3, hc: 5 }, { R: 0.1, p: 2, hc: 0.15 }]) {
      for (const angle of [0, 0.2, 0.9, 2.5]) {
        const fine = await radius(...along(angle), heights, shape, true)
        const envelope = await radius(...along(angle), heights, shape, false)
        fine.forEach((v, i) => expect(v).toBeLessThanOrEqual(envelope[i]! + 1e-6))
      }
    }
  })
})
