/**
 * The bundled reference model through the real runtime on real onnxruntime: golden frames,
 * determinism, ORT-node vs ORT-web (wasm) agreement, depth that agrees with the geometry, region
 * blending, and the prepare-stage cache.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { intrinsicsOf } from '../../src/core/camera'
import { MATERIAL, MATERIAL_CLASSES, materialFractions, type MaterialClass } from '../../src/core/material'
import type { Frame, FrameRequest } from '../../src/core/frame'
import { normalizeQuat, rotateVec, type Vec3 } from '../../src/core/pose'
import { createLearntGround } from '../../src/core/ground/learnt-ground'
import { ShoreGuard } from '../../src/core/ground/shore-stop'
import { WorldGround } from '../../src/core/ground/world-ground'
import { encodePrompt } from '../../src/core/prompt'
import { styleVector } from '../../src/core/style'
import { baseRegion } from '../../src/core/world/base-region'
import { SPAWN_XZ } from '../../src/core/world/spawn'
import { FrameRequestError, type FrameModelRuntime } from '../../src/model'
import { loadNodeRuntime } from '../../src/model/node-loader'
import { LiftCore } from '../../src/session/lifter'
import { FAR_HALF, FAR_SIZE, FIELD_HALF, FIELD_SIZE, T_MAX } from '../../models/build/world-layout'
import { GOLDEN_CASES } from '../data/model/golden-requests'

const DATA = join(import.meta.dirname, '..', 'data', 'model')

let node: FrameModelRuntime
let web: FrameModelRuntime

// Session creation compiles the wasm backend and optimises ~2000 nodes: seconds on a busy machine.
beforeAll(async () => {
  node = await loadNodeRuntime({ backend: 'node' })
  web = await loadNodeRuntime({ backend: 'web' })
}, 180_000)

afterAll(async () => {
  await node?.dispose()
  await web?.dispose()
})

/** Largest per-channel difference, and how many channel values differ by more than `tol`. */
function rgbDiff(a: Uint8Array, b: Uint8Array, tol: number): { max: number; over: number } {
  let max = 0
  let over = 0
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!)
    if (d > max) max = d
    if (d > tol) over++
  }
  return { max, over }
}

/** Pixels whose depth differs by more than 0.5% (or whose sky/surface class differs). */
function depthMismatches(a: Float32Array, b: Float32Array): number {
  let n = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (Math.abs(x - y) > 0.005 * Math.max(x, y) + 1e-4) n++
  }
  return n
}

describe('reference model goldens', () => {
  for (const c of GOLDEN_CASES) {
    it(`${c.name}: ORT-node matches the stored frame`, async () => {
      const frame = await node.render(c.request)
      const rgba = new Uint8Array(await readFile(join(DATA, `${c.name}.rgba`)))
      const depthBytes = await readFile(join(DATA, `${c.name}.depth.f32`))
      const depth = new Float32Array(depthBytes.buffer, depthBytes.byteOffset, depthBytes.byteLength / 4)
      expect(frame.rgba.length).toBe(rgba.length)
      // Bit-exact on the machine that wrote the goldens; MLAS picks kernels by CPU features, so
      // another CPU may differ in the last bit: allow 1/255 and a handful of edge pixels.
      const d = rgbDiff(frame.rgba, rgba, 1)
      expect(d.over).toBeLessThanOrEqual(frame.rgba.length * 0.002)
      expect(depthMismatches(frame.depth, depth)).toBeLessThanOrEqual(depth.length * 0.002)
    })
  }

  it('renders identical bytes for identical requests (same backend)', async () => {
    const req = GOLDEN_CASES[0]!.request
    const a = await node.render(req)
    const b = await node.render({ ...req, id: 99 })
    expect(Buffer.from(a.rgba).equals(Buffer.from(b.rgba))).toBe(true)
    expect(Buffer.from(a.depth.buffer).equals(Buffer.from(b.depth.buffer))).toBe(true)
    const w1 = await web.render(req)
    const w2 = await web.render(req)
    expect(Buffer.from(w1.rgba).equals(Buffer.from(w2.rgba))).toBe(true)
  })

  for (const c of GOLDEN_CASES) {
    it(`${c.name}: ORT-web (wasm) agrees with ORT-node within 1/255`, async () => {
      const a = await node.render(c.request)
      const b = await web.render(c.request)
      const d = rgbDiff(a.rgba, b.rgba, 1)
      // Sin/Cos differ in the last bits between the backends; a ray that grazes a crest can land
      // on the other side of it, so allow a few such pixels and no more.
      expect(d.over).toBeLessThanOrEqual(a.rgba.length * 0.002)
      expect(depthMismatches(a.depth, b.depth)).toBeLessThanOrEqual(a.depth.length * 0.002)
    })
  }
})

/** Unit world-space ray of pixel (x, y), and its depth-to-distance factor. */
function pixelRay(frame: Frame, x: number, y: number): { dir: Vec3; distancePerDepth: number } {
  const { width, height } = frame.camera
  const [, fx, fy, cx, cy] = intrinsicsOf(frame.camera)
  const u = (x + 0.5) / width
  const v = (y + 0.5) / height
  let cam: Vec3
  let perDepth = 1
  if (frame.camera.model === 'perspective') {
    const px = (u - cx!) / fx!
    const py = -(v - cy!) / fy!
    const len = Math.hypot(px, py, 1)
    cam = [px / len, py / len, -1 / len]
    perDepth = len // z-depth -> distance along the ray
  } else {
    const lon = (u - 0.5) * 2 * Math.PI
    const lat = (0.5 - v) * Math.PI
    cam = [Math.sin(lon) * Math.cos(lat), Math.sin(lat), -Math.cos(lon) * Math.cos(lat)]
  }
  return { dir: rotateVec(normalizeQuat(frame.pose.rotation), cam), distancePerDepth: perDepth }
}

function bilinear(field: Float32Array, x: number, z: number, size = FIELD_SIZE, half = FIELD_HALF): number {
  const f = (v: number): number => ((v / half + 1) / 2) * (size - 1)
  const fx = Math.min(Math.max(f(x), 0), size - 1.001)
  const fz = Math.min(Math.max(f(z), 0), size - 1.001)
  const ix = Math.floor(fx)
  const iz = Math.floor(fz)
  const tx = fx - ix
  const tz = fz - iz
  const at = (i: number, j: number): number => field[j * size + i]!
  return (
    (at(ix, iz) * (1 - tx) + at(ix + 1, iz) * tx) * (1 - tz) +
    (at(ix, iz + 1) * (1 - tx) + at(ix + 1, iz + 1) * tx) * tz
  )
}

/** Above the tallest object of models/build/prepare-objects.ts (0.9 + 1.25 * 10.5 + 0.6 m). */
const OBJECT_TALLEST = 15

describe('reference model geometry', () => {
  for (const c of GOLDEN_CASES) {
    it(`${c.name}: every depth lands on the terrain, the water plane or an object on the ground`, async () => {
      const frame = await node.render(c.request)
      const fields = await node.preparedFields(c.request.worldVersion, c.request.regions)
      const height = fields.field_height!.data as Float32Array
      const farHeight = fields.field_far_height!.data as Float32Array
      const { width, height: rows } = frame.camera
      let surface = 0
      let off = 0
      let farAnswered = 0
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < width; x++) {
          const d = frame.depth[y * width + x]!
          if (!(d > 0)) continue
          surface++
          const { dir, distancePerDepth } = pixelRay(frame, x, y)
          const t = d * distancePerDepth
          const p = frame.pose.position.map((o, k) => o + dir[k]! * t) as Vec3
          // Past the near field (where a ray leaves it, or T_MAX) the land is the far field's.
          const far = t >= T_MAX - 1 || Math.max(Math.abs(p[0]), Math.abs(p[2])) >= FIELD_HALF
          const ground = far
            ? bilinear(farHeight, p[0], p[2], FAR_SIZE, FAR_HALF)
            : bilinear(height, p[0], p[2])
          const tol = 0.2 + 0.01 * t
          // Trees, shrubs and boulders stand on the ground: a hit may lie above it by at most the
          // tallest object (prepare-objects.ts), never below it or floating higher.
          const onObject = p[1] - ground > -tol && p[1] - ground < OBJECT_TALLEST + tol
          if (Math.abs(p[1] - ground) > tol && Math.abs(p[1]) > tol && !onObject) {
            // A grazing ray the near march ran out of steps for before a ridge near the detailed
            // field's end goes on over the far field, which steps back to its own (smoother,
            // lower) version of that ridge: it ends under the detailed one.
            if (!far && t > 0.8 * T_MAX && p[1] < ground - tol) farAnswered++
            else off++
          }
        }
      }
      expect(surface).toBeGreaterThan(width * rows * 0.2)
      // The horizon row of two-regions (hills 1 km out since the start's level stopped lowering
      // the whole world, #14): 59 of 2,469 pixels.
      expect(farAnswered).toBeLessThanOrEqual(surface * 0.03)
      // Known limit: a few grazing rays end a little inside what they clipped, or (where the
      // march's back-steps overshot out in front of a crest far off) a little in front of it:
      // 0, 0 and 22 of 2,456 pixels. It was 3 %, when grazing rays past a lake's shore fell
      // through to the far field and ended 50 m under the lake (two-regions: 71 of 2,456).
      expect(off).toBeLessThanOrEqual(surface * 0.015)
    })
  }

  it("draws skylines on the pixel grid, not in the coarse levels' stairs", async () => {
    // The march settles each ray at 1/4, 1/2 and full resolution. A full-resolution ray that met a
    // ridge edge-on started 10 % short of its neighbours' hit and could close at most 8 % in its
    // steps, so it took a coarse neighbour's answer: every skyline ran in 2-pixel stairs (of 320
    // columns, 24 had the sky end on an odd row; a skyline on the pixel grid has about half). The
    // far field (most of the canyon's skyline) was handed up from half resolution: 41 of 320.
    for (const prompt of ['snowy mountains with a frozen lake at dawn', 'red rock canyon in the afternoon']) {
      expect(await oddSkylineShare(prompt), prompt).toBeGreaterThan(0.3)
    }
  })

  /** Share of a 320 x 176 first view's columns (looking 6 degrees up) whose sky ends on an odd row. */
  async function oddSkylineShare(prompt: string): Promise<number> {
    const encoded = encodePrompt(prompt)
    const frame = await node.render({
      id: 1,
      pose: { position: [SPAWN_XZ[0], 2.6, SPAWN_XZ[1]], rotation: [Math.sin(0.05), 0, 0, Math.cos(0.05)] },
      camera: { model: 'perspective', width: 320, height: 176 },
      worldVersion: 1,
      regions: [baseRegion({ style: encoded.style, seed: encoded.seed })],
    })
    let odd = 0
    let land = 0
    for (let x = 0; x < 320; x++) {
      let y = 0
      while (y < 176 && !(frame.depth[y * 320 + x]! > 0)) y++
      if (y === 176) continue
      land++
      if (y % 2 === 1) odd++
    }
    expect(land).toBe(320)
    return odd / land
  }

  it('shows land past the near field: from 60 m up, rays below the horizon reach kilometres out', async () => {
    const req = GOLDEN_CASES.find((c) => c.request.camera.model === 'perspective')!.request
    const tilt = -0.06 // radians down
    const frame = await node.render({
      ...req,
      pose: { position: [0, 60, 0], rotation: [Math.sin(tilt / 2), 0, 0, Math.cos(tilt / 2)] },
    })
    const { width, height: rows } = frame.camera
    let below = 0
    let land = 0
    let far = 0
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < width; x++) {
        const { dir, distancePerDepth } = pixelRay(frame, x, y)
        if (dir[1] > -0.002) continue
        below++
        const t = frame.depth[y * width + x]! * distancePerDepth
        if (t > 0) land++
        if (t > 1.5 * T_MAX) far++
      }
    }
    expect(below).toBeGreaterThan(width * rows * 0.3)
    // Every ray below the horizon ends on land or water, and the upper rows of them far away.
    expect(land).toBe(below)
    // At least a row's worth (121 of 64 x 64 here; 130-odd before the land past 600 m stood at its
    // own height instead of the start's level, which put hills in front of more of the horizon).
    expect(far).toBeGreaterThan(width)
  })

  it("the far field continues the near one: heights agree across the near field's outer ring", async () => {
    for (const c of GOLDEN_CASES) {
      const fields = await node.preparedFields(c.request.worldVersion, c.request.regions)
      const near = fields.field_height!.data as Float32Array
      const far = fields.field_far_height!.data as Float32Array
      const a: number[] = []
      const b: number[] = []
      for (let z = -1000; z <= 1000; z += 16) {
        for (let x = -1000; x <= 1000; x += 16) {
          if (Math.max(Math.abs(x), Math.abs(z)) < 700) continue
          a.push(Math.max(bilinear(near, x, z), 0)) // the far field's water is the plane y = 0
          b.push(bilinear(far, x, z, FAR_SIZE, FAR_HALF))
        }
      }
      const mean = (v: number[]): number => v.reduce((p, q) => p + q, 0) / v.length
      const ma = mean(a)
      const mb = mean(b)
      const cov = mean(a.map((v, i) => (v - ma) * (b[i]! - mb)))
      const sd = (v: number[], m: number): number => Math.sqrt(mean(v.map((q) => (q - m) ** 2)))
      const spread = sd(a, ma)
      // The far field leaves out octaves finer than 256 m, so it is the near terrain's broad shape.
      expect(Math.abs(ma - mb), c.name).toBeLessThan(2 + 0.15 * spread)
      if (spread > 2) expect(cov / (spread * sd(b, mb)), c.name).toBeGreaterThan(0.8)
    }
  })

  it('marks sky with depth 0 and looks up into it', async () => {
    const frame = await node.render({
      ...GOLDEN_CASES[0]!.request,
      pose: { position: [0, 1.7, 0], rotation: [Math.sin(Math.PI / 4), 0, 0, Math.cos(Math.PI / 4)] }, // straight up
    })
    expect(frame.depth.every((d) => d === 0)).toBe(true)
  })

  it('looking straight down from eye height sees the ground ~0.7 m below the eye', async () => {
    const req = GOLDEN_CASES[0]!.request
    const down = normalizeQuat([-Math.sin(Math.PI / 4), 0, 0, Math.cos(Math.PI / 4)])
    const frame = await node.render({ ...req, pose: { position: [0, 1.7, 0], rotation: down } })
    const centre = frame.depth[32 * 64 + 32]!
    // The spawn point's ground is pulled to 1 m: the eye at 1.7 m sees it 0.7 m away.
    expect(centre).toBeGreaterThan(0.6)
    expect(centre).toBeLessThan(0.8)
  })
})

/**
 * What a person sees first: standing at the app's spawn, eye 1.6 m above its 1 m pad, looking
 * along -Z as the app starts. The prompt's water is in the view close by, and nothing stands
 * between the eye and the world (a crown a few metres off once filled half of it).
 */
describe('reference model first view', () => {
  const EYE: Vec3 = [SPAWN_XZ[0], 2.6, SPAWN_XZ[1]]
  /** Where each pixel's ray ends (null for sky), at 160 x 96 over the app's 70 degree field. */
  async function firstView(
    prompt: string,
  ): Promise<{ hits: (Vec3 | null)[]; material: Uint8Array; width: number; rows: number }> {
    const encoded = encodePrompt(prompt)
    const frame = await node.render({
      id: 1,
      pose: { position: EYE, rotation: [0, 0, 0, 1] },
      camera: { model: 'perspective', width: 160, height: 96, fovYDeg: 70 },
      worldVersion: 1,
      regions: [baseRegion({ style: encoded.style, seed: encoded.seed })],
    })
    const hits: (Vec3 | null)[] = []
    for (let y = 0; y < 96; y++) {
      for (let x = 0; x < 160; x++) {
        const d = frame.depth[y * 160 + x]!
        if (!(d > 0)) {
          hits.push(null)
          continue
        }
        const { dir, distancePerDepth } = pixelRay(frame, x, y)
        hits.push(EYE.map((o, k) => o + dir[k]! * d * distancePerDepth) as Vec3)
      }
    }
    return { hits, material: frame.material!, width: 160, rows: 96 }
  }
  const distance = (p: Vec3): number => Math.hypot(p[0] - EYE[0], p[1] - EYE[1], p[2] - EYE[2])

  it('the water a prompt names is in the view close by: a band of it within 25 m', async () => {
    // A river 16 m ahead and a sea's shore ~15 m ahead; at 26 and 30 m each was a grazing sliver.
    // A lake's near shore ~7 m ahead: it stood 15-50 m out (as far as its size and noise put it),
    // and "a lake" or a lake averaged with a meadow was a line at the horizon or not there.
    // A palm beach's sandy point (its palms against the sea, 25-40 degrees right) takes a third
    // of its near water: 0.09 of the view.
    for (const [prompt, least] of [
      ['a misty pine forest with a river at sunset', 0.12],
      ['tropical beach and ocean at noon', 0.08],
      ['a lake', 0.12],
      ['a green meadow with rolling hills and a lake on a sunny morning', 0.12],
      ['snowy mountains with a frozen lake at dawn', 0.12],
    ] as const) {
      const { hits } = await firstView(prompt)
      // The water plane is y = 0; river banks stand at 0.35 m and more.
      const nearWater = hits.filter((p) => p && Math.abs(p[1]) < 0.1 && distance(p) < 25).length
      expect(nearWater / hits.length, prompt).toBeGreaterThan(least)
    }
  })

  it('a meadow is open grass, a forest is wooded: crowns seen from above', async () => {
    const share = async (prompt: string): Promise<number> => {
      const encoded = encodePrompt(prompt)
      const regions = [baseRegion({ style: encoded.style, seed: encoded.seed })]
      const down = normalizeQuat([-Math.sin(Math.PI / 4), 0, 0, Math.cos(Math.PI / 4)])
      const frame = await node.render({
        id: 1,
        pose: { position: [0, 300, 0], rotation: down },
        camera: { model: 'perspective', width: 128, height: 128, fovYDeg: 90 },
        worldVersion: 1,
        regions,
      })
      const height = (await node.preparedFields(1, regions)).field_height!.data as Float32Array
      let land = 0
      let crowns = 0
      for (let y = 0; y < 128; y++) {
        for (let x = 0; x < 128; x++) {
          const d = frame.depth[y * 128 + x]!
          const { dir, distancePerDepth } = pixelRay(frame, x, y)
          const p = frame.pose.position.map((o, k) => o + dir[k]! * d * distancePerDepth) as Vec3
          const ground = bilinear(height, p[0], p[2])
          if (!(d > 0) || ground < 0.5) continue
          land++
          if (p[1] - ground > 2) crowns++
        }
      }
      return crowns / land
    }
    // Crowns covered 0.21 of a meadow's land seen from above (a lattice), as much as a forest's.
    expect(await share('a green meadow with rolling hills and a lake on a sunny morning')).toBeLessThan(0.08)
    expect(await share('dense pine forest in the mountains')).toBeGreaterThan(0.15)
  })

  it('in a forest, trees stand back from the spawn: nothing above the horizon within 6 m', async () => {
    for (const prompt of [
      'a misty pine forest with a river at sunset',
      'dense pine forest in the mountains',
    ]) {
      const { hits } = await firstView(prompt)
      const blocking = hits.filter((p) => p && p[1] > EYE[1] && distance(p) < 6).length
      expect(blocking, prompt).toBe(0)
      // A forest still: trees within 40 m stand above the horizon somewhere in view.
      const trees = hits.filter((p) => p && p[1] > EYE[1] + 1 && distance(p) < 40).length
      expect(trees, prompt).toBeGreaterThan(0)
    }
  })

  it('a stream is a few metres of water close by, a river a wide band', async () => {
    // "stream", "creek" and "brook" were synonyms of "river": every stream was a 20 m river 16 m
    // out. Water pixels within 30 m (the material channel) and the nearest of them, from the first view.
    const water = async (prompt: string): Promise<{ share: number; nearest: number }> => {
      const { hits, material } = await firstView(prompt)
      const wet = hits.filter(
        (p, i): p is Vec3 => p !== null && material[i] === MATERIAL.water && distance(p) < 30,
      )
      return { share: wet.length / hits.length, nearest: Math.min(...wet.map(distance)) }
    }
    const river = await water('a misty pine forest with a river at sunset')
    for (const prompt of [
      'woods with a creek',
      'a quiet birch grove beside a stream on an autumn afternoon',
    ]) {
      const stream = await water(prompt)
      expect(stream.share, prompt).toBeGreaterThan(0.01)
      expect(stream.share, prompt).toBeLessThan(river.share * 0.6)
      expect(stream.nearest, prompt).toBeLessThan(14)
    }
  })

  it('a forest named is the forest you stand in: dry land and trees around the spawn, whatever the seed', async () => {
    // "a birch forest" put its spawn on a knoll whose surroundings lay under the water line (a sand
    // spit in a sea, one tree), and the grove's seed put the spawn in a gap of the tree patches
    // hundreds of metres wide (no tree in the whole view).
    for (const prompt of [
      'a birch forest',
      'a quiet birch grove beside a stream on an autumn afternoon',
      'woods with a creek',
    ]) {
      const { hits } = await firstView(prompt)
      const trees = hits.filter((p) => p && p[1] > EYE[1] + 1 && distance(p) < 80).length
      expect(trees / hits.length, prompt).toBeGreaterThan(0.03)
    }
    // Water in view: rays ending on the water plane where the ground lies under it.
    const encoded = encodePrompt('a birch forest')
    const regions = [baseRegion({ style: encoded.style, seed: encoded.seed })]
    const height = (await node.preparedFields(1, regions)).field_height!.data as Float32Array
    const { hits } = await firstView('a birch forest')
    const wet = (p: Vec3): boolean => Math.abs(p[1]) < 0.1 && bilinear(height, p[0], p[2]) < 0
    const water = hits.filter((p) => p && wet(p) && distance(p) < 150).length
    expect(water / hits.length).toBeLessThan(0.01)
  })
})

describe('reference model material channel', () => {
  it('names what each pixel shows: sky exactly where there is no depth, and what the prompt asked for', async () => {
    const shares = async (prompt: string): Promise<Partial<Record<MaterialClass, number>>> => {
      const encoded = encodePrompt(prompt)
      const frame = await node.render({
        id: 1,
        pose: { position: [SPAWN_XZ[0], 2.6, SPAWN_XZ[1]], rotation: [0, 0, 0, 1] },
        camera: { model: 'perspective', width: 96, height: 64 },
        worldVersion: 1,
        regions: [baseRegion({ style: encoded.style, seed: encoded.seed })],
      })
      const material = frame.material!
      expect(material).toHaveLength(96 * 64)
      for (let i = 0; i < material.length; i++) {
        expect(material[i], `pixel ${i}`).toBeLessThan(MATERIAL_CLASSES.length)
        expect(material[i] === MATERIAL.sky, `pixel ${i}`).toBe(!(frame.depth[i]! > 0))
      }
      return materialFractions(material)
    }
    const snowy = await shares('snowy mountains with a frozen lake at dawn')
    expect(snowy.snow).toBeGreaterThan(0.2)
    expect(snowy.ice).toBeGreaterThan(0.05)
    expect(snowy.water).toBeUndefined()
    const river = await shares('a misty pine forest with a river at sunset')
    expect(river.water).toBeGreaterThan(0.05)
    expect(river.tree).toBeGreaterThan(0.02)
    expect(river.snow).toBeUndefined()
    const beach = await shares('tropical beach and ocean at noon')
    expect(beach.sand).toBeGreaterThan(0.1)
    expect(beach.water).toBeGreaterThan(0.1)
  })

  it("teaches the walkers' ground where the river is: teleport lands on water there, walking stops at its bank", async () => {
    // The river's surface lies at 0 m, above the placeholder's water plane (-0.55 m): before the
    // ground learnt materials, a walker could step onto it and teleport onto it.
    const encoded = encodePrompt('a misty pine forest with a river at sunset')
    const eye: Vec3 = [SPAWN_XZ[0], 2.6, SPAWN_XZ[1]]
    const frame = await node.render({
      id: 1,
      pose: { position: eye, rotation: normalizeQuat([-0.2, 0, 0, 1]) },
      camera: { model: 'perspective', width: 128, height: 128, fovYDeg: 90 },
      worldVersion: 1,
      regions: [baseRegion({ style: encoded.style, seed: encoded.seed })],
    })
    const world = new WorldGround()
    const lifted = new LiftCore().lift(frame)
    const b = lifted.batch
    for (let i = 0; i < b.count; i++)
      world.record(
        b.centers[3 * i]!,
        b.centers[3 * i + 1]!,
        b.centers[3 * i + 2]!,
        b.scales[3 * i]!,
        lifted.materials![i],
      )
    const ground = createLearntGround(world)
    expect(ground.isWater(SPAWN_XZ[0], SPAWN_XZ[1])).toBe(false)
    // Straight ahead: land, then the river's near bank within 30 m.
    let bank = NaN
    for (let z = -0.5; z > -30; z -= 0.5)
      if (ground.isWater(SPAWN_XZ[0], z)) {
        bank = z
        break
      }
    expect(bank).toBeLessThan(-3)
    expect(ground.isWater(SPAWN_XZ[0], bank - 3)).toBe(true)
    // A teleport ray at the water lands on water; the walker stops at the bank.
    const [dy, dz] = [-eye[1], bank - 3 - eye[2]]
    const len = Math.hypot(dy, dz)
    const hit = ground.raycast({ x: eye[0], y: eye[1], z: eye[2] }, { x: 0, y: dy / len, z: dz / len }, 60)
    expect(hit?.kind).toBe('water')
    const step = [0, -1]
    new ShoreGuard().trim(ground, SPAWN_XZ[0], bank + 0.6, step)
    expect(step).toEqual([0, 0])
  })
})

describe('reference model regions and caching', () => {
  it('blends two regions smoothly: the atmosphere moves from one style to the other without a cut', async () => {
    const a = styleVector({ fog: 0.1 })
    const b = styleVector({ fog: 0.9 })
    const regions = [
      { id: 'a', center: [0, 0] as [number, number], radius: 2000, style: a, seed: 1 },
      { id: 'b', center: [600, 0] as [number, number], radius: 600, style: b, seed: 2 },
    ]
    const fields = await node.preparedFields(50, regions)
    const atmos = fields.field_atmos!
    const [, , n] = atmos.dims as [number, number, number, number]
    const data = atmos.data as Float32Array
    const fogChannel = 3
    const row = Math.round((n - 1) / 2)
    const fog = Array.from({ length: n }, (_, i) => data[(fogChannel * n + row) * n + i]!)
    const texel = (x: number): number => Math.round(((x / FIELD_HALF + 1) / 2) * (n - 1))
    expect(fog[texel(0)]!).toBeCloseTo(0.1, 1)
    expect(fog[texel(600)]!).toBeCloseTo(0.9, 1)
    let maxStep = 0
    for (let i = 1; i < n; i++) maxStep = Math.max(maxStep, Math.abs(fog[i]! - fog[i - 1]!))
    // 64 m texels; the 0.8 change spreads over several of them (a cut would be one step of 0.8).
    expect(maxStep).toBeLessThan(0.35)
  })

  it('a later region wins at its centre and changes what the frame shows', async () => {
    const base = GOLDEN_CASES[2]!.request
    const single: FrameRequest = { ...base, worldVersion: 60, regions: base.regions.slice(0, 1) }
    const a = await node.render(single)
    const b = await node.render(base)
    expect(rgbDiff(a.rgba, b.rgba, 8).over).toBeGreaterThan(a.rgba.length * 0.05)
  })

  it('runs the prepare stage once per world version and region table', async () => {
    const req = { ...GOLDEN_CASES[0]!.request, worldVersion: 70 }
    await node.render(req)
    expect(node.lastTimings.prepareMs).toBeGreaterThan(0)
    await node.render({ ...req, pose: { position: [5, 2, 5], rotation: [0, 0, 0, 1] } })
    expect(node.lastTimings.prepareMs).toBe(0)
    await node.render({ ...req, worldVersion: 71 })
    expect(node.lastTimings.prepareMs).toBeGreaterThan(0)
  })

  it('fills frame metadata and model time', async () => {
    const req = GOLDEN_CASES[1]!.request
    const frame = await node.render(req)
    expect(frame.requestId).toBe(req.id)
    expect(frame.modelId).toBe('reference-world')
    expect(frame.worldVersion).toBe(req.worldVersion)
    expect(frame.camera).toEqual(req.camera)
    expect(frame.modelMs).toBeGreaterThan(0)
    expect(frame.rgba.length).toBe(128 * 64 * 4)
    expect(frame.depth.length).toBe(128 * 64)
  })

  it('rejects a bad request with a FrameRequestError before running the model', async () => {
    const req = GOLDEN_CASES[0]!.request
    await expect(
      node.render({ ...req, camera: { model: 'perspective', width: 60, height: 64 } }),
    ).rejects.toThrow(FrameRequestError)
    await expect(
      node.render({ ...req, pose: { position: [0, Number.NaN, 0], rotation: [0, 0, 0, 1] } }),
    ).rejects.toThrow(/pose.position/)
  })
})
