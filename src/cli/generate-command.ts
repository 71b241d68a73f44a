/**
 * `npm run --silent cli -- generate (--prompt "<text>" | --from world.json|splats) --out FILE
 *   [--json] [--levels 64,128] [--size 2048x1024] [--backend node|web] [--spz-version 3|4]
 *   [--max-splats N] [--around X,Z --radius R [--spacing S]]`
 *
 * Generates a world headlessly and writes FILE by its extension:
 * - .json  the world document (its edit log and region table, prompt, start pose); no rendering.
 *   --from also reads the old log-less world file (migrated) and a document saved by the app;
 *   placed files in its log are not drawn here (their bytes are not in the .json)
 * - .spz / .ply / .splat / .glb  the start point's surroundings, explored as the app explores
 *   them (session/explore.ts: the app's own session); .glb adds a collider mesh derived from depth
 * - .png  a 360-degree equirectangular panorama from the start pose (--size, default 2048x1024)
 * --from also takes a splat file (.spz of any version 1-4, .ply, .splat, .glb): it is re-written
 * as FILE (a splat format) with no rendering, e.g. to convert spz v4 to v3 or to shrink a file.
 * --spz-version: 3 (default; Spark 2.2 reads 1-3) or 4 (ZSTD, smaller; Niantic's and PlayCanvas's).
 * --max-splats N: keeps the N splats that matter most from the start pose (export-size.ts); a .glb
 * collider is still made from every splat.
 * --around X,Z --radius R: a splat file of that area instead of the start's surroundings, however
 * far out (the model's tiles follow): the area is walked over a hexagonal grid of viewpoints
 * --spacing metres apart (default 25; --levels default 64 here), each standing on the model's
 * ground and covered as the app covers where the viewer stands, lifting to the spacing; splats
 * outside the area are cut.
 * Frames are taken at eye height, so ground far from every viewpoint is seen only at a grazing
 * angle: at 100 m spacing a top view of the export is ~20 % covered, at 25 m ~77 % (the rest is
 * behind trees and banks). A radius of 120 m at 25 m spacing is 85 viewpoints (~40 s at --levels 64).
 * The same world .json always gives byte-identical files. With --json the last stdout line is a
 * summary {out, format, frames, splats, viewpoints (with --around), bytes, ms}.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import {
  DEFAULT_START,
  heightFieldCollider,
  importLimits,
  isFormatError,
  keepMostImportant,
  readSplatFile,
  makeWorldFile,
  readWorldJson,
  regionsOf,
  writeGlb,
  writePly,
  writeSplat,
  writeSpz,
  writeWorldJson,
  type SpzVersion,
  type Viewpoint,
  type WorldFile,
} from '../core/formats'
import type { SplatBatch } from '../core/lift'
import { encodePrompt } from '../core/prompt'
import { loadNodeRuntime, type NodeBackend } from '../model/node-loader'
import { baseRegion } from '../core/world/base-region'
import { encodePng } from '../model/png'
import { areaViewpoints, exploreArea, exploreStart } from '../session/explore'
import { parseFlags, UsageError } from './flags'

const OUTPUTS = ['.json', '.spz', '.ply', '.splat', '.glb', '.png'] as const
type Output = (typeof OUTPUTS)[number]

/** A prompt's world: one base region around the origin, standing at eye height looking down -Z. */
export function worldFromPrompt(prompt: string): WorldFile {
  const enc = encodePrompt(prompt)
  return makeWorldFile(prompt, [baseRegion(enc)], {
    position: [...DEFAULT_START.position],
    rotation: [...DEFAULT_START.rotation],
  })
}

interface GenerateArgs {
  prompt?: string
  from?: string
  out: string
  output: Output
  json: boolean
  levels: number[]
  width: number
  height: number
  backend: NodeBackend
  spzVersion: SpzVersion
  maxSplats: number | undefined
  /** --around X,Z --radius R: the area to export, and the viewpoints' spacing (metres). */
  area: { center: [number, number]; radius: number; spacing: number } | undefined
}

/**
 * Most viewpoints an area may take: a radius of ~290 m at the default spacing, ~9 M splats at
 * --levels 64 (every splat is held until the file is written).
 */
const MAX_VIEWPOINTS = 500

const SPLAT_INPUT = /\.(spz|ply|splat|glb)$/i

function parseArgs(argv: readonly string[]): GenerateArgs {
  const f = parseFlags(
    argv,
    [
      '--prompt',
      '--from',
      '--out',
      '--levels',
      '--size',
      '--backend',
      '--spz-version',
      '--max-splats',
      '--around',
      '--radius',
      '--spacing',
    ],
    ['--json'],
  )
  if (f.positional.length > 0) throw new UsageError(`unexpected argument "${f.positional[0]}"`)
  const prompt = f.values.get('--prompt')
  const from = f.values.get('--from')
  if ((prompt === undefined) === (from === undefined))
    throw new UsageError('give one of --prompt "<text>" or --from world.json')
  const out = f.values.get('--out')
  if (!out) throw new UsageError('--out FILE is required (.json, .spz, .ply, .splat, .glb or .png)')
  const output = extname(out).toLowerCase() as Output
  if (!OUTPUTS.includes(output)) throw new UsageError(`--out must end in ${OUTPUTS.join(', ')}, got "${out}"`)
  // An area is lifted from many viewpoints that each see its ground close up: 64 px frames
  // already give ~30 splats per square metre there, and 128 px four times that.
  const defaultLevels = f.values.has('--around') ? '64' : '64,128'
  const levels = (f.values.get('--levels') ?? defaultLevels).split(',').map(Number)
  if (levels.some((l) => !Number.isInteger(l) || l < 16 || l > 1024))
    throw new UsageError('--levels must be frame sizes between 16 and 1024, e.g. 64,128')
  const size = /^(\d+)x(\d+)$/.exec(f.values.get('--size') ?? '2048x1024')
  if (!size) throw new UsageError('--size must look like 2048x1024')
  const backend = f.values.get('--backend') ?? 'node'
  if (backend !== 'node' && backend !== 'web') throw new UsageError('--backend must be node or web')
  const spzVersion = Number(f.values.get('--spz-version') ?? '3')
  if (spzVersion !== 3 && spzVersion !== 4)
    throw new UsageError('--spz-version must be 3 (read by Spark 2.2) or 4 (ZSTD)')
  const max = f.values.get('--max-splats')
  const maxSplats = max === undefined ? undefined : Number(max)
  if (maxSplats !== undefined && !(Number.isInteger(maxSplats) && maxSplats > 0))
    throw new UsageError('--max-splats must be a whole number above 0, e.g. 100000')
  if (from !== undefined && SPLAT_INPUT.test(from) && (output === '.json' || output === '.png'))
    throw new UsageError('--from a splat file writes splats: --out must be .spz, .ply, .splat or .glb')
  const area = parseArea(f.values.get('--around'), f.values.get('--radius'), f.values.get('--spacing'))
  if (area && (output === '.json' || output === '.png' || (from !== undefined && SPLAT_INPUT.test(from))))
    throw new UsageError('--around exports an area of a world: --out must be .spz, .ply, .splat or .glb')
  return {
    ...(prompt !== undefined ? { prompt } : {}),
    ...(from !== undefined ? { from } : {}),
    out,
    output,
    json: f.switches.has('--json'),
    levels,
    width: Number(size[1]),
    height: Number(size[2]),
    backend,
    spzVersion,
    maxSplats,
    area,
  }
}

function parseArea(
  around: string | undefined,
  radius: string | undefined,
  spacing: string | undefined,
): GenerateArgs['area'] {
  if (around === undefined && radius === undefined && spacing === undefined) return undefined
  if (around === undefined || radius === undefined)
    throw new UsageError('--around X,Z and --radius R come together, e.g. --around 3000,-1500 --radius 300')
  const c = around.split(',').map((v) => (v.trim() === '' ? NaN : Number(v)))
  if (c.length !== 2 || !c.every(Number.isFinite) || c.some((v) => Math.abs(v) > 1e6))
    throw new UsageError(`--around must be two numbers in metres, X,Z (within 1000 km), got "${around}"`)
  const r = Number(radius)
  if (!(r > 0 && r <= 5000))
    throw new UsageError(`--radius must be metres above 0 and at most 5000, got "${radius}"`)
  const s = Number(spacing ?? '25')
  if (!(s >= 10 && s <= 1000)) throw new UsageError(`--spacing must be 10 to 1000 metres, got "${spacing}"`)
  const viewpoints = areaViewpoints({ center: [c[0]!, c[1]!], radius: r }, s).length
  if (viewpoints > MAX_VIEWPOINTS)
    throw new UsageError(
      `--radius ${r} at --spacing ${s} needs ${viewpoints} viewpoints (at most ${MAX_VIEWPOINTS}): a wider spacing or a smaller area`,
    )
  return { center: [c[0]!, c[1]!], radius: r, spacing: s }
}

/** Writes splats in the output's format: the collider first, from every splat, then the size cut. */
async function encodeSplats(
  args: GenerateArgs,
  all: SplatBatch,
  viewpoints: Viewpoint[],
): Promise<Uint8Array> {
  const s = args.maxSplats !== undefined ? keepMostImportant(all, args.maxSplats, viewpoints) : all
  switch (args.output) {
    case '.spz': return writeSpz(s, { version: args.spzVersion })
    case '.ply': return writePly(s)
    case '.splat': return writeSplat(s)
    default: return writeGlb(s, { collider: heightFieldCollider(all) })
  } // prettier-ignore
}

/** `--from file.spz` and friends: re-encodes the splats, no model involved. */
async function convertSplats(args: GenerateArgs): Promise<number> {
  const t0 = performance.now()
  const file = await readSplatFile(new Uint8Array(await readFile(args.from!)), {
    name: args.from!,
    limits: importLimits('desktop'),
  })
  if (file.kind !== 'splats') throw new UsageError(`${args.from} is a world file, not splats`)
  const bytes = await encodeSplats(args, file.splats, [])
  await writeFile(args.out, bytes)
  if (args.json) {
    const splats = Math.min(file.splats.count, args.maxSplats ?? Infinity)
    const ms = { total: Math.round(performance.now() - t0) }
    console.log(
      JSON.stringify({
        out: args.out,
        format: args.output.slice(1),
        frames: 0,
        splats,
        bytes: bytes.length,
        ms,
      }),
    )
  }
  return 0
}

async function loadWorld(args: GenerateArgs): Promise<WorldFile> {
  if (args.prompt !== undefined) return worldFromPrompt(args.prompt)
  return readWorldJson(new Uint8Array(await readFile(args.from!)), importLimits('desktop')).world
}

export async function runGenerate(argv: string[]): Promise<number> {
  let args: GenerateArgs
  try {
    args = parseArgs(argv)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`worldwalk generate: ${err.message}`)
    return 2
  }
  if (args.from !== undefined && SPLAT_INPUT.test(args.from)) {
    try {
      return await convertSplats(args)
    } catch (err) {
      if (!(err instanceof UsageError) && !isFormatError(err)) throw err
      console.error(
        `worldwalk generate: ${args.from}: ${isFormatError(err) ? `${err.code}: ` : ''}${err.message}`,
      )
      return 1
    }
  }
  const t0 = performance.now()
  const world = await loadWorld(args)
  let bytes: Uint8Array
  let frames = 0
  let splats: number | undefined
  let viewpoints: number | undefined
  const ms: Record<string, number> = {}
  if (args.output === '.json') {
    bytes = writeWorldJson(world)
  } else {
    const runtime = await loadNodeRuntime({ backend: args.backend })
    ms.load = performance.now() - t0
    try {
      const regions = regionsOf(world)
      const t1 = performance.now()
      if (args.output === '.png') {
        const frame = await runtime.render({
          id: 1,
          pose: world.start,
          camera: { model: 'equirect', width: args.width, height: args.height },
          worldVersion: 1,
          regions,
        })
        frames = 1
        bytes = encodePng(frame.rgba, args.width, args.height, 4)
      } else if (args.area) {
        const { center, radius, spacing } = args.area
        const explored = await exploreArea(
          runtime,
          regions,
          { center, radius },
          {
            levels: args.levels,
            spacing,
            heading: world.start.rotation,
          },
        )
        frames = explored.frames
        viewpoints = explored.viewpoints.length
        splats = Math.min(explored.splats.count, args.maxSplats ?? Infinity)
        bytes = await encodeSplats(args, explored.splats, explored.viewpoints)
      } else {
        const explored = await exploreStart(runtime, regions, world.start, { levels: args.levels })
        frames = explored.frames
        splats = Math.min(explored.splats.count, args.maxSplats ?? Infinity)
        const p = world.start.position
        bytes = await encodeSplats(args, explored.splats, [[p[0]!, p[1]!, p[2]!]])
      }
      ms.render = performance.now() - t1
    } finally {
      await runtime.dispose()
    }
  }
  await writeFile(args.out, bytes)
  ms.total = performance.now() - t0
  if (args.json) {
    const round = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)]))
    console.log(
      JSON.stringify({
        out: args.out,
        format: args.output.slice(1),
        frames,
        ...(splats !== undefined ? { splats } : {}),
        ...(viewpoints !== undefined ? { viewpoints } : {}),
        bytes: bytes.length,
        ms: round,
      }),
    )
  }
  return 0
}
