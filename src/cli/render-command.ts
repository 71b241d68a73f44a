/**
 * `npm run --silent cli -- render --prompt "<text>" [--pose x,y,z,qx,qy,qz,qw] [--size WxH]
 *   [--on-ground] [--camera perspective|equirect] [--fov deg] [--seed n] [--backend node|web]
 *   [--model id] [--edge ws://HOST:PORT [--token T]] --out frame.png [--depth-out depth.png] [--json]`
 *
 * Renders one frame of the world a prompt makes (the app's base region), with the local frame
 * model or, with --edge, on an edge server (token from --token or WORLDWALK_EDGE_TOKEN), so an
 * edge can be checked from a shell with the same flags and output. With --on-ground the pose's y is
 * metres above the ground at its x, z, which a first tiny frame looking straight down finds
 * (core/ground/ground-probe.ts): a place 6 km out can be looked at without knowing its height.
 * With --json the last stdout line is {ms, backend, model, width, height, ...}; `ms` is model run
 * time (prepare + render), excluding session creation; `materials` the share of the frame in each
 * material class, where the model has that output ({"grass": 0.41, "sky": 0.38, ...}).
 */
import { writeFile } from 'node:fs/promises'
import WebSocket from 'ws'
import type { CameraModel } from '../core/camera'
import type { Frame, FrameRequest } from '../core/frame'
import { materialFractions } from '../core/material'
import { pose as makePose, type Quat, type Vec3 } from '../core/pose'
import { probeGround } from '../core/ground/ground-probe'
import { encodePrompt } from '../core/prompt'
import { baseRegion } from '../core/world/base-region'
import { SPAWN_EYE } from '../core/world/spawn'
import { loadNodeRuntime, type NodeBackend } from '../model/node-loader'
import { EdgeSource, type WebSocketConstructor } from '../sources/edge-source'
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
  edge: { url: string; token: string } | undefined
  out: string
  depthOut: string | undefined
  json: boolean
  onGround: boolean
}

/** Standing at the spawn point at eye height, looking along -Z: the first view the app shows. */
const DEFAULT_POSE = `${SPAWN_EYE.join(',')},0,0,0,1`

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
  let onGround = false
  const known = new Set([
    '--prompt',
    '--pose',
    '--size',
    '--camera',
    '--fov',
    '--seed',
    '--backend',
    '--model',
    '--edge',
    '--token',
    '--out',
    '--depth-out',
  ])
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--json') {
      json = true
      continue
    }
    if (arg === '--on-ground') {
      onGround = true
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
  const edgeUrl = values.get('--edge')
  if (edgeUrl !== undefined && !/^wss?:\/\//.test(edgeUrl))
    throw new UsageError(`--edge must be a ws:// or wss:// URL`)
  const token = values.get('--token') ?? process.env.WORLDWALK_EDGE_TOKEN ?? ''
  if (edgeUrl !== undefined && !token) throw new UsageError('--edge needs --token or WORLDWALK_EDGE_TOKEN')
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
    edge: edgeUrl === undefined ? undefined : { url: edgeUrl, token },
    out,
    depthOut: values.get('--depth-out'),
    json,
    onGround,
  }
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
  const encoded = encodePrompt(args.prompt)
  const req: FrameRequest = {
    id: 1,
    pose: args.pose,
    camera: { model: args.camera, width: args.width, height: args.height, fovYDeg: args.fov },
    worldVersion: 1,
    regions: [baseRegion({ style: encoded.style, seed: args.seed ?? encoded.seed })],
  }
  const renderer = args.edge ? await edgeRenderer(args.edge) : await localRenderer(args)
  try {
    let ground: number | undefined
    if (args.onGround) {
      const [x, , z] = req.pose.position
      const probed = await probeGround((r) => renderer.render(r), 2, x, z, req)
      if (!probed) {
        console.error(`worldwalk render: --on-ground: the model shows no ground under ${x}, ${z}`)
        return 1
      }
      ground = round2(probed.height)
      req.pose = makePose([x, req.pose.position[1] + probed.height, z], req.pose.rotation)
    }
    const frame = await renderer.render(req)
    await writeFile(args.out, encodePng(frame.rgba, args.width, args.height, 4))
    if (args.depthOut)
      await writeFile(args.depthOut, encodePng(depthToGrey(frame.depth), args.width, args.height, 1))
    if (args.json) {
      console.log(
        JSON.stringify({
          ms: round2(frame.modelMs),
          ...renderer.timings(),
          backend: renderer.backend(),
          model: frame.modelId,
          width: args.width,
          height: args.height,
          camera: args.camera,
          out: args.out,
          ...(args.depthOut ? { depthOut: args.depthOut } : {}),
          ...(ground !== undefined ? { ground } : {}),
          ...(frame.material ? { materials: materialFractions(frame.material) } : {}),
        }),
      )
    }
    return 0
  } finally {
    await renderer.dispose()
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100

interface CliRenderer {
  render(req: FrameRequest): Promise<Frame>
  backend(): string
  timings(): Record<string, number>
  dispose(): Promise<void>
}

async function localRenderer(args: RenderArgs): Promise<CliRenderer> {
  const runtime = await loadNodeRuntime({ backend: args.backend, modelId: args.model })
  return {
    render: (req) => runtime.render(req),
    backend: () => runtime.backend,
    timings: () => ({
      prepareMs: round2(runtime.lastTimings.prepareMs),
      renderMs: round2(runtime.lastTimings.renderMs),
    }),
    dispose: () => runtime.dispose(),
  }
}

/** The same request through an edge server; waits up to 10 s for its hello. */
async function edgeRenderer(edge: { url: string; token: string }): Promise<CliRenderer> {
  const source = new EdgeSource({
    url: edge.url,
    token: edge.token,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  })
  const deadline = Date.now() + 10_000
  while (source.status().health !== 'ready') {
    const { health, error } = source.status()
    if ((health === 'failed' && error?.includes('token')) || Date.now() > deadline) {
      source.dispose()
      throw new Error(`edge ${edge.url}: ${error ?? 'no answer'}`)
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  return {
    render: (req) => source.render(req),
    backend: () => `edge ${source.status().backend ?? ''}`.trim(),
    timings: () => ({}),
    dispose: () => Promise.resolve(source.dispose()),
  }
}
