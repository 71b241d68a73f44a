/**
 * The app's pure world logic in Node: URL flags, documents from prompts and storage, and typed or
 * spoken commands run against a real WorldDocument with a viewer pose (no browser, no model).
 */
import { describe, expect, it } from 'vitest'
import { STYLE_INDEX } from '../../src/core/style'
import type { Pose } from '../../src/core/pose'
import { worldDocumentToJson } from '../../src/core/world'
import { runCommand, whereFrom } from '../../src/app/world-commands'
import { parseWorldFlags } from '../../src/app/world-flags'
import {
  DEFAULT_PROMPT,
  documentFromPrompt,
  documentFromStored,
  regionsFromPrompt,
} from '../../src/app/world-prompt'

/** At the spawn, eyes at 1.6 m, looking down -Z. */
const POSE: Pose = { position: [0, 1.6, 6], rotation: [0, 0, 0, 1] }

describe('parseWorldFlags', () => {
  it('has nothing set for an empty query', () => {
    expect(parseWorldFlags('')).toEqual({
      prompt: null,
      edge: null,
      levels: null,
      detail: null,
      panoramaWidth: null,
      panoramaBand: null,
      splatBudget: null,
      fresh: false,
      pose: null,
      poseError: null,
    })
  })

  it('reads ?pose=x,z,yaw[,pitch], and says why when it cannot', () => {
    expect(parseWorldFlags('?pose=12.5,-40,90,-10').pose).toEqual({
      x: 12.5,
      z: -40,
      yawDeg: 90,
      pitchDeg: -10,
    })
    expect(parseWorldFlags('?pose=3,4,-270').pose).toEqual({ x: 3, z: 4, yawDeg: 90, pitchDeg: 0 })
    for (const [text, why] of [
      ['1,2', /expected x,z,yaw/],
      ['1,2,3,4,5', /expected x,z,yaw/],
      ['1,,3', /"" in/],
      ['1,NaN,3', /"NaN" in "1,NaN,3" is not a number/],
      ['1,2,Infinity', /not a number/],
      ['2e9,0,0', /within 1000000 m/],
    ] as const) {
      const f = parseWorldFlags(`?pose=${encodeURIComponent(text)}`)
      expect(f.pose, text).toBeNull()
      expect(f.poseError, text).toMatch(/^\?pose= ignored: /)
      expect(f.poseError, text).toMatch(why)
    }
  })

  it('reads every switch the tests and people use', () => {
    const f = parseWorldFlags(
      '?prompt=%20a%20red%20canyon%20&edge=ws://127.0.0.1:8787&token=t0k&levels=32,64&detail=128&panorama=0&band=2&budget=200000&fresh',
    )
    expect(f.prompt).toBe('a red canyon')
    expect(f.edge).toEqual({ url: 'ws://127.0.0.1:8787', token: 't0k' })
    expect(f.levels).toEqual([32, 64])
    expect(f.detail).toBe(128)
    expect(parseWorldFlags('?detail=0').detail).toBe(0)
    expect(f.panoramaWidth).toBe(0)
    expect(f.panoramaBand).toBe(2)
    expect(f.splatBudget).toBe(200_000)
    expect(f.fresh).toBe(true)
  })

  it('ignores values it cannot use instead of guessing', () => {
    const f = parseWorldFlags(
      '?prompt=%20%20&edge=http://x&levels=32,abc&detail=4096&panorama=-5&band=12&budget=0&fresh=0',
    )
    expect(f).toEqual({
      prompt: null,
      edge: null,
      levels: null,
      detail: null,
      panoramaWidth: null,
      panoramaBand: null,
      splatBudget: null,
      fresh: false,
      pose: null,
      poseError: null,
    })
    expect(parseWorldFlags('?edge=wss://edge.example:443').edge).toEqual({
      url: 'wss://edge.example:443',
      token: '',
    })
  })
})

describe('world documents from prompts and storage', () => {
  it("makes a one-create document whose table is exactly the prompt's regions", () => {
    const doc = documentFromPrompt(DEFAULT_PROMPT)
    expect(doc.version).toBe(1)
    expect(doc.regions).toEqual(regionsFromPrompt(DEFAULT_PROMPT))
    // Deterministic: the same words give the same table (stored frames stay valid).
    expect(documentFromPrompt(DEFAULT_PROMPT).regions).toEqual(doc.regions)
    expect(regionsFromPrompt('a desert at noon')).not.toEqual(doc.regions)
  })

  it("keeps a restyled world's terrain when given its seed", () => {
    const seed = regionsFromPrompt('a green valley')[0]!.seed
    expect(regionsFromPrompt('a green valley at night', seed)[0]!.seed).toBe(seed)
  })

  it('reopens a stored document, and migrates a missing or broken one without losing the world', () => {
    const doc = documentFromPrompt('a green valley')
    runCommand('make it night', { doc, pose: POSE, target: null })
    const stored = { prompt: 'a green valley', regions: doc.regions, document: worldDocumentToJson(doc) }
    const reopened = documentFromStored(stored)
    expect(reopened.version).toBe(doc.version)
    expect(reopened.regions).toEqual(doc.regions)

    const legacy = documentFromStored({ prompt: 'a green valley', regions: doc.regions })
    expect(legacy.version).toBe(1)
    expect(legacy.regions).toEqual(doc.regions.slice(0, 1))
    const broken = documentFromStored({
      ...stored,
      document: { ...stored.document, log: 'nonsense' } as never,
    })
    expect(broken.regions).toEqual(doc.regions.slice(0, 1))
  })
})

describe('runCommand', () => {
  const fresh = () => documentFromPrompt('a green valley with a lake')

  it('adds a region where the viewer points and says where, in their terms', () => {
    const doc = fresh()
    const out = runCommand('add a lake over there', { doc, pose: POSE, target: [0, 0, -84] })
    expect(out.kind).toBe('change')
    if (out.kind !== 'change') return
    expect(doc.version).toBe(2)
    expect(out.message).toMatch(/^added .*lake.* 90 m ahead$/)
    expect(out.focus!.center[0]).toBeCloseTo(0, 5)
    expect(out.focus!.center[1]).toBeCloseTo(-84, 5)
    expect(out.focus!.radius).toBeGreaterThan(0)
    // Pointed 40 m ahead, a 60 m lake would cover the viewer: it moves out to leave them on the shore.
    const near = runCommand('add a lake over there', { doc, pose: POSE, target: [0, 0, -34] })
    expect(near.kind === 'change' && near.message).toMatch(/^added .*lake.* 63 m ahead$/)
    if (near.kind === 'change') expect(near.focus!.center[1]).toBeCloseTo(6 - 63, 5)
  })

  it('restyles the world, undoes and redoes it, each with its own line', () => {
    const doc = fresh()
    const night = runCommand('make it night', { doc, pose: POSE, target: null })
    expect(night.kind === 'change' && night.message).toMatch(/^made the world .*night/)
    const undo = runCommand('undo', { doc, pose: POSE, target: null })
    expect(undo.kind === 'change' && undo.message).toMatch(/^undid /)
    const redo = runCommand('redo', { doc, pose: POSE, target: null })
    expect(redo.kind === 'change' && redo.message).toMatch(/^redid /)
    expect(doc.version).toBe(4)
  })

  it('returns a create unapplied (a new world gets a new document), and save as save', () => {
    const doc = fresh()
    const out = runCommand('take me to a beach', { doc, pose: POSE, target: null })
    expect(out).toEqual({ kind: 'create', description: 'a beach', message: 'new world: a beach' })
    expect(doc.version).toBe(1)
    expect(runCommand('save', { doc, pose: POSE, target: null }).kind).toBe('save')
  })

  it('says which words of a description the model cannot draw, and carries out the rest', () => {
    const doc = fresh()
    const castle = runCommand('add a castle on a hill over there', { doc, pose: POSE, target: [0, 0, -84] })
    expect(castle.kind === 'change' && castle.message).toMatch(
      /^added a castle on a hill 90 m ahead · not in this model: castle$/,
    )
    expect(doc.version).toBe(2)
    const created = runCommand('a bamboo forest by a lake', { doc, pose: POSE, target: null })
    expect(created.message).toBe('new world: a bamboo forest by a lake · not in this model: bamboo')
    const known = runCommand('make it a snowy night', { doc, pose: POSE, target: null })
    expect(known.kind === 'change' && known.message).not.toMatch(/not in this model/)
  })

  it('adds a thing to what is there, and a place as a place of its own', () => {
    // "add a village" on green hills was a region of the default world: a lake in its low
    // ground. A village (birches, flowers, snow) goes onto the place as it is.
    const doc = fresh()
    const base = doc.regions[0]!
    const village = runCommand('add a village over there', { doc, pose: POSE, target: [0, 0, -84] })
    expect(village.kind === 'change' && village.message).toBe('made the area 90 m ahead a village')
    const added = doc.regions[doc.regions.length - 1]!
    expect(added.seed).toBe(base.seed)
    expect(added.style[STYLE_INDEX.village]).toBe(1)
    expect(added.style.map((v, i) => (i === STYLE_INDEX.village ? 0 : v))).toEqual(
      base.style.map((v, i) => (i === STYLE_INDEX.village ? 0 : v)),
    )
    const lake = runCommand('add a lake to my left', { doc, pose: POSE, target: null })
    expect(lake.kind === 'change' && lake.message).toMatch(/^added a lake /)
  })

  it('takes out what was added where the person points, and only that', () => {
    const doc = fresh()
    runCommand('add a lake over there', { doc, pose: POSE, target: [0, 0, -84] })
    runCommand('add some mountains to my left', { doc, pose: POSE, target: null })
    expect(doc.regions).toHaveLength(3)
    const lake = doc.regions[1]!
    const gone = runCommand('get rid of the lake', {
      doc,
      pose: POSE,
      target: [lake.center[0] + 5, 0, lake.center[1]],
    })
    expect(gone.kind === 'change' && gone.message).toBe('took out the lake')
    if (gone.kind === 'change') expect(gone.change.footprints.length).toBeGreaterThan(0)
    expect(doc.regions.map((r) => r.id)).not.toContain(lake.id)
    expect(doc.regions).toHaveLength(2)
    // Where nothing was added (the world's own ground behind the viewer), nothing goes.
    const nothing = runCommand('take that away', { doc, pose: POSE, target: [0, 0, 300] })
    expect(nothing.kind).toBe('error')
    expect(doc.regions).toHaveLength(2)
    // And undo brings it back.
    runCommand('undo', { doc, pose: POSE, target: null })
    expect(doc.regions.map((r) => r.id)).toContain(lake.id)
  })

  it('explains empty, unknown and impossible commands and changes nothing', () => {
    const doc = fresh()
    expect(runCommand('   ', { doc, pose: POSE, target: null })).toEqual({
      kind: 'error',
      message: 'Type or say what you want to see.',
      suggestions: [],
    })
    const unknown = runCommand('is it night', { doc, pose: POSE, target: null })
    expect(unknown.kind).toBe('error')
    expect(unknown.message).toMatch(/^Didn't understand “is it night”\. Try “make it night”/)
    const castle = runCommand('add a castle over there', { doc, pose: POSE, target: [0, 0, -84] })
    expect(castle.kind === 'error' && castle.message).toMatch(/^There is no castle in this model yet\. Try “/)
    const removal = runCommand('remove the trees', { doc, pose: POSE, target: null })
    expect(removal.kind).toBe('error')
    expect(removal.message).toMatch(/^Only what was added to this world can be taken out.* Try “undo”/)
    const nothingToUndo = runCommand('undo', { doc, pose: POSE, target: null })
    expect(nothingToUndo.kind).toBe('error')
    expect(doc.version).toBe(1)
  })
})

describe('whereFrom', () => {
  it('names distance and side relative to the heading', () => {
    expect(whereFrom(POSE, [1, 5])).toBe('here')
    expect(whereFrom(POSE, [0, -14])).toBe('20 m ahead')
    expect(whereFrom(POSE, [-12, 6])).toBe('12 m to your left')
    expect(whereFrom(POSE, [12, 6])).toBe('12 m to your right')
    expect(whereFrom(POSE, [0, 36])).toBe('30 m behind you')
  })
})
