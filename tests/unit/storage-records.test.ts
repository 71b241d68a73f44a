import { describe, expect, it } from 'vitest'
import { freshDbName, rawAll, rawDb, rawPut, testFrame, worldData } from './storage-support'
import { MalformedRecordError, asRecord, isRecord } from '../../src/storage/records'
import { STORAGE_SCHEMA, manifestKey, manifestKeysOf } from '../../src/storage/schema'
import { WorldStore } from '../../src/storage/world-store'

const goodWorld = {
  schema: STORAGE_SCHEMA,
  id: 'wgood',
  name: 'Good',
  prompt: 'a meadow',
  version: 1,
  regions: [],
  createdAt: 1,
  updatedAt: 1,
  manifest: 1,
}

describe('manifestKey', () => {
  it('is the world id and the generation, and the range of a world covers only its own keys', () => {
    expect(manifestKey('wabc', 7)).toBe('wabc@7')
    const range = manifestKeysOf('w1')
    for (const k of [manifestKey('w1', 1), manifestKey('w1', 12345)]) expect(range.includes(k)).toBe(true)
    // A world whose id starts with another's must not be caught by it.
    for (const k of [manifestKey('w12', 1), manifestKey('w', 1), 'w1/v1:0,0,0/0/0'])
      expect(range.includes(k)).toBe(false)
  })

  it('names the manifest the stored world record points at, through saves and frame listings', async () => {
    const name = freshDbName('mkey')
    const store = await WorldStore.open(name)
    const w = worldData('wkey')
    await store.saveWorld(w)
    void store.saveFrame(w, { worldVersion: 1, cell: [0, 0, 0], dir: 0, level: 0 }, testFrame(1, 1))
    await store.flush()
    await store.saveWorld(worldData('wkey', 2))
    await store.flush()
    store.close()
    const db = await rawDb(name)
    const [rec] = (await rawAll(db, 'worlds')) as { id: string; manifest: number }[]
    const manifests = (await rawAll(db, 'manifests')) as { id: string }[]
    db.close()
    // One save, one listing, one new version: generation 3, and the old ones are gone.
    expect(rec!.manifest).toBe(3)
    expect(manifests.map((m) => m.id)).toEqual([manifestKey('wkey', 3)])
  })
})

describe('typed IndexedDB reads', () => {
  it('accept a well-formed record and a newer app’s record (callers skip that by its schema)', () => {
    expect(isRecord('worlds', goodWorld)).toBe(true)
    expect(isRecord('worlds', { id: 'wnew', schema: STORAGE_SCHEMA + 1 })).toBe(true)
    expect(isRecord('meta', 'wgood')).toBe(true)
  })

  it('refuse malformed records with an error that names the store, key and field', () => {
    const cases: [Parameters<typeof isRecord>[0], unknown, RegExp][] = [
      ['worlds', null, /not an object/],
      ['worlds', [goodWorld], /not an object/],
      ['worlds', { ...goodWorld, version: '1' }, /bad version/],
      ['worlds', { ...goodWorld, manifest: undefined }, /bad manifest/],
      ['worlds', { ...goodWorld, regions: {} }, /bad regions/],
      [
        'manifests',
        { id: 'w@1', worldId: 'w', worldVersion: 1, frames: ['a', 2], panorama: null },
        /bad frames/,
      ],
      ['manifests', { id: 'w@1', worldId: 'w', worldVersion: 1, frames: [] }, /bad panorama/],
      [
        'frames',
        {
          id: 'w/x',
          worldId: 'w',
          key: null,
          pose: {},
          camera: {},
          worldVersion: 1,
          modelId: 'm',
          modelMs: 1,
          rgba: 'pixels',
          depth: new Blob(),
        },
        /bad rgba/,
      ],
      ['thumbnails', { worldId: 'w', image: new Uint8Array(3) }, /bad image/],
      ['assets', { id: 'w/a', worldId: 'w', bytes: new Blob() }, /bad assetId/],
      ['meta', 42, /not a world id/],
    ]
    for (const [store, value, problem] of cases) {
      expect(isRecord(store, value), `${store} ${JSON.stringify(value)}`).toBe(false)
      let err: unknown
      try {
        asRecord(store, 'k1', value)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(MalformedRecordError)
      expect((err as Error).message).toMatch(problem)
      expect((err as Error).message).toContain(`stored ${store} record "k1"`)
    }
  })

  it('a damaged world record is refused by load and list, and nothing is written over it', async () => {
    const name = freshDbName('malformed')
    const store = await WorldStore.open(name)
    await store.saveWorld(worldData('wfine'))
    const db = await rawDb(name)
    const damaged = { ...goodWorld, id: 'wbad', regions: 'lost' }
    await rawPut(db, 'worlds', [damaged])
    await expect(store.load('wbad')).rejects.toThrow(/worlds record "wbad" is damaged \(bad regions\)/)
    await expect(store.list()).rejects.toBeInstanceOf(MalformedRecordError)
    await expect(store.rename('wbad', 'New name')).rejects.toThrow(/damaged/)
    // The fine world still loads; the damaged record is exactly as it was.
    expect((await store.load('wfine'))?.prompt).toBe('a meadow')
    const worlds = (await rawAll(db, 'worlds')) as { id: string }[]
    expect(worlds.find((w) => w.id === 'wbad')).toEqual(damaged)
    db.close()
    store.close()
  })

  it('a record written by a newer app is not loaded (null), as before', async () => {
    const name = freshDbName('newer')
    const store = await WorldStore.open(name)
    const db = await rawDb(name)
    await rawPut(db, 'worlds', [{ id: 'wfuture', schema: STORAGE_SCHEMA + 1, shape: 'unknown' }])
    db.close()
    expect(await store.load('wfuture')).toBeNull()
    expect(await store.list()).toEqual([])
    store.close()
  })
})
