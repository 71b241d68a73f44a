import type { Region } from '../region'
import { MAX_WORLD_REGIONS } from '../region-reach'
import type { RegionData, WorldEdit } from './edit'
import { editProblem } from './edit-validation'
import { WorldDocumentError, WorldEditError } from './errors'
import { regionFromData, regionToData, sameRegionTable } from './region-table'
import { WorldDocument, type WorldDocumentOptions } from './world-document'

/** Marks a file as a Worldwalk world document. */
export const WORLD_FORMAT = 'worldwalk-world'
/** Bump when the JSON shape changes; older files are migrated before parsing (none exist yet). */
export const WORLD_SCHEMA_VERSION = 1

/** A saved world: the log is the truth; `regions` and `version` are a check and a quick preview. */
export interface WorldDocumentJson {
  format: typeof WORLD_FORMAT
  schemaVersion: typeof WORLD_SCHEMA_VERSION
  version: number
  regions: (RegionData & { id: string })[]
  log: { version: number; time: number; description: string; edit: WorldEdit }[]
}

export function worldDocumentToJson(doc: WorldDocument): WorldDocumentJson {
  return {
    format: WORLD_FORMAT,
    schemaVersion: WORLD_SCHEMA_VERSION,
    version: doc.version,
    regions: doc.regions.map((r) => ({ id: r.id, ...regionToData(r) })),
    log: doc.history.map((e) => ({
      version: e.version,
      time: e.time,
      description: e.description,
      edit: structuredClone(e.edit),
    })),
  }
}

/**
 * Reads a saved document (a JSON string or the parsed value): checks the shape field by field,
 * replays the log, and insists the replay matches the stored region table bit for bit, so a
 * hand-edited or truncated file fails here with a clear message rather than rendering wrongly.
 * @throws WorldDocumentError naming the offending field.
 */
export function parseWorldDocument(input: unknown, options: WorldDocumentOptions = {}): WorldDocument {
  let data = input
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input) as unknown
    } catch (e) {
      throw new WorldDocumentError('', `not JSON (${(e as Error).message})`)
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new WorldDocumentError('', 'a world document must be a JSON object')
  }
  const o = data as Record<string, unknown>
  if (o.format !== WORLD_FORMAT) throw new WorldDocumentError('format', `must be "${WORLD_FORMAT}"`)
  if (o.schemaVersion !== WORLD_SCHEMA_VERSION) {
    throw new WorldDocumentError(
      'schemaVersion',
      `unsupported schema version ${JSON.stringify(o.schemaVersion)} (this build reads ${WORLD_SCHEMA_VERSION})`,
    )
  }
  if (!Array.isArray(o.log)) throw new WorldDocumentError('log', 'must be an array of edits')
  if (!Array.isArray(o.regions)) throw new WorldDocumentError('regions', 'must be an array of regions')
  if (o.regions.length > MAX_WORLD_REGIONS) {
    throw new WorldDocumentError(
      'regions',
      `too many regions: ${o.regions.length} (at most ${MAX_WORLD_REGIONS})`,
    )
  }
  const stored = o.regions.map((r, i) => storedRegion(r, `regions[${i}]`))
  const entries = o.log.map((e, i) => logEntry(e, i))
  if (o.version !== entries.length) {
    throw new WorldDocumentError(
      'version',
      `is ${JSON.stringify(o.version)} but the log has ${entries.length} edits`,
    )
  }
  let doc: WorldDocument
  try {
    doc = WorldDocument.replay(entries, options)
  } catch (e) {
    if (e instanceof WorldEditError) throw new WorldDocumentError('log', e.message)
    throw e
  }
  if (!sameRegionTable(doc.regions, stored)) {
    throw new WorldDocumentError(
      'regions',
      'do not match what the log replays to (the file was altered or is corrupt)',
    )
  }
  return doc
}

function logEntry(e: unknown, i: number): { time: number; edit: WorldEdit } {
  const path = `log[${i}]`
  if (typeof e !== 'object' || e === null) throw new WorldDocumentError(path, 'must be an object')
  const o = e as Record<string, unknown>
  if (o.version !== i + 1) throw new WorldDocumentError(`${path}.version`, `must be ${i + 1}`)
  if (typeof o.time !== 'number' || !Number.isFinite(o.time)) {
    throw new WorldDocumentError(`${path}.time`, 'must be a finite number')
  }
  const problem = editProblem(o.edit)
  if (problem)
    throw new WorldDocumentError(`${path}.edit${problem.path ? `.${problem.path}` : ''}`, problem.message)
  return { time: o.time, edit: o.edit as WorldEdit }
}

function storedRegion(r: unknown, path: string): Region {
  // A stored region is checked exactly like the region of an expand edit.
  const problem = editProblem({ kind: 'expand', description: '', region: r })
  if (problem) throw new WorldDocumentError(`${path}${problem.path.slice('region'.length)}`, problem.message)
  const id = (r as { id?: unknown }).id
  if (typeof id !== 'string' || !id) throw new WorldDocumentError(`${path}.id`, 'must be a region id')
  return regionFromData(id, r as RegionData)
}
