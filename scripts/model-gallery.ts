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
import type { CameraModel } from '../src/core/camera'
import { loadNodeRuntime } from '../src/model/node-loader'
import { encodePng } from '../src/model/png'

interface Shot {
  name: string
  prompt: string
  /** Eye position and view direction (yaw, pitch in degrees). */
  at?: [number, number, number]
  yaw?: number
  pitch?: number
  camera?: CameraModel
}

export const SHOTS: Shot[] = [
  { name: 'meadow', prompt: 'a green meadow with rolling hills and a lake on a sunny morning' },
  { name: 'pine-forest', prompt: 'dense pine forest in the mountains, misty', yaw: 30 },
  { name: 'desert', prompt: 'desert dunes at sunset' },
  { name: 'snowy-mountains', prompt: 'snowy mountains, clear day', at: [0, 25, 0], pitch: 4 },
  { name: 'beach', prompt: 'tropical beach and ocean at noon', yaw: 90 },
  { name: 'canyon', prompt: 'red rock canyon in the afternoon', at: [0, 12, 0], pitch: -3 },
  { name: 'volcanic', prompt: 'volcanic wasteland with lava at dusk', at: [0, 6, 0] },
  { name: 'night', prompt: 'autumn woods by a lake at night, clear sky', pitch: 12 },
]

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
      const frame = await runtime.render({
        id: id++,
        pose: {
          position: shot.at ?? [0, 1.7, 0],
          rotation: yawPitchQuat(((shot.yaw ?? 0) * Math.PI) / 180, ((shot.pitch ?? 2) * Math.PI) / 180),
        },
        camera: { model: camera, width, height },
        worldVersion: id,
        regions: [{ id: shot.name, center: [0, 0], radius: 1500, style: enc.style, seed: enc.seed }],
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
