/**
 * `npx tsx scripts/model-gallery.ts [outDir] [--size WxH]`: renders the reference model for a set
 * of prompts (through core/prompt, like the app) and writes one PNG per prompt, plus a combined
 * equirect panorama. docs/gallery/ is made with it; look at every image before committing.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { encodePrompt } from '../src/core/prompt'
import { yawPitchQuat } from '../src/core/pose'
import { SPAWN_EYE } from '../src/core/world/spawn'
import type { CameraModel } from '../src/core/camera'
import { loadNodeRuntime } from '../src/model/node-loader'
import { encodePng } from '../src/model/png'
import { FIELD_HALF, FIELD_SIZE } from '../models/build/world-layout'

interface Shot {
  name: string
  prompt: string
  /**
   * Where to stand: 'spawn' (the app's first view, SPAWN_EYE) or 'lookout' (the highest ground within
   * `range` m, `eye` m above it, looking back over the spawn valley). Yaw and pitch in degrees.
   */
  stand?: 'spawn' | 'lookout'
  range?: number
  eye?: number
  yaw?: number
  pitch?: number
  camera?: CameraModel
}

export const SHOTS: Shot[] = [
  {
    name: 'meadow',
    prompt: 'a green meadow with rolling hills and a lake on a sunny morning',
    stand: 'lookout',
    eye: 30,
    pitch: -12,
  },
  {
    name: 'pine-forest',
    prompt: 'dense pine forest in the mountains, misty',
    stand: 'spawn',
    yaw: 30,
    pitch: 4,
  },
  { name: 'desert', prompt: 'desert dunes at sunset', stand: 'lookout', eye: 6, pitch: -4 },
  { name: 'snowy-mountains', prompt: 'snowy mountains, clear day', stand: 'spawn', pitch: 12 },
  { name: 'beach', prompt: 'tropical beach and ocean at noon', stand: 'spawn', yaw: -15, pitch: 2 },
  { name: 'sea-cliffs', prompt: 'a cliff over the sea', stand: 'spawn', yaw: -20, pitch: 6 },
  { name: 'canyon', prompt: 'red rock canyon in the afternoon', stand: 'spawn', pitch: 6 },
  { name: 'volcanic', prompt: 'volcanic wasteland with lava at dusk', stand: 'lookout', eye: 10, pitch: -8 },
  {
    name: 'night',
    prompt: 'autumn woods by a lake at night, clear sky',
    stand: 'lookout',
    eye: 20,
    pitch: -2,
  },
  { name: 'northern-lights', prompt: 'northern lights over a frozen lake', stand: 'spawn', pitch: 14 },
  { name: 'mountain-village', prompt: 'a mountain village at sunset', stand: 'spawn', pitch: 3 },
  { name: 'cacti', prompt: 'a rocky desert with cacti', stand: 'spawn', pitch: 2 },
  { name: 'savanna', prompt: 'a savanna in the late afternoon', stand: 'spawn', pitch: 2 },
  { name: 'swamp', prompt: 'a misty bayou at dawn', stand: 'spawn', pitch: 2 },
  { name: 'flowers', prompt: 'a meadow full of wildflowers', stand: 'spawn', pitch: -4 },
]

/** Bilinear lookup in the reference model's baked height field. */
function heightAt(field: Float32Array, x: number, z: number): number {
  const f = (v: number): number =>
    Math.min(Math.max(((v / FIELD_HALF + 1) / 2) * (FIELD_SIZE - 1), 0), FIELD_SIZE - 1.001)
  const fx = f(x)
  const fz = f(z)
  const ix = Math.floor(fx)
  const iz = Math.floor(fz)
  const at = (i: number, j: number): number => field[j * FIELD_SIZE + i]!
  const tx = fx - ix
  const tz = fz - iz
  return (
    (at(ix, iz) * (1 - tx) + at(ix + 1, iz) * tx) * (1 - tz) +
    (at(ix, iz + 1) * (1 - tx) + at(ix + 1, iz + 1) * tx) * tz
  )
}

/** Camera position and yaw for a shot, from the world's height field. */
function standPoint(shot: Shot, field: Float32Array): { position: [number, number, number]; yaw: number } {
  if ((shot.stand ?? 'spawn') === 'spawn')
    return { position: [...SPAWN_EYE], yaw: ((shot.yaw ?? 0) * Math.PI) / 180 }
  const range = shot.range ?? 450
  let best: [number, number, number] = [0, -Infinity, 0]
  let low: [number, number, number] = [0, Infinity, 0]
  for (let i = -8; i <= 8; i++) {
    for (let j = -8; j <= 8; j++) {
      const x = (i / 8) * range
      const z = (j / 8) * range
      const h = heightAt(field, x, z)
      if (h > best[1]) best = [x, h, z]
      if (h < low[1]) low = [x, h, z]
    }
  }
  // Face the lowest ground around (a valley, a lake): yaw 0 looks down -Z, positive turns left.
  const yaw = Math.atan2(best[0] - low[0], best[2] - low[2]) + ((shot.yaw ?? 0) * Math.PI) / 180
  return { position: [best[0], best[1] + (shot.eye ?? 3), best[2]], yaw }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const outDir = args.find((a) => !a.startsWith('--')) ?? 'docs/gallery'
  const sizeArg = args.find((a) => a.startsWith('--size='))?.slice(7) ?? '384x256'
  const only = args.find((a) => a.startsWith('--only='))?.slice(7)
  const [width, height] = sizeArg.split('x').map(Number) as [number, number]
  await mkdir(outDir, { recursive: true })
  const runtime = await loadNodeRuntime({ backend: 'node' })
  const frames: Uint8Array[] = []
  try {
    let id = 0
    for (const shot of SHOTS) {
      if (only && !only.split(',').includes(shot.name)) continue
      const enc = encodePrompt(shot.prompt)
      const camera = shot.camera ?? 'perspective'
      const regions = [
        { id: shot.name, center: [0, 0] as [number, number], radius: 1500, style: enc.style, seed: enc.seed },
      ]
      const fields = await runtime.preparedFields(id + 1, regions)
      const stand = standPoint(shot, fields.field_height!.data as Float32Array)
      const frame = await runtime.render({
        id: id++,
        pose: {
          position: stand.position,
          rotation: yawPitchQuat(stand.yaw, ((shot.pitch ?? 2) * Math.PI) / 180),
        },
        camera: { model: camera, width, height },
        worldVersion: id,
        regions,
      })
      const file = join(outDir, `${shot.name}.png`)
      await writeFile(file, encodePng(frame.rgba, width, height))
      frames.push(frame.rgba)
      const t = runtime.lastTimings
      console.log(
        `${file}: prepare ${t.prepareMs.toFixed(0)} ms, render ${t.renderMs.toFixed(0)} ms — "${shot.prompt}"`,
      )
    }
  } finally {
    await runtime.dispose()
  }
  if (args.includes('--sheet'))
    await writeFile(join(outDir, 'sheet.png'), contactSheet(frames, width, height, 2))
}

/** All frames on one image, `cols` per row, for looking at a whole gallery at once. */
function contactSheet(
  frames: readonly Uint8Array[],
  width: number,
  height: number,
  cols: number,
): Uint8Array {
  const rows = Math.ceil(frames.length / cols)
  const sw = width * cols
  const out = new Uint8Array(sw * height * rows * 4)
  frames.forEach((f, i) => {
    const ox = (i % cols) * width
    const oy = Math.floor(i / cols) * height
    for (let y = 0; y < height; y++)
      out.set(f.subarray(y * width * 4, (y + 1) * width * 4), ((oy + y) * sw + ox) * 4)
  })
  return encodePng(out, sw, height * rows)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(`model-gallery: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = 1
  })
}
