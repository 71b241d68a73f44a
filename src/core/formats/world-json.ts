/**
 * The world `.json` file: the world document (its edit log, which regenerates the world anywhere,
 * the frame model being deterministic) plus the words it was made from and where a viewer starts.
 * It is a WorldDocumentJson with two more fields, so storage, the app and the CLI read one schema.
 *
 * Files written before the two schemas were unified ({format, version: 1, prompt, regions, start},
 * no log) are migrated on read: a create of the first region and an expand for each later one.
 */
import type { Pose, Quat, Vec3 } from '../pose'
import type { Region } from '../region'
import { MAX_WORLD_REGIONS } from '../region-reach'
import { styleLengthFor } from '../style'
import {
  WORLD_FORMAT,
  WORLD_SCHEMA_VERSION,
  WorldDocument,
  WorldDocumentError,
  WorldEditError,
  parseWorldDocument,
  regionFromData,
  regionToData,
  SPAWN_EYE,
  worldDocumentToJson,
  type RegionData,
  type WorldDocumentJson,
} from '../world'
import { FormatError } from './format-error'
import type { ImportLimits } from './limits'

export { WORLD_FORMAT }

/** The `version` of the old, log-less world file; the unified file carries `schemaVersion` instead. */
export const LEGACY_WORLD_FILE_VERSION = 1

export interface WorldFile extends WorldDocumentJson {
  /** The words the world was made from (informational: the log carries what the model needs). */
  prompt: string
  /** Where a viewer starts, three.js axes. */
  start: Pose
}

export interface ImportedWorld {
  kind: 'world'
  format: 'json'
  world: WorldFile
  /** True when the file was in the old log-less shape and was migrated. */
  migrated: boolean
}

/** Where a world made from a prompt is entered: eye height over the spawn, looking down -Z. */
export const DEFAULT_START: Pose = { position: [...SPAWN_EYE], rotation: [0, 0, 0, 1] }

/** A world file for a document and a start pose. */
export function worldFileFromDocument(doc: WorldDocument, prompt: string, start: Pose): WorldFile {
  return {
    ...worldDocumentToJson(doc),
    prompt,
    start: { position: [...start.position], rotation: [...start.rotation] },
  }
}

/**
 * A document for a bare region table: a create of the first region, an expand per later one, at
 * time 0 so the same table always gives the same bytes. Ids follow the log (`base`, `r2`, ...).
 */
export function documentFromRegions(prompt: string, regions: readonly Region[]): WorldDocument {
  const doc = new WorldDocument({ now: () => 0 })
  regions.forEach((r, i) =>
    doc.apply({
      kind: i === 0 ? 'create' : 'expand',
      description: i === 0 ? prompt : r.id,
      region: regionToData(r),
    }),
  )
  return doc
}

/** A world file for a region table (the CLI's prompt worlds, tests). */
export function makeWorldFile(prompt: string, regions: readonly Region[], start: Pose): WorldFile {
  return worldFileFromDocument(documentFromRegions(prompt, regions), prompt, start)
}

/** The file's regions as the frame model's Region rows. */
export function regionsOf(w: WorldFile): Region[] {
  return w.regions.map((r) => regionFromData(r.id, r))
}

/** Stable key order and 2-space indentation: equal worlds give byte-identical files. */
export function writeWorldJson(w: WorldFile): Uint8Array {
  const ordered = {
    format: w.format,
    schemaVersion: w.schemaVersion,
    prompt: w.prompt,
    start: { position: w.start.position, rotation: w.start.rotation },
    version: w.version,
    regions: w.regions.map((r) => ({
      id: r.id,
      center: r.center,
      radius: r.radius,
      seed: r.seed,
      style: r.style,
    })),
    log: w.log.map((e) => ({ version: e.version, time: e.time, description: e.description, edit: e.edit })),
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

function readStart(v: unknown): Pose {
  if (v === undefined) return { position: [...DEFAULT_START.position], rotation: [...DEFAULT_START.rotation] }
  if (!isRecord(v)) fail('"start" must be an object with position and rotation')
  const position = finiteArray(v.position, 3, '"start.position"') as Vec3
  const rotation = finiteArray(v.rotation, 4, '"start.rotation"') as Quat
  const len = Math.hypot(...rotation)
  if (Math.abs(len - 1) > 1e-3) fail('"start.rotation" must be a unit quaternion (x, y, z, w)')
  return { position: [...position], rotation: rotation.map((q) => q / len) as Quat }
}

/** The old log-less file's regions, checked as strictly as before, as a region table. */
function legacyRegions(v: unknown): Region[] {
  if (!Array.isArray(v) || v.length < 1 || v.length > MAX_WORLD_REGIONS)
    fail(`"regions" must hold 1 to ${MAX_WORLD_REGIONS} regions`)
  const ids = new Set<string>()
  return (v as unknown[]).map((r, i) => {
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
    const style = finiteArray(r.style, styleLengthFor(r.style), `region ${i} "style"`)
    const data: RegionData = {
      center: [center[0]!, center[1]!],
      radius: radius!,
      seed: r.seed as number,
      style,
    }
    return regionFromData(r.id, data)
  })
}

/** Turns the document's own errors into the format reader's error, keeping the field path. */
function asFormatError(err: unknown): never {
  if (err instanceof WorldDocumentError || err instanceof WorldEditError) fail(err.message)
  throw err
}

/**
 * Parses and validates a world file, either shape: the log is replayed and must match the stored
 * region table bit for bit, so a file that would drive the model wrongly is refused here.
 */
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
  if (doc.prompt !== undefined && (typeof doc.prompt !== 'string' || doc.prompt.length > 10_000))
    fail('"prompt" must be a string')
  const start = readStart(doc.start)
  if (doc.schemaVersion === undefined && !('log' in doc)) {
    if (doc.version !== LEGACY_WORLD_FILE_VERSION) {
      throw new FormatError(
        'unsupported',
        `world file version ${String(doc.version)} (this reader takes ${LEGACY_WORLD_FILE_VERSION})`,
        'json',
      )
    }
    if (typeof doc.prompt !== 'string') fail('"prompt" must be a string')
    let migrated: WorldDocument
    try {
      migrated = documentFromRegions(doc.prompt, legacyRegions(doc.regions))
    } catch (err) {
      asFormatError(err)
    }
    return {
      kind: 'world',
      format: 'json',
      world: worldFileFromDocument(migrated, doc.prompt, start),
      migrated: true,
    }
  }
  if (doc.schemaVersion !== WORLD_SCHEMA_VERSION) {
    throw new FormatError(
      'unsupported',
      `world schema version ${String(doc.schemaVersion)} (this reader takes ${WORLD_SCHEMA_VERSION})`,
      'json',
    )
  }
  let parsed: WorldDocument
  try {
    parsed = parseWorldDocument(doc)
  } catch (err) {
    asFormatError(err)
  }
  if (parsed.regions.length === 0) fail('"log" must create a world')
  const first = parsed.history[0]?.edit
  const prompt =
    typeof doc.prompt === 'string' ? doc.prompt : first?.kind === 'create' ? first.description : ''
  return {
    kind: 'world',
    format: 'json',
    world: worldFileFromDocument(parsed, prompt, start),
    migrated: false,
  }
}
