import { describe, expect, it } from 'vitest'
import { freshDbName, rawAll, rawDb, testFrame, worldData } from './storage-support'
import type { Frame } from '../../src/core/frame'
import type { FrameKey } from '../../src/core/stream'
import { FrameScheduler } from '../../src/core/stream'
import { UNKNOWN_MATERIAL } from '../../src/core/material'
import { decodeFrame } from '../../src/storage/frame-codec'
import type { FrameRecord } from '../../src/storage/schema'
import { WORLD_CONFLICT_MESSAGE, WorldStore } from '../../src/storage/world-store'

async function gzipped(bytes: Uint8Array<ArrayBuffer>): Promise<Blob> {
  return new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).blob()
}

const key = (v: number, x: number): FrameKey => ({ worldVersion: v, cell: [x, 0, 0], dir: 0, level: 0 })

function collector() {
  const tiles: { key: FrameKey; frame: Frame }[] = []
  const skies: Frame[] = []
  return {
    tiles,
    skies,
    restoreFrame: (k: FrameKey, frame: Frame) => void tiles.push({ key: k, frame }),
    restorePanorama: (frame: Frame) => void skies.push(frame),
  }
}

describe('WorldStore in Node (fake-indexeddb)', () => {
  it('says when a frame is on disk, reads it back by key, and restores far frames as keys only', async () => {
    const store = await WorldStore.open(freshDbName('away'))
    const w = worldData('wz')
    await store.saveWorld(w)
    // Frames at x = 0, 1 and 500 cells (2 km out at the scheduler's 4 m cells).
    const written = await Promise.all([0, 1, 500].map((x) => store.saveFrame(w, key(1, x), testFrame(1, x))))
    expect(written).toEqual([true, true, true])
    await store.flush()
    expect((await store.loadFrame(w, key(1, 500)))!.rgba).toEqual(testFrame(1, 500).rgba)
    expect(await store.loadFrame(w, key(1, 7))).toBeNull() // never written
    expect(await store.loadFrame(worldData('other'), key(1, 0))).toBeNull()

    const away: FrameKey[] = []
    const back = {
      ...collector(),
      wantsNow: (k: FrameKey) => k.cell[0] < 100,
      restoreAway: (k: FrameKey) => void away.push(k),
    }
    expect(await store.restore(w, back)).toBe(2)
    expect(back.tiles.map((t) => t.key.cell[0]).sort()).toEqual([0, 1])
    expect(away).toEqual([key(1, 500)])
  })

  it('says a frame was not written when storage refuses it', async () => {
    const store = await WorldStore.open(freshDbName('refused'))
    const w = worldData('wr')
    await store.saveWorld(w)
    store.close()
    expect(await store.saveFrame(w, key(1, 0), testFrame(1, 0))).toBe(false)
  })

  it('saves frames and gives them back byte for byte, also from a copy; delete takes everything', async () => {
    const store = await WorldStore.open(freshDbName('facade'))
    const w = worldData('wa')
    await store.saveWorld(w)
    for (const x of [0, 1, 2]) void store.saveFrame(w, key(1, x), testFrame(1, x))
    store.savePanorama(w, testFrame(1, 9))
    await store.flush()
    expect(store.framesWritten).toBe(4)

    const back = collector()
    expect(await store.restore(w, back)).toBe(3)
    expect(back.tiles.map((t) => t.key.cell[0]).sort()).toEqual([0, 1, 2])
    expect(back.tiles.find((t) => t.key.cell[0] === 2)!.frame.rgba).toEqual(testFrame(1, 2).rgba)
    expect(back.skies[0]!.depth).toEqual(testFrame(1, 9).depth)

    await store.putAsset('wa', 'scan.spz', new Blob([new Uint8Array(10).fill(7)]))
    await store.rename('wa', '  Morning  ')
    const copyId = await store.duplicate('wa')
    const copy = await store.load(copyId)
    expect(copy?.name).toBe('Morning (copy)')
    expect(await store.restore(copy!, collector())).toBe(3)
    expect((await store.getAsset(copyId, 'scan.spz'))?.size).toBe(10)

    const listed = await store.list()
    expect(listed.map((s) => [s.id, s.frames])).toEqual(
      expect.arrayContaining([
        ['wa', 3],
        [copyId, 3],
      ]),
    )
    await store.delete('wa')
    expect(await store.load('wa')).toBeNull()
    expect(await store.getAsset('wa', 'scan.spz')).toBeNull()
    expect(await store.restore(copy!, collector())).toBe(3)
    expect(store.message).toBeNull()
    store.close()
  })

  it("keeps a frame's materials, so a reopened world still knows its water; refuses a damaged one", async () => {
    const name = freshDbName('materials')
    const store = await WorldStore.open(name)
    const w = worldData('wm')
    await store.saveWorld(w)
    const material = Uint8Array.from({ length: 64 }, (_, i) => i % 3)
    void store.saveFrame(w, key(1, 0), { ...testFrame(1, 0), material })
    void store.saveFrame(w, key(1, 1), testFrame(1, 1))
    await store.flush()
    const back = collector()
    expect(await store.restore(w, back)).toBe(2)
    expect(back.tiles.find((t) => t.key.cell[0] === 0)!.frame.material).toEqual(material)
    expect(back.tiles.find((t) => t.key.cell[0] === 1)!.frame.material).toBeUndefined()
    // A record whose materials do not match its size is refused with a clear error by the codec.
    const records = (await rawAll(await rawDb(name), 'frames')) as FrameRecord[]
    const record = records.find((r) => r.material)
    await expect(decodeFrame({ ...record!, material: await gzipped(new Uint8Array(5)) })).rejects.toThrow(
      /materials of the wrong size/,
    )
    // A record whose class bytes are outside the table reads them as unknown, not as some class.
    const odd = await decodeFrame({ ...record!, material: await gzipped(new Uint8Array(64).fill(200)) })
    expect([...odd.material!].every((c) => c === UNKNOWN_MATERIAL)).toBe(true)
  })

  it('calls beforeCommit at each save’s commit point, and the save waits for it', async () => {
    const seen: string[][] = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const hooks = {
      beforeCommit: (tx: IDBTransaction) => {
        seen.push([...tx.objectStoreNames].sort())
        return seen.length === 1 ? gate : Promise.resolve()
      },
    }
    const name = freshDbName('hooks')
    const store = await WorldStore.open(name, { hooks })
    let saved = false
    const saving = store.saveWorld(worldData('wh')).then((ok) => (saved = ok))
    await new Promise((r) => setTimeout(r, 20))
    expect(seen).toEqual([['manifests', 'meta', 'worlds']])
    expect(saved).toBe(false)
    release()
    await saving
    expect(saved).toBe(true)
    await store.rename('wh', 'Held')
    expect(seen).toHaveLength(2)
    store.close()
    const db = await rawDb(name)
    expect(((await rawAll(db, 'worlds')) as { name: string }[])[0]!.name).toBe('Held')
    db.close()
  })

  it('two tabs: the save that lost the race is refused and its lineage writes nothing more', async () => {
    const name = freshDbName('tabs')
    const a = await WorldStore.open(name)
    const b = await WorldStore.open(name)
    const geometry = new FrameScheduler().geometry
    const far = { footprints: [{ center: [5000, 5000] as [number, number], radius: 10 }], geometry }
    await a.saveWorld(worldData('wt', 1))
    const results = await Promise.all([
      a.saveWorld(worldData('wt', 2, 'tab a'), far),
      b.saveWorld(worldData('wt', 2, 'tab b'), far),
    ])
    expect(results).toEqual([true, false])
    expect(b.message).toBe(WORLD_CONFLICT_MESSAGE)
    expect(a.message).toBeNull()
    void b.saveFrame(worldData('wt', 2, 'tab b'), key(2, 0), testFrame(2, 0))
    await b.flush()
    expect(b.framesWritten).toBe(0)
    expect(await b.saveWorld(worldData('wt', 3, 'tab b'))).toBe(false)
    const stored = await a.load('wt')
    expect(stored?.document?.log[0]?.description).toBe('tab a')
    // An older version is refused too, even from a tab that has not diverged.
    const c = await WorldStore.open(name)
    expect(await c.saveWorld(worldData('wt', 1, 'tab a'))).toBe(false)
    for (const s of [a, b, c]) s.close()
  })
})
