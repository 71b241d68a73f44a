/**
 * Many regions (#14) through the real reference model on onnxruntime-node: a region weighs
 * exactly nothing beyond its radius, so the rows a place is prepared with need only hold the
 * regions that reach it (core/region-reach.ts), and a world holds far more regions than the
 * table has rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePrompt } from '../../src/core/prompt'
import type { Region } from '../../src/core/region'
import { regionsAround } from '../../src/core/region-reach'
import { baseRegion } from '../../src/core/world/base-region'
import type { FrameModelRuntime } from '../../src/model'
import type { OrtTensorLike } from '../../src/model/ort-like'
import { loadNodeRuntime } from '../../src/model/node-loader'
import { FIELD_HALF, FIELD_SIZE } from '../../models/build/world-layout'

let rt: FrameModelRuntime

beforeAll(async () => {
  rt = await loadNodeRuntime({ backend: 'node' })
}, 180_000)

afterAll(async () => {
  await rt?.dispose()
})

const base = baseRegion(encodePrompt('rolling green hills with a river at noon'))

function added(id: string, x: number, z: number, radius: number, prompt: string): Region {
  const p = encodePrompt(prompt)
  return { id, center: [x, z], radius, style: p.style, seed: p.seed }
}

let version = 0
/** The tile at the origin prepared with `regions`; each call its own world version (no cache). */
async function prepared(regions: Region[]): Promise<Record<string, OrtTensorLike>> {
  return rt.preparedFields(++version, regions, [0, 0])
}

const floats = (t: OrtTensorLike): Float32Array => t.data as Float32Array

/** Texel indices of the near field's height grid farther than `clear` metres from (x, z). */
function texelsBeyond(x: number, z: number, clear: number): number[] {
  const out: number[] = []
  const step = (2 * FIELD_HALF) / (FIELD_SIZE - 1)
  for (let iz = 0; iz < FIELD_SIZE; iz++)
    for (let ix = 0; ix < FIELD_SIZE; ix++) {
      const tx = -FIELD_HALF + ix * step
      const tz = -FIELD_HALF + iz * step
      if (Math.hypot(tx - x, tz - z) > clear) out.push(iz * FIELD_SIZE + ix)
    }
  return out
}

describe('regions in the reference model', () => {
  it('an expansion changes the land only within its radius, even beside the start', async () => {
    // Centred 50 m from the start: the start's levelling ring passes through it, so a model that
    // levelled the start on the blended style would move the land for 2 km around.
    const lake = added('r2', 50, 0, 60, 'a deep blue lake')
    const [without, withLake] = [await prepared([base]), await prepared([base, lake])]
    const hA = floats(without.field_height!)
    const hB = floats(withLake.field_height!)
    // Bilinear texels and the objects' 8 m cells reach a little past the radius itself.
    const outside = texelsBeyond(50, 0, 60 + 12)
    let changedOutside = 0
    for (const i of outside) if (hA[i] !== hB[i]) changedOutside++
    expect(changedOutside).toBe(0)
    let changedInside = 0
    for (let i = 0; i < hA.length; i++) if (hA[i] !== hB[i]) changedInside++
    expect(changedInside).toBeGreaterThan(100)
    // Ambient occlusion looks ~4 texels around, so it feels the lowered land a little farther.
    const clearOfOcclusion = texelsBeyond(50, 0, 60 + 20)
    const sA = floats(without.field_surface!)
    const sB = floats(withLake.field_surface!)
    const n = FIELD_SIZE * FIELD_SIZE
    let surfaceOutside = 0
    for (let c = 0; c < sA.length / n; c++)
      for (const i of clearOfOcclusion) if (sA[c * n + i] !== sB[c * n + i]) surfaceOutside++
    expect(surfaceOutside).toBe(0)
  }, 120_000)

  it('regions beyond a tile`s reach change nothing in its near fields, whichever rows they take', async () => {
    const near = added('r2', -300, 200, 80, 'snowy mountains')
    const far = [
      added('r3', 4000, 0, 300, 'a red desert'),
      added('r4', -3000, 2500, 200, 'a frozen lake'),
      added('r5', 0, -5000, 250, 'a tropical beach with palm trees'),
    ]
    const alone = await prepared([base, near])
    const crowded = await prepared([base, far[0]!, near, far[1]!, far[2]!])
    for (const name of [
      'field_height',
      'field_surface',
      'field_objects',
      'field_looks',
      'field_top',
      'field_atmos',
    ]) {
      const a = floats(alone[name]!)
      const b = floats(crowded[name]!)
      let differ = 0
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ++
      expect({ name, differ }).toEqual({ name, differ: 0 })
    }
    // The far regions do show in the coarse far field, which reaches 16 km.
    const farA = floats(alone.field_far_surface!)
    const farB = floats(crowded.field_far_surface!)
    expect(farA.some((v, i) => v !== farB[i])).toBe(true)
  }, 120_000)

  it('renders a place in a world of 40 regions with the rows that reach it', async () => {
    const world: Region[] = [base]
    for (let i = 0; i < 39; i++)
      world.push(
        added(`r${i + 2}`, 3000 * Math.cos(i * 0.7) * (1 + i / 10), 3000 * Math.sin(i * 0.7), 60, 'a lake'),
      )
    const request = (regions: readonly Region[]) => ({
      id: 1,
      pose: {
        position: [10, 3, 20] as [number, number, number],
        rotation: [0, 0, 0, 1] as [number, number, number, number],
      },
      camera: { model: 'perspective' as const, width: 64, height: 64 },
      worldVersion: ++version,
      regions,
    })
    const whole = await rt.render(request(world))
    const rows = regionsAround(world, 10, 20)
    expect(rows.length).toBeLessThanOrEqual(8)
    const selected = await rt.render(request(rows))
    expect(Buffer.from(whole.rgba).equals(Buffer.from(selected.rgba))).toBe(true)
    expect(Buffer.from(whole.depth.buffer).equals(Buffer.from(selected.depth.buffer))).toBe(true)
  }, 120_000)
})
