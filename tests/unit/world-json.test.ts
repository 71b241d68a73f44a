import { describe, expect, it } from 'vitest'
import { MAX_WORLD_REGIONS } from '../../src/core/region-reach'
import { styleVector } from '../../src/core/style'
import {
  WORLD_SCHEMA_VERSION,
  WorldDocument,
  WorldDocumentError,
  parseWorldDocument,
  worldDocumentToJson,
  type RegionData,
  type WorldDocumentJson,
  type WorldEdit,
} from '../../src/core/world'

// Odd float32 values (not round decimals) so a lossy round trip would show.
const data = (x: number, z: number, radius: number, k: number): RegionData => ({
  center: [x, z],
  radius,
  style: Array.from(styleVector({ water: k / 3, fog: k / 7, timeOfDay: 1 / (k + 3) })),
  seed: 100 + k,
})

function sample(): WorldDocument {
  let t = 5000
  const doc = new WorldDocument({ now: () => t++ })
  const edits: WorldEdit[] = [
    { kind: 'create', description: 'a misty forest', region: data(0, 0, 4000, 1) },
    { kind: 'expand', description: 'a lake', region: data(80.25, -33.5, 60, 2) },
    { kind: 'restyle', scope: 'world', description: 'night', set: { timeOfDay: Math.fround(0.02) } },
    { kind: 'undo' },
    {
      kind: 'restyle',
      scope: 'area',
      description: 'autumn',
      center: [-300, 12],
      radius: 40,
      set: { foliageR: Math.fround(0.55) },
    },
  ]
  for (const e of edits) doc.apply(e)
  return doc
}

const saved = (): WorldDocumentJson =>
  JSON.parse(JSON.stringify(worldDocumentToJson(sample()))) as WorldDocumentJson

describe('world document JSON', () => {
  it('round-trips through a JSON string to a bit-identical document', () => {
    const doc = sample()
    const text = JSON.stringify(worldDocumentToJson(doc))
    const back = parseWorldDocument(text)
    expect(back.version).toBe(5)
    expect(back.history).toEqual(doc.history)
    expect(back.regions.length).toBe(doc.regions.length)
    back.regions.forEach((r, i) => {
      expect(r).toEqual(doc.regions[i])
      expect(new Uint8Array(r.style.buffer)).toEqual(new Uint8Array(doc.regions[i]!.style.buffer))
    })
    expect([back.canUndo, back.canRedo]).toEqual([doc.canUndo, doc.canRedo])
    expect(JSON.stringify(worldDocumentToJson(back))).toBe(text)
  })

  it('writes the format and schema version', () => {
    const j = saved()
    expect(j.format).toBe('worldwalk-world')
    expect(j.schemaVersion).toBe(WORLD_SCHEMA_VERSION)
    expect(j.regions.map((r) => r.id)).toEqual(['base', 'r2', 'r5'])
  })

  // Each row breaks a saved document one way; the error must name the field.
  const broken: {
    name: string
    edit: (j: Record<string, unknown> & WorldDocumentJson) => unknown
    error: RegExp
  }[] = [
    { name: 'not JSON', edit: () => '{"format": ', error: /not JSON/ },
    { name: 'an array', edit: () => [], error: /must be a JSON object/ },
    { name: 'wrong format', edit: (j) => ({ ...j, format: 'something-else' }), error: /^format: / },
    {
      name: 'newer schema version',
      edit: (j) => ({ ...j, schemaVersion: 2 }),
      error: /unsupported schema version 2/,
    },
    {
      name: 'missing schema version',
      edit: (j) => ({ ...j, schemaVersion: undefined }),
      error: /unsupported schema version/,
    },
    {
      name: 'NaN in a centre (as a value)',
      edit: (j) => {
        ;(j.log[1]!.edit as { region: RegionData }).region.center[0] = Number.NaN
        return j
      },
      error: /log\[1\]\.edit\.region\.center: must be two finite numbers/,
    },
    {
      name: 'NaN in a style (written as null by JSON)',
      edit: (j) => JSON.stringify(j).replace(/"style":\[[^,]*/, '"style":[null'),
      error: /regions\[0\]\.style\[0\]: must be a number in \[0, 1\]/,
    },
    {
      name: 'too many regions',
      edit: (j) => ({ ...j, regions: Array.from({ length: MAX_WORLD_REGIONS + 1 }, () => j.regions[0]) }),
      error: /too many regions: 257 \(at most 256\)/,
    },
    {
      name: 'unknown edit kind',
      edit: (j) => (((j.log[2]!.edit as { kind: string }).kind = 'teleport'), j),
      error: /log\[2\]\.edit\.kind: unknown edit kind "teleport"/,
    },
    { name: 'log out of order', edit: (j) => (j.log.reverse(), j), error: /log\[0\]\.version: must be 1/ },
    {
      name: 'version disagrees with the log',
      edit: (j) => ({ ...j, version: 9 }),
      error: /version: is 9 but the log has 5 edits/,
    },
    {
      name: 'regions altered by hand',
      edit: (j) => ((j.regions[1]!.style[0] = 0.5), j),
      error: /regions: do not match what the log replays to/,
    },
    {
      name: 'a log that cannot replay',
      edit: (j) => (j.log.splice(0, 1), j.log.forEach((e, i) => (e.version = i + 1)), { ...j, version: 4 }),
      error: /log: Edit 1 \(expand\) does not apply: There is no world yet/,
    },
    {
      name: 'a region without an id',
      edit: (j) => (delete (j.regions[0] as Partial<RegionData & { id: string }>).id, j),
      error: /regions\[0\]\.id: must be a region id/,
    },
  ]
  it.each(broken)('rejects $name', ({ edit, error }) => {
    const input = edit(saved() as Record<string, unknown> & WorldDocumentJson)
    let caught: unknown
    try {
      parseWorldDocument(input)
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(WorldDocumentError)
    expect((caught as Error).message).toMatch(error)
  })

  it('accepts the untouched sample (the rejections above are not vacuous)', () => {
    expect(parseWorldDocument(saved()).version).toBe(5)
  })
})
