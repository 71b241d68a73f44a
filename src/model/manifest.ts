/**
 * Parses models/manifest.json into typed entries, rejecting anything the runtime could not serve
 * with a message that names the field, so a broken drop-in model fails at load, not mid-session.
 */
import type { CameraModel } from '../core/camera'
import type { ModelManifest, ModelManifestEntry } from '../core/model-contract'
import { ModelManifestError } from './errors'

const CAMERA_MODELS: readonly CameraModel[] = ['perspective', 'equirect']
const AXES = 'three.js: right-handed, +Y up, camera looks down -Z'
const SHA256 = /^[0-9a-f]{64}$/

type Json = Record<string, unknown>

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function fail(path: string, message: string): never {
  throw new ModelManifestError(`manifest ${path}: ${message}`)
}

function str(o: Json, key: string, path: string): string {
  const v = o[key]
  if (typeof v !== 'string' || v.length === 0) fail(`${path}.${key}`, 'must be a non-empty string')
  return v
}

function file(o: Json, key: string, path: string): string {
  const name = str(o, key, path)
  // Files live next to the manifest: no directories, no way out of the models folder.
  if (!/^[A-Za-z0-9._-]+\.onnx$/.test(name) || name.startsWith('.')) {
    fail(`${path}.${key}`, `"${name}" must be a plain .onnx file name next to the manifest`)
  }
  return name
}

function hash(o: Json, key: string, path: string): string {
  const v = str(o, key, path)
  if (!SHA256.test(v)) fail(`${path}.${key}`, 'must be 64 lowercase hex digits (sha256)')
  return v
}

function int(o: Json, key: string, path: string, min: number): number {
  const v = o[key]
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    fail(`${path}.${key}`, `must be an integer >= ${min}`)
  return v
}

function entryOf(raw: unknown, path: string): ModelManifestEntry {
  if (!isObject(raw)) fail(path, 'must be an object')
  const units = raw.units
  if (units !== 'metres') fail(`${path}.units`, 'must be "metres"')
  if (raw.axes !== AXES) fail(`${path}.axes`, `must be "${AXES}"`)
  const cams = raw.cameraModels
  if (!Array.isArray(cams) || cams.length === 0) fail(`${path}.cameraModels`, 'must be a non-empty array')
  for (const c of cams) {
    if (!CAMERA_MODELS.includes(c as CameraModel)) {
      fail(
        `${path}.cameraModels`,
        `unknown camera model ${JSON.stringify(c)} (known: ${CAMERA_MODELS.join(', ')})`,
      )
    }
  }
  const sizes = raw.sizes
  if (!isObject(sizes)) fail(`${path}.sizes`, 'must be an object {min, max, multipleOf}')
  const min = int(sizes, 'min', `${path}.sizes`, 1)
  const max = int(sizes, 'max', `${path}.sizes`, min)
  const multipleOf = int(sizes, 'multipleOf', `${path}.sizes`, 1)
  if (Math.floor(max / multipleOf) * multipleOf < min)
    fail(`${path}.sizes`, 'no size is both within bounds and a multiple')
  if (typeof raw.deterministic !== 'boolean') fail(`${path}.deterministic`, 'must be true or false')
  let prepare: ModelManifestEntry['prepare']
  if (raw.prepare !== undefined) {
    if (!isObject(raw.prepare)) fail(`${path}.prepare`, 'must be an object {file, sha256}')
    prepare = {
      file: file(raw.prepare, 'file', `${path}.prepare`),
      sha256: hash(raw.prepare, 'sha256', `${path}.prepare`),
    }
  }
  let tiles: ModelManifestEntry['tiles']
  if (raw.tiles !== undefined) {
    if (!isObject(raw.tiles)) fail(`${path}.tiles`, 'must be an object {span}')
    const span = raw.tiles.span
    if (typeof span !== 'number' || !Number.isFinite(span) || span < 16 || span > 1_000_000)
      fail(`${path}.tiles.span`, `must be metres between 16 and 1000000, got ${JSON.stringify(span)}`)
    tiles = { span }
  }
  if (raw.description !== undefined && typeof raw.description !== 'string')
    fail(`${path}.description`, 'must be a string')
  const entry: ModelManifestEntry = {
    id: str(raw, 'id', path),
    name: str(raw, 'name', path),
    version: str(raw, 'version', path),
    file: file(raw, 'file', path),
    sha256: hash(raw, 'sha256', path),
    units,
    axes: AXES,
    cameraModels: [...(cams as CameraModel[])],
    sizes: { min, max, multipleOf },
    contextFrames: int(raw, 'contextFrames', path, 0),
    deterministic: raw.deterministic,
  }
  if (prepare) entry.prepare = prepare
  if (tiles) entry.tiles = tiles
  if (typeof raw.description === 'string') entry.description = raw.description
  return entry
}

/** Validates parsed manifest JSON. Throws ModelManifestError naming the first bad field. */
export function loadManifest(json: unknown): ModelManifest {
  if (!isObject(json)) fail('', 'must be a JSON object')
  if (json.contract !== 1)
    fail('.contract', `must be 1 (this runtime speaks contract 1), got ${JSON.stringify(json.contract)}`)
  if (!Array.isArray(json.models) || json.models.length === 0) fail('.models', 'must be a non-empty array')
  const models = json.models.map((m, i) => entryOf(m, `.models[${i}]`))
  const ids = new Set<string>()
  for (const m of models) {
    if (ids.has(m.id)) fail('.models', `duplicate id "${m.id}"`)
    ids.add(m.id)
  }
  const def = str(json, 'default', '')
  if (!ids.has(def)) fail('.default', `"${def}" is not one of the models (${[...ids].join(', ')})`)
  return { contract: 1, default: def, models }
}

/** The entry with `id`, or the manifest's default. */
export function manifestEntry(manifest: ModelManifest, id?: string): ModelManifestEntry {
  const want = id ?? manifest.default
  const entry = manifest.models.find((m) => m.id === want)
  if (!entry)
    throw new ModelManifestError(
      `no model "${want}" in the manifest (have: ${manifest.models.map((m) => m.id).join(', ')})`,
    )
  return entry
}
