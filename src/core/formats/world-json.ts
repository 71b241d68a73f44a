/**
 * The world document as a small JSON file: the prompt, the region table and the start pose. It
 * regenerates the world anywhere (the frame model is deterministic), so it is the tiny export.
 *
 * This is a self-contained schema for export and import. src/core/world (the event-sourced world
 * document with versions and undo) is being built alongside; the two should be unified later, with
 * this file becoming that document's serialised snapshot.
 */
import type { Pose, Quat, Vec3 } from '../pose'
import { MAX_REGIONS, type Region } from '../region'
import { STYLE_DIM } from '../style'
import { FormatError } from './format-error'
import type { ImportLimits } from './limits'

export const WORLD_FORMAT = 'worldwalk-world'
export const WORLD_VERSION = 1

export interface WorldFileRegion {
  id: string
  /** Ground-plane centre (x, z), metres. */
  center: [number, number]
  radius: number
  /** Integer in [0, 2^16). */
  seed: number
  /** STYLE_DIM numbers in [0, 1] (see core/style). */
  style: number[]
}

export interface WorldFile {
  format: typeof WORLD_FORMAT
  version: typeof WORLD_VERSION
  /** The words the world was made from (informational: regions carry what the model needs). */
  prompt: string
  regions: WorldFileRegion[]
  /** Where a viewer starts, three.js axes. */
  start: Pose
}

export interface ImportedWorld {
  kind: 'world'
  format: 'json'
  world: WorldFile
}

/** A world file for regions and a start pose; style vectors are stored as exact float32 values. */
export function makeWorldFile(prompt: string, regions: readonly Region[], start: Pose): WorldFile {
  return {
    format: WORLD_FORMAT,
    version: WORLD_VERSION,
    prompt,
    regions: regions.map((r) => ({
      id: r.id,
      center: [r.center[0], r.center[1]],
      radius: r.radius,
      seed: r.seed,
      style: Array.from(r.style),
    })),
    start: { position: [...start.position], rotation: [...start.rotation] },
  }
}

/** The file's regions as the frame model's Region rows. */
export function regionsOf(w: WorldFile): Region[] {
  return w.regions.map((r) => ({
    id: r.id,
    center: [r.center[0], r.center[1]],
    radius: r.radius,
    seed: r.seed,
    style: Float32Array.from(r.style),
  }))
}

/** Stable key order and 2-space indentation: equal worlds give byte-identical files. */
export function writeWorldJson(w: WorldFile): Uint8Array {
  const ordered: WorldFile = {
    format: w.format,
    version: w.version,
    prompt: w.prompt,
    regions: w.regions.map((r) => ({
      id: r.id,
      center: r.center,
      radius: r.radius,
      seed: r.seed,
      style: r.style,
    })),
    start: { position: w.start.position, rotation: w.start.rotation },
  }
  return new TextEncoder().encode(JSON.stringify(ordered, null, 2) + '\n')
}

function fail(message: string): never {
  throw new FormatError('bad-json', message, 'json')
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function finiteArray(v: unknown, n: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== n) fail(`${what} must be an array of ${n} numbers`)
  for (const x of v as unknown[])
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${what} must be finite numbers`)
  return v as number[]
}

/** Parses and validates a world file; rejects anything that would not drive the model safely. */
export function readWorldJson(bytes: Uint8Array, limits: ImportLimits): ImportedWorld {
  // A world file is a few kilobytes; the header cap bounds it, so JSON.parse never sees a huge input.
  if (bytes.length > limits.maxHeaderBytes)
    throw new FormatError(
      'too-large',
      `${bytes.length} bytes, over the ${limits.maxHeaderBytes}-byte limit`,
      'json',
    )
  let doc: unknown
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (err) {
    fail(`not valid JSON (${(err as Error).message})`)
  }
  if (!isRecord(doc)) fail('top level must be an object')
  if (doc.format !== WORLD_FORMAT) fail(`"format" must be "${WORLD_FORMAT}"`)
  if (doc.version !== WORLD_VERSION) {
    throw new FormatError(
      'unsupported',
      `world file version ${String(doc.version)} (this reader takes 1)`,
      'json',
    )
  }
  if (typeof doc.prompt !== 'string' || doc.prompt.length > 10_000) fail('"prompt" must be a string')
  if (!Array.isArray(doc.regions) || doc.regions.length < 1 || doc.regions.length > MAX_REGIONS)
    fail(`"regions" must hold 1 to ${MAX_REGIONS} regions`)
  const ids = new Set<string>()
  const regions = (doc.regions as unknown[]).map((r, i): WorldFileRegion => {
    if (!isRecord(r)) fail(`region ${i} must be an object`)
    if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > 200)
      fail(`region ${i}: "id" must be a string`)
    if (ids.has(r.id)) fail(`region ${i}: duplicate id "${r.id}"`)
    ids.add(r.id)
    const center = finiteArray(r.center, 2, `region ${i} "center"`)
    const [radius] = finiteArray([r.radius], 1, `region ${i} "radius"`)
    if (!(radius! > 0)) fail(`region ${i}: "radius" must be > 0`)
    if (!Number.isInteger(r.seed) || (r.seed as number) < 0 || (r.seed as number) >= 65536)
      fail(`region ${i}: "seed" must be an integer in [0, 65536)`)
    const style = finiteArray(r.style, STYLE_DIM, `region ${i} "style"`)
    return { id: r.id, center: [center[0]!, center[1]!], radius: radius!, seed: r.seed as number, style }
  })
  if (!isRecord(doc.start)) fail('"start" must be an object with position and rotation')
  const position = finiteArray(doc.start.position, 3, '"start.position"') as Vec3
  const rotation = finiteArray(doc.start.rotation, 4, '"start.rotation"') as Quat
  const len = Math.hypot(...rotation)
  if (Math.abs(len - 1) > 1e-3) fail('"start.rotation" must be a unit quaternion (x, y, z, w)')
  return {
    kind: 'world',
    format: 'json',
    world: {
      format: WORLD_FORMAT,
      version: WORLD_VERSION,
      prompt: doc.prompt as string,
      regions,
      start: { position: [...position], rotation: rotation.map((q) => q / len) as Quat },
    },
  }
}
