import { afterEach, describe, expect, it } from 'vitest'
import { freshDbName, rawAll, testFrame, worldData } from './storage-support'
import { encodeFrame } from '../../src/storage/frame-codec'
import { frameIdFor } from '../../src/storage/frame-ids'
import { openDatabase } from '../../src/storage/idb'
import { STORAGE_FULL_MESSAGE, putFrameMakingRoom, writeMakingRoom } from '../../src/storage/quota'
import { StoreContext } from '../../src/storage/store-context'
import { WorldStore } from '../../src/storage/world-store'

/*
 * TEST DOUBLE, and why: fake-indexeddb has no quota. A full disk is played by refusing writes
 * the way Chromium does (the transaction aborts with a QuotaExceededError and writes nothing);
 * the database, the dropping and the manifests are real. The browser-side version of this runs
 * in tests/e2e/storage-quota.test.ts.
 */
const quotaError = () => new DOMException('Quota exceeded (test double)', 'QuotaExceededError')

// eslint-disable-next-line @typescript-eslint/unbound-method -- restored after each test
const realPut = IDBObjectStore.prototype.put
afterEach(() => {
  IDBObjectStore.prototype.put = realPut
})

/** The next `n` frame puts abort their transaction with a QuotaExceededError. */
function refuseFramePuts(n: number): void {
  let left = n
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    const req = realPut.call(this, value, key)
    if (this.name === 'frames' && left > 0) {
      left--
      const tx = this.transaction
      Object.defineProperty(tx, 'error', { get: quotaError })
      req.addEventListener('success', () => tx.abort())
    }
    return req
  }
}

const key = (x: number) => ({
  worldVersion: 1,
  cell: [x, 0, 0] as [number, number, number],
  dir: 0,
  level: 0,
})

/** Worlds wa (the open one), wb and wc with two listed frames each. */
async function threeWorlds(): Promise<{ name: string; ctx: StoreContext }> {
  const name = freshDbName('quota')
  const store = await WorldStore.open(name)
  for (const id of ['wa', 'wb', 'wc']) {
    const w = worldData(id)
    await store.saveWorld(w)
    for (const x of [0, 1]) void store.saveFrame(w, key(x), testFrame(1, x))
  }
  await store.flush()
  store.close()
  return { name, ctx: new StoreContext(await openDatabase(name)) }
}

async function framesByWorld(db: IDBDatabase): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const f of (await rawAll(db, 'frames')) as { worldId: string }[])
    out[f.worldId] = (out[f.worldId] ?? 0) + 1
  return out
}

async function listedByWorld(db: IDBDatabase): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const m of (await rawAll(db, 'manifests')) as { worldId: string; frames: string[] }[])
    out[m.worldId] = m.frames.length
  return out
}

describe('storage full', () => {
  it('a world record makes room from other worlds’ frames first, then its own, then says so', async () => {
    const { ctx } = await threeWorlds()
    const seen: Record<string, number>[] = []
    const listed: Record<string, number>[] = []
    const refused = writeMakingRoom(ctx, 'wa', 'document', async () => {
      seen.push(await framesByWorld(ctx.db))
      listed.push(await listedByWorld(ctx.db))
      throw quotaError()
    })
    await expect(refused).rejects.toThrow('Storage is full: the document could not be saved.')
    expect(seen).toEqual([{ wa: 2, wb: 2, wc: 2 }, { wa: 2 }, {}])
    // Manifests are emptied with their frames, never left listing frames that are gone.
    expect(listed).toEqual([
      { wa: 2, wb: 2, wc: 2 },
      { wa: 2, wb: 0, wc: 0 },
      { wa: 0, wb: 0, wc: 0 },
    ])
    expect(ctx.framesDropped).toBe(6)
    expect(ctx.framesDisabled).toBe(true)
    expect(ctx.message).toBe(STORAGE_FULL_MESSAGE)
    // World records are never dropped.
    expect(((await rawAll(ctx.db, 'worlds')) as { id: string }[]).map((w) => w.id).sort()).toEqual([
      'wa',
      'wb',
      'wc',
    ])
    ctx.db.close()
  })

  it('stops dropping as soon as the write fits', async () => {
    const { ctx } = await threeWorlds()
    let calls = 0
    await writeMakingRoom(ctx, 'wb', 'thumbnail', () =>
      ++calls === 1 ? Promise.reject(quotaError()) : Promise.resolve(),
    )
    expect(calls).toBe(2)
    expect(await framesByWorld(ctx.db)).toEqual({ wb: 2 })
    ctx.db.close()
  })

  it('a frame makes room from other worlds only, and frames stop when even that is not enough', async () => {
    const { ctx } = await threeWorlds()
    const rec = async (x: number) => ({
      ...(await encodeFrame(frameIdFor('wa', key(x)), 'wa', key(x), testFrame(1, x))),
      savedAt: Date.now(),
    })
    refuseFramePuts(1)
    expect(await putFrameMakingRoom(ctx, await rec(2))).toBe(true)
    expect(await framesByWorld(ctx.db)).toEqual({ wa: 3 })
    expect(ctx.framesDisabled).toBe(false)
    refuseFramePuts(2)
    expect(await putFrameMakingRoom(ctx, await rec(3))).toBe(false)
    // The open world's own frames are not dropped for one more frame.
    expect(await framesByWorld(ctx.db)).toEqual({ wa: 3 })
    expect(ctx.framesDisabled).toBe(true)
    expect(ctx.message).toBe(STORAGE_FULL_MESSAGE)
    ctx.db.close()
  })

  it('other errors are not taken for a full disk: nothing is dropped', async () => {
    const { ctx } = await threeWorlds()
    await expect(
      writeMakingRoom(ctx, 'wa', 'file', () => Promise.reject(new Error('disk on fire'))),
    ).rejects.toThrow('disk on fire')
    expect(await framesByWorld(ctx.db)).toEqual({ wa: 2, wb: 2, wc: 2 })
    expect(ctx.message).toBeNull()
    ctx.db.close()
  })
})
