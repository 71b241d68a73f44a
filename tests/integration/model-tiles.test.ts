/**
 * Tiled preparation (#14) through the real runtime on onnxruntime-node: the reference model's
 * detailed fields follow the camera instead of ending 1 km from the start, a place looks the same
 * whichever tile it is rendered from, and the prepare stage runs once per (world version, tile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Frame, FrameRequest } from '../../src/core/frame'
import { probeGround } from '../../src/core/ground/ground-probe'
import { materialFractions } from '../../src/core/material'
import type { ModelManifestEntry } from '../../src/core/model-contract'
import { yawPitchQuat } from '../../src/core/pose'
import { encodePrompt } from '../../src/core/prompt'
import { baseRegion } from '../../src/core/world/base-region'
import { ModelManifestError, type FrameModelRuntime } from '../../src/model'
import { manifestEntry } from '../../src/model/manifest'
import { loadNodeRuntime, readManifest } from '../../src/model/node-loader'
import { FIELD_HALF, T_MAX } from '../../models/build/world-layout'

let entry: ModelManifestEntry
let tiled: FrameModelRuntime
/** The same model with one tile wider than the world it is asked about: the untiled fields. */
let single: FrameModelRuntime
/** The same model on a 384 m span: other tiles, also centred near the places asked about. */
let other: FrameModelRuntime

beforeAll(async () => {
  entry = manifestEntry(await readManifest())
  tiled = await loadNodeRuntime({ backend: 'node' })
  single = await loadNodeRuntime({ backend: 'node', entry: { ...entry, tiles: { span: 1_000_000 } } })
  other = await loadNodeRuntime({ backend: 'node', entry: { ...entry, tiles: { span: 384 } } })
}, 180_000)

afterAll(async () => {
  await tiled?.dispose()
  await single?.dispose()
  await other?.dispose()
})

const prompt = encodePrompt('a misty pine forest with a river at sunset')
const regions = [baseRegion({ style: prompt.style, seed: prompt.seed })]

function view(x: number, y: number, z: number, yaw: number, pitch: number, size = 160): FrameRequest {
  return {
    id: 1,
    pose: { position: [x, y, z], rotation: yawPitchQuat(yaw, pitch) },
    camera: { model: 'perspective', width: size, height: size / 2 },
    worldVersion: 1,
    regions,
  }
}

async function groundAt(rt: FrameModelRuntime, x: number, z: number): Promise<number> {
  const probed = await probeGround((r) => rt.render(r), 9, x, z, { worldVersion: 1, regions })
  if (!probed) throw new Error(`the probe at ${x}, ${z} saw no ground`)
  return probed.height
}

/** Mean and largest per-pixel RGB difference (0-255) over pixels nearer than `within` metres in `a`. */
function nearDiff(a: Frame, b: Frame, within: number): { pixels: number; mean: number; over2: number } {
  let pixels = 0
  let sum = 0
  let over2 = 0
  for (let i = 0; i < a.depth.length; i++) {
    if (!(a.depth[i]! > 0 && a.depth[i]! < within)) continue
    let d = 0
    for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs(a.rgba[i * 4 + c]! - b.rgba[i * 4 + c]!))
    pixels++
    sum += d
    if (d > 2) over2++
  }
  return { pixels, mean: sum / pixels, over2 }
}

describe('tiled reference model', () => {
  it('declares tiles, and a model that takes tile_origin without declaring them is refused', async () => {
    expect(entry.tiles?.span).toBe(512)
    expect(tiled.tileAt([700, 2, -300])).toEqual([512, -512])
    expect(tiled.tileAt([-200, 2, 257])).toEqual([0, 512])
    expect(tiled.tileAt([-255, 2, 0])).toEqual([0, 0])
    const { tiles: _dropped, ...untiled } = entry
    await expect(loadNodeRuntime({ backend: 'node', entry: untiled })).rejects.toThrow(ModelManifestError)
    await expect(loadNodeRuntime({ backend: 'node', entry: untiled })).rejects.toThrow(/declares no tiles/)
  })

  it('6 km from the start a walker stands in the forest: trees near, land to the horizon', async () => {
    const [x, z] = [6000, -4000]
    const eye = (await groundAt(tiled, x, z)) + 1.7
    const here = await tiled.render(view(x, eye, z, 0.4, 0))
    const m = materialFractions(here.material!)
    // Trees stand around, as at the start: the prompt's forest goes on.
    expect(m.tree ?? 0).toBeGreaterThan(0.1)
    expect(m.sky ?? 0).toBeGreaterThan(0.1)
    // The eye is on the ground, not in it: nothing closer than a step.
    const surface = here.depth.filter((d) => d > 0)
    expect(Math.min(...surface)).toBeGreaterThan(0.3)
    // The untiled fields end at 1 km: out here the same view had only the far field's coarse land,
    // with no tree (trees are objects of the detailed fields).
    const before = await single.render(view(x, eye, z, 0.4, 0))
    expect(materialFractions(before.material!).tree ?? 0).toBe(0)
  })

  it('6 km out, from a hilltop the land reaches past the detailed fields to the horizon', async () => {
    const [x, z] = [6000, -4000]
    const frame = await tiled.render(view(x, (await groundAt(tiled, x, z)) + 60, z, 2.2, -0.05))
    const beyond = frame.depth.filter((d) => d > T_MAX).length
    expect(beyond).toBeGreaterThan(frame.camera.width)
  })

  it('a place looks the same from every tile: near the viewer the pixels agree', async () => {
    // The same poses in tiles of a 384 m and a 512 m span: fields baked around different origins,
    // each snapped to the same texel and object lattices, so a place is the same. (Against the
    // single untiled field, places 700 m out differ in their shadows: marched towards the sun,
    // they ran off that field's edge, where a tile around them has the hills that cast them.)
    for (const [x, z, yaw] of [
      [300, 40, 1.2],
      [260, -200, -0.5],
      [-700, 300, 2.5],
    ] as const) {
      expect(tiled.tileAt([x, 0, z])).not.toEqual(other.tileAt([x, 0, z]))
      const eye = (await groundAt(tiled, x, z)) + 30
      const a = await tiled.render(view(x, eye, z, yaw, -0.15, 256))
      const b = await other.render(view(x, eye, z, yaw, -0.15, 256))
      // Within 150 m: further out, where the rows meet the skyline, a march that starts at the
      // tile's own "above everything" height ends a pixel off on a few silhouettes.
      const d = nearDiff(a, b, 150)
      expect(d.pixels).toBeGreaterThan(a.depth.length * 0.2)
      expect(d.mean, `${x}, ${z}`).toBeLessThan(0.2)
      expect(d.over2, `${x}, ${z}`).toBeLessThan(d.pixels * 0.005)
    }
    // The probe reads the same ground from either tile.
    expect(Math.abs((await groundAt(tiled, 300, 40)) - (await groundAt(other, 300, 40)))).toBeLessThan(0.05)
  })

  it('prepares once per tile: crossing into a new tile prepares it, coming back prepares nothing', async () => {
    const rt = await loadNodeRuntime({ backend: 'node' })
    try {
      await rt.render(view(2 * FIELD_HALF, 30, 0, 0, 0, 32))
      expect(rt.lastTimings.prepareMs).toBeGreaterThan(0)
      await rt.render(view(2 * FIELD_HALF + 600, 30, 0, 0, 0, 32))
      expect(rt.lastTimings.prepareMs).toBeGreaterThan(0)
      await rt.render(view(2 * FIELD_HALF + 10, 30, 0, 0, 0, 32))
      expect(rt.lastTimings.prepareMs).toBe(0)
    } finally {
      await rt.dispose()
    }
  })
})
