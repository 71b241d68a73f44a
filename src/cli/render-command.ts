/**
 * `npm run --silent cli -- render --prompt "<text>" [--pose x,y,z,qx,qy,qz,qw] [--size WxH]
 *   [--camera perspective|equirect] [--fov deg] [--seed n] [--backend node|web] [--model id]
 *   --out frame.png [--depth-out depth.png] [--json]`
 *
 * Renders one frame of a one-region world made from the prompt with the local frame model.
 * With --json the last stdout line is {ms, backend, model, width, height, ...}; `ms` is model run
 * time (prepare + render), excluding session creation.
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import type { CameraModel } from '../core/camera'
import type { FrameRequest } from '../core/frame'
import { pose as makePose, type Quat, type Vec3 } from '../core/pose'
import { STYLE_DIM, styleVector, type StyleVector } from '../core/style'
import { loadNodeRuntime, type NodeBackend } from '../model/node-loader'
import { depthToGrey, encodePng } from '../model/png'

class UsageError extends Error {}

interface RenderArgs {
  prompt: string
  pose: { position: Vec3; rotation: Quat }
  width: number
  height: number
  camera: CameraModel
  fov: number | undefined
  seed: number | undefined
  backend: NodeBackend
  model: string | undefined
  out: string
  depthOut: string | undefined
  json: boolean
}

/** Standing at the spawn point at eye height, looking along -Z. */
const DEFAULT_POSE = '0,1.7,0,0,0,0,1'

function numbers(text: string, n: number, flag: string): number[] {
  const parts = text.split(',').map((s) => Number(s.trim()))
  if (parts.length !== n || parts.some((x) => !Number.isFinite(x))) {
    throw new UsageError(`${flag} needs ${n} comma-separated numbers, got "${text}"`)
  }
  return parts
}

export function parseRenderArgs(argv: readonly string[]): RenderArgs {
  const values = new Map<string, string>()
  let json = false
  const known = new Set([
    '--prompt',
    '--pose',
    '--size',
    '--camera',
    '--fov',
    '--seed',
    '--backend',
    '--model',
    '--out',
    '--depth-out',
  ])
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--json') {
      json = true
      continue
    }
    const eq = arg.indexOf('=')
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    if (!known.has(flag)) throw new UsageError(`unknown option "${arg}"`)
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined) throw new UsageError(`${flag} needs a value`)
    values.set(flag, value)
  }
  const prompt = values.get('--prompt')
  if (prompt === undefined) throw new UsageError('--prompt "<text>" is required')
  const out = values.get('--out')
  if (!out) throw new UsageError('--out <file.png> is required')
  const p = numbers(values.get('--pose') ?? DEFAULT_POSE, 7, '--pose')
  const size = /^(\d+)x(\d+)$/.exec(values.get('--size') ?? '384x256')
  if (!size) throw new UsageError(`--size must look like 384x256, got "${values.get('--size')}"`)
  const camera = values.get('--camera') ?? 'perspective'
  if (camera !== 'perspective' && camera !== 'equirect')
    throw new UsageError(`--camera must be perspective or equirect`)
  const backend = values.get('--backend') ?? 'node'
  if (backend !== 'node' && backend !== 'web') throw new UsageError(`--backend must be node or web`)
  const fov = values.has('--fov') ? numbers(values.get('--fov')!, 1, '--fov')[0] : undefined
  const seed = values.has('--seed') ? numbers(values.get('--seed')!, 1, '--seed')[0] : undefined
  const q = p.slice(3) as Quat
  const len = Math.hypot(...q)
  if (!(len > 0)) throw new UsageError('--pose rotation quaternion must not be zero')
  return {
    prompt,
    // A hand-typed quaternion is rarely exactly unit length: normalise it here, not in the model.
    pose: makePose(p.slice(0, 3) as Vec3, q.map((x) => x / len) as Quat),
    width: Number(size[1]),
    height: Number(size[2]),
    camera,
    fov,
    seed,
    backend,
    model: values.get('--model'),
    out,
    depthOut: values.get('--depth-out'),
    json,
  }
}

/** A stable seed per prompt, so the same words give the same terrain. */
export function promptSeed(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0) % 65536
}

/**
 * The prompt encoder (core/prompt) is written in parallel with this command: use it when present,
 * otherwise fall back to the default style and say so on stderr.
 */
async function styleFor(prompt: string): Promise<{ style: StyleVector; seed: number }> {
  const url = new URL('../core/prompt/index.ts', import.meta.url)
  if (existsSync(url)) {
    const mod = (await import(url.href)) as { encodePrompt?: (text: string) => unknown }
    if (typeof mod.encodePrompt === 'function') {
      const r = mod.encodePrompt(prompt) as { style?: unknown; seed?: unknown } | null
      const style = r instanceof Float32Array ? r : r?.style
      const seed = typeof r?.seed === 'number' ? r.seed : promptSeed(prompt)
      if (style instanceof Float32Array && style.length === STYLE_DIM) return { style, seed }
    }
    console.error('worldwalk: core/prompt has no usable encodePrompt(text); using the default style')
  } else {
    console.error('worldwalk: prompt encoder not available yet; using the default style')
  }
  return { style: styleVector(), seed: promptSeed(prompt) }
}

export async function runRender(argv: string[]): Promise<number> {
  let args: RenderArgs
  try {
    args = parseRenderArgs(argv)
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`worldwalk render: ${err.message}`)
      return 2
    }
    throw err
  }
  const { style, seed } = await styleFor(args.prompt)
  const runtime = await loadNodeRuntime({ backend: args.backend, modelId: args.model })
  try {
    const req: FrameRequest = {
      id: 1,
      pose: args.pose,
      camera: { model: args.camera, width: args.width, height: args.height, fovYDeg: args.fov },
      worldVersion: 1,
      regions: [{ id: 'prompt', center: [0, 0], radius: 1500, style, seed: args.seed ?? seed }],
    }
    const frame = await runtime.render(req)
    await writeFile(args.out, encodePng(frame.rgba, args.width, args.height, 4))
    if (args.depthOut)
      await writeFile(args.depthOut, encodePng(depthToGrey(frame.depth), args.width, args.height, 1))
    if (args.json) {
      console.log(
        JSON.stringify({
          ms: Math.round(frame.modelMs * 100) / 100,
          prepareMs: Math.round(runtime.lastTimings.prepareMs * 100) / 100,
          renderMs: Math.round(runtime.lastTimings.renderMs * 100) / 100,
          backend: runtime.backend,
          model: runtime.modelId,
          width: args.width,
          height: args.height,
          camera: args.camera,
          out: args.out,
          ...(args.depthOut ? { depthOut: args.depthOut } : {}),
        }),
      )
    }
    return 0
  } finally {
    await runtime.dispose()
  }
}
