/**
 * Node support for storage unit tests. IndexedDB is `fake-indexeddb` (an in-memory
 * implementation of the IndexedDB API: real transactions, cursors, indexes and aborts; no
 * quota). Node has no `navigator.locks`, so a small exclusive Web Lock polyfill stands in for the
 * browser's (FIFO per lock name; enough for WorldStore, which only takes exclusive locks).
 * The real browser behaviour of both is covered by the Chromium e2e tests (tests/e2e/storage-*).
 */
import 'fake-indexeddb/auto'
import type { Frame } from '../../src/core/frame'
import type { WorldData } from '../../src/storage/world-store'

class LockPolyfill {
  private readonly tails = new Map<string, Promise<void>>()

  request<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(name) ?? Promise.resolve()
    const run = before.then(fn)
    const tail = run.then(
      () => undefined,
      () => undefined,
    )
    this.tails.set(name, tail)
    void tail.then(() => {
      if (this.tails.get(name) === tail) this.tails.delete(name)
    })
    return run
  }
}

const g = globalThis as { navigator?: { locks?: unknown } }
if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true })
g.navigator!.locks ??= new LockPolyfill()

let dbCount = 0
/** A database name no other test uses (fake-indexeddb keeps databases for the whole run). */
export function freshDbName(label: string): string {
  return `unit-${label}-${++dbCount}-${Date.now()}`
}

export function worldData(id: string, version = 1, author = 'me'): WorldData {
  return {
    id,
    prompt: 'a meadow',
    version,
    regions: [{ id: 'r0', center: [0, 0], radius: 200, style: new Float32Array([0.25]), seed: 1 }],
    document: {
      format: 'worldwalk-world',
      schemaVersion: 1,
      version,
      regions: [],
      log: [{ version, time: 0, description: author, edit: { kind: 'undo' } }],
    } as unknown as NonNullable<WorldData['document']>,
  }
}

/** An 8x8 frame whose pixels say `fill` (noise, so gzip keeps a visible size). */
export function testFrame(version: number, fill: number): Frame {
  return {
    requestId: 0,
    pose: { position: [0, 1.6, 0], rotation: [0, 0, 0, 1] },
    camera: { model: 'perspective', width: 8, height: 8, fovYDeg: 90 },
    worldVersion: version,
    modelId: 'm',
    modelMs: 1,
    rgba: Uint8Array.from({ length: 256 }, (_, i) => (i * 7919 + fill) % 251),
    depth: new Float32Array(64).fill(fill),
  }
}

/** Opens a raw connection to a store's database (to plant or inspect records). */
export function rawDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name)
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error ?? new Error('open failed'))
  })
}

/** Every record of one object store, raw. */
export function rawAll(db: IDBDatabase, store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const r = db.transaction(store).objectStore(store).getAll()
    r.onsuccess = () => resolve(r.result as unknown[])
    r.onerror = () => reject(r.error ?? new Error('getAll failed'))
  })
}

/** Puts raw values into one object store (bypassing WorldStore's checks). */
export function rawPut(
  db: IDBDatabase,
  store: string,
  values: unknown[],
  keys?: IDBValidKey[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite')
    values.forEach((v, i) => tx.objectStore(store).put(v, keys?.[i]))
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error ?? new Error('put failed'))
  })
}
