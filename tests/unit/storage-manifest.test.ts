import { describe, expect, it } from 'vitest'
import { FrameScheduler, keyMeetsFootprint, type FrameKey } from '../../src/core/stream'
import { frameIdFor, keyFromFrameId, panoramaIdFor, rehomeFrameId } from '../../src/storage/frame-ids'
import { carryFrames, mergeFrameIds } from '../../src/storage/manifest-carry'
import { MAX_WORLD_NAME, copyName, validWorldName } from '../../src/storage/world-name'

const W = 'wabc123'
const key = (v: number, x: number, z: number, dir = 0, level = 0): FrameKey => ({
  worldVersion: v,
  cell: [x, 0, z],
  dir,
  level,
})

describe('frame ids', () => {
  it('round-trips a key through its id, negative cells included', () => {
    const k = key(7, -3, 12, 5, 1)
    expect(keyFromFrameId(W, frameIdFor(W, k))).toEqual(k)
  })

  it('refuses panoramas, other worlds and malformed ids', () => {
    expect(keyFromFrameId(W, panoramaIdFor(W, 2))).toBeNull()
    expect(keyFromFrameId(W, frameIdFor('wother', key(1, 0, 0)))).toBeNull()
    // A world id that is a prefix of another must not match it.
    expect(keyFromFrameId('wabc', frameIdFor(W, key(1, 0, 0)))).toBeNull()
    for (const bad of [
      `${W}/`,
      `${W}/v1:1,2/0/0`,
      `${W}/vx:1,2,3/0/0`,
      `${W}/v1:1,2,3/0`,
      `${W}/v1:1.5,2,3/0/0`,
    ])
      expect(keyFromFrameId(W, bad), bad).toBeNull()
  })

  it('rehomes ids to a copy and refuses an id of another world', () => {
    const id = frameIdFor(W, key(1, 2, 3))
    const moved = rehomeFrameId(id, W, 'wcopy')
    expect(keyFromFrameId('wcopy', moved)).toEqual(key(1, 2, 3))
    expect(() => rehomeFrameId(id, 'wother', 'wcopy')).toThrow(/not of world/)
  })
})

describe('carrying frames over an edit', () => {
  const geometry = new FrameScheduler().geometry
  // Keys spread over 400 m in x: far ones cannot see a 10 m lake at the origin.
  const keys = [-100, -50, -10, 0, 1, 10, 50, 100].flatMap((x) => [0, 3, 7].map((d) => key(1, x, 0, d)))
  const ids = keys.map((k) => frameIdFor(W, k))
  const lake = { center: [0, 0] as [number, number], radius: 10 }

  it('keeps exactly the frames whose key does not meet the footprint', () => {
    const { kept, dropped } = carryFrames(W, ids, { footprints: [lake], geometry })
    expect(kept.length + dropped.length).toBe(ids.length)
    for (const id of kept) expect(keyMeetsFootprint(keyFromFrameId(W, id)!, lake, geometry)).toBe(false)
    for (const id of dropped) expect(keyMeetsFootprint(keyFromFrameId(W, id)!, lake, geometry)).toBe(true)
    // Both sides are non-empty: the test would catch "keep all" and "drop all".
    expect(kept.length).toBeGreaterThan(0)
    expect(dropped.length).toBeGreaterThan(0)
  })

  it('keeps everything for an edit with no footprint, and drops ids it cannot read', () => {
    const withJunk = [...ids, 'junk', panoramaIdFor(W, 1), frameIdFor('wother', key(1, 0, 0))]
    const { kept, dropped } = carryFrames(W, withJunk, { footprints: [], geometry })
    expect(kept).toEqual(ids)
    expect(dropped).toEqual(withJunk.slice(ids.length))
  })
})

describe('merging manifest ids', () => {
  it('keeps one frame per slot, the newest version', () => {
    const old = [frameIdFor(W, key(1, 0, 0)), frameIdFor(W, key(1, 5, 0))]
    const merged = mergeFrameIds(W, old, [frameIdFor(W, key(3, 0, 0)), frameIdFor(W, key(3, 9, 0))])
    expect(merged).toEqual([
      frameIdFor(W, key(3, 0, 0)),
      frameIdFor(W, key(1, 5, 0)),
      frameIdFor(W, key(3, 9, 0)),
    ])
  })

  it('does not let an older frame replace a newer one, nor list an id twice', () => {
    const newer = frameIdFor(W, key(4, 1, 1))
    expect(mergeFrameIds(W, [newer], [frameIdFor(W, key(2, 1, 1)), newer])).toEqual([newer])
  })

  it('drops unreadable ids', () => {
    expect(mergeFrameIds(W, ['junk'], [panoramaIdFor(W, 1)])).toEqual([])
  })
})

describe('world names', () => {
  it('trims', () => expect(validWorldName('  Lake house \n')).toBe('Lake house'))
  it('refuses empty and whitespace-only names', () => {
    expect(() => validWorldName('')).toThrow('A world needs a name.')
    expect(() => validWorldName('   \t')).toThrow('A world needs a name.')
  })
  it('accepts 80 characters and refuses 81', () => {
    expect(validWorldName('x'.repeat(MAX_WORLD_NAME))).toHaveLength(80)
    expect(() => validWorldName('x'.repeat(81))).toThrow(/at most 80 characters \(this one has 81\)/)
  })
  it('names a copy, shortened to stay valid', () => {
    expect(copyName('Meadow')).toBe('Meadow (copy)')
    const long = copyName('y'.repeat(80))
    expect(long.endsWith(' (copy)')).toBe(true)
    expect(validWorldName(long)).toBe(long)
  })
})
