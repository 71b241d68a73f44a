/** The world .json file: the document (edit log) plus prompt and start; old files migrate. */
import { describe, expect, it } from 'vitest'
import {
  FormatError,
  importLimits,
  makeWorldFile,
  readSplatFile,
  readWorldJson,
  regionsOf,
  summarize,
  worldFileFromDocument,
  writeWorldJson,
} from '../../src/core/formats'
import { encodePrompt } from '../../src/core/prompt'
import { styleVector } from '../../src/core/style'
import { WorldDocument, parseWorldDocument, worldDocumentToJson } from '../../src/core/world'

const enc = encodePrompt('snowy mountains at sunset')
const start = {
  position: [0, 1.7, 0] as [number, number, number],
  rotation: [0, 0, 0, 1] as [number, number, number, number],
}
const world = makeWorldFile(
  'snowy mountains at sunset',
  [{ id: 'base', center: [0, 0], radius: 1500, style: enc.style, seed: enc.seed }],
  start,
)
const limits = importLimits()
const bytesOf = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v))

function codeOf(text: string): string {
  try {
    readWorldJson(new TextEncoder().encode(text), limits)
    return 'ok'
  } catch (err) {
    expect(err).toBeInstanceOf(FormatError)
    return (err as FormatError).code
  }
}

/** A file in the shape written before the schemas were unified (no log). */
const legacy = {
  format: 'worldwalk-world',
  version: 1,
  prompt: 'a lake in the hills',
  regions: [
    { id: 'base', center: [0, 0], radius: 1500, seed: 11, style: Array.from(styleVector({ water: 0.2 })) },
    {
      id: 'lake',
      center: [40.5, -12.25],
      radius: 60,
      seed: 12,
      style: Array.from(styleVector({ water: 0.9 })),
    },
  ],
  start: { position: [1, 1.7, 2], rotation: [0, 0.7071068, 0, 0.7071068] },
}

describe('world json', () => {
  it('is the world document plus prompt and start: round-trips exactly and writes stable bytes', () => {
    const bytes = writeWorldJson(world)
    const back = readWorldJson(bytes, limits)
    expect(back.migrated).toBe(false)
    expect(back.world).toEqual(world)
    expect(regionsOf(back.world)[0]!.style).toEqual(enc.style)
    expect(Buffer.from(writeWorldJson(back.world)).equals(Buffer.from(bytes))).toBe(true)
    expect(new TextDecoder().decode(bytes)).toMatch(
      /^\{\n {2}"format": "worldwalk-world",\n {2}"schemaVersion": 1,\n {2}"prompt": "snowy/,
    )
    // The same bytes are a world document the app and storage read.
    const doc = parseWorldDocument(JSON.parse(new TextDecoder().decode(bytes)))
    expect(doc.regions[0]!.style).toEqual(enc.style)
  })

  it('keeps the whole edit log, placements included, and the viewer start', () => {
    let t = 1
    const doc = new WorldDocument({ now: () => t++ })
    doc.apply({ kind: 'create', description: 'hills', region: legacy.regions[0]! as never })
    doc.apply({
      kind: 'restyle',
      scope: 'world',
      description: 'night',
      set: { timeOfDay: Math.fround(0.05) },
    })
    doc.apply({
      kind: 'place',
      description: 'scan.spz',
      asset: {
        assetId: 'a1',
        name: 'scan.spz',
        splats: 9,
        position: [1, 2, 3],
        anchor: [0, 0, 0],
        yaw: 0,
        scale: 1,
        radius: 1,
      },
    })
    const file = worldFileFromDocument(doc, 'hills', { position: [5, 1.6, -2], rotation: [0, 0, 0, 1] })
    const back = readWorldJson(writeWorldJson(file), limits).world
    expect(back.log.map((e) => e.edit.kind)).toEqual(['create', 'restyle', 'place'])
    expect(back.start.position).toEqual([5, 1.6, -2])
    expect(parseWorldDocument(back).placed.map((p) => p.assetId)).toEqual(['a1'])
    expect(summarize({ kind: 'world', format: 'json', world: back, migrated: false })).toMatchObject({
      kind: 'world',
      regions: 1,
      edits: 3,
    })
  })

  it('migrates the old log-less shape: same region table (styles bit-exact), a create and an expand', async () => {
    const read = readWorldJson(bytesOf(legacy), limits)
    expect(read.migrated).toBe(true)
    const w = read.world
    expect(w.log.map((e) => e.edit.kind)).toEqual(['create', 'expand'])
    expect(w.prompt).toBe('a lake in the hills')
    expect(w.start.position).toEqual([1, 1.7, 2])
    const regions = regionsOf(w)
    expect(regions.map((r) => [r.center, r.radius, r.seed])).toEqual(
      legacy.regions.map((r) => [r.center, r.radius, r.seed]),
    )
    regions.forEach((r, i) => expect(Array.from(r.style)).toEqual(legacy.regions[i]!.style))
    // Migrated once, it is a current file: reading what it writes is not a migration again.
    expect(readWorldJson(writeWorldJson(w), limits).migrated).toBe(false)
    const viaSniff = await readSplatFile(bytesOf(legacy), { limits })
    expect(viaSniff.kind).toBe('world')
  })

  it('reads a stored world document without prompt or start (defaults from the log)', () => {
    const doc = new WorldDocument({ now: () => 7 })
    doc.apply({ kind: 'create', description: 'dunes', region: legacy.regions[0]! as never })
    const w = readWorldJson(bytesOf(worldDocumentToJson(doc)), limits).world
    expect(w.prompt).toBe('dunes')
    expect(w.start.position).toEqual([0, 2.6, 0])
  })

  it('rejects malformed documents with clear codes', () => {
    const good = JSON.parse(new TextDecoder().decode(writeWorldJson(world))) as Record<string, unknown>
    const variant = (over: Record<string, unknown>): string => JSON.stringify({ ...good, ...over })
    expect(codeOf('{')).toBe('bad-json')
    expect(codeOf('[]')).toBe('bad-json')
    expect(codeOf(variant({ format: 'other' }))).toBe('bad-json')
    expect(codeOf(variant({ schemaVersion: 2 }))).toBe('unsupported')
    expect(codeOf(variant({ regions: [] }))).toBe('bad-json')
    expect(codeOf(variant({ log: [] }))).toBe('bad-json')
    expect(codeOf(variant({ prompt: 5 }))).toBe('bad-json')
    expect(codeOf(variant({ start: { position: [0, 0, 0], rotation: [0, 0, 0, 2] } }))).toBe('bad-json')
    const region = (good.regions as Record<string, unknown>[])[0]!
    // A stored table that does not match the log is refused (a hand-edited or corrupt file).
    expect(codeOf(variant({ regions: [{ ...region, seed: 9 }] }))).toBe('bad-json')
    expect(codeOf(variant({ regions: [{ ...region, style: [1, 2] }] }))).toBe('bad-json')
    const log = good.log as { edit: Record<string, unknown> }[]
    const badEdit = { ...log[0]!, edit: { ...log[0]!.edit, region: { ...region, radius: -1 } } }
    expect(codeOf(variant({ log: [badEdit] }))).toBe('bad-json')
    expect(codeOf(variant({}))).toBe('ok')
    // The old shape keeps its checks.
    const old = (over: Record<string, unknown>): string => JSON.stringify({ ...legacy, ...over })
    expect(codeOf(old({ version: 2 }))).toBe('unsupported')
    expect(codeOf(old({ regions: [] }))).toBe('bad-json')
    expect(codeOf(old({ regions: [legacy.regions[0], legacy.regions[0]] }))).toBe('bad-json')
    expect(codeOf(old({ regions: [{ ...legacy.regions[0], seed: 70000 }] }))).toBe('bad-json')
    expect(
      codeOf(old({ regions: [{ ...legacy.regions[0], style: [2, ...legacy.regions[0]!.style.slice(1)] }] })),
    ).toBe('bad-json')
    expect(codeOf(old({ prompt: undefined }))).toBe('bad-json')
  })
})
