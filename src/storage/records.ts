import { request } from './idb'
import { STORAGE_SCHEMA, type StoreName, type StoreRecords } from './schema'

/**
 * Typed reads of the object stores. IndexedDB hands back `any`: every value read goes through
 * the check of its store here before code treats it as a record, so a record another program
 * (or a bug, or a damaged profile) left in a wrong shape is refused with an error that names it,
 * instead of failing later somewhere else or, worse, being read as empty and written over.
 */

/** A stored value that is not the record its store holds. */
export class MalformedRecordError extends Error {
  constructor(
    readonly store: StoreName,
    readonly key: IDBValidKey,
    problem: string,
  ) {
    super(`The stored ${store} record ${JSON.stringify(key)} is damaged (${problem}); it was not used.`)
    this.name = 'MalformedRecordError'
  }
}

type Fields = Record<string, unknown>
type Check = (v: Fields) => string | null

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v)
const isBlob = (v: unknown): boolean => typeof Blob !== 'undefined' && v instanceof Blob

/** The first field of `v` whose type is not the expected one, as a problem, or null. */
function fields(v: Fields, want: Record<string, (x: unknown) => boolean>): string | null {
  for (const [name, ok] of Object.entries(want)) if (!ok(v[name])) return `bad ${name}`
  return null
}

const str = (x: unknown) => typeof x === 'string'
const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x)
const optional = (ok: (x: unknown) => boolean) => (x: unknown) => x === undefined || ok(x)
const strings = (x: unknown) => Array.isArray(x) && x.every(str)

const CHECKS: { [S in StoreName]: (v: unknown) => string | null } = {
  worlds: record((v) => {
    const base = fields(v, { id: str, schema: num })
    // A record of a newer app is returned as it is: callers skip it by its schema number.
    if (base || (v.schema as number) > STORAGE_SCHEMA) return base
    return fields(v, {
      name: optional(str),
      prompt: str,
      version: num,
      regions: Array.isArray,
      createdAt: num,
      updatedAt: num,
      manifest: num,
      document: optional(isObject),
    })
  }),
  manifests: record((v) =>
    fields(v, {
      id: str,
      worldId: str,
      worldVersion: num,
      frames: strings,
      panorama: (x) => x === null || str(x),
    }),
  ),
  frames: record((v) =>
    fields(v, {
      id: str,
      worldId: str,
      key: (x) => x === null || isObject(x),
      pose: isObject,
      camera: isObject,
      worldVersion: num,
      modelId: str,
      modelMs: num,
      rgba: isBlob,
      depth: isBlob,
      material: optional(isBlob),
      savedAt: optional(num),
    }),
  ),
  meta: (v) => (str(v) ? null : 'not a world id'),
  thumbnails: record((v) => fields(v, { worldId: str, image: isBlob })),
  assets: record((v) => fields(v, { id: str, worldId: str, assetId: str, bytes: isBlob })),
}

function record(check: Check): (v: unknown) => string | null {
  return (v) => (isObject(v) ? check(v) : 'not an object')
}

/** `value` as a record of `store`; throws MalformedRecordError when it is not one. */
export function asRecord<S extends StoreName>(store: S, key: IDBValidKey, value: unknown): StoreRecords[S] {
  const problem = CHECKS[store](value)
  if (problem) throw new MalformedRecordError(store, key, problem)
  return value as StoreRecords[S]
}

/** Whether `value` is a well-formed record of `store`. */
export function isRecord<S extends StoreName>(store: S, value: unknown): value is StoreRecords[S] {
  return CHECKS[store](value) === null
}

/** One record by key, or undefined when there is none. */
export async function getRecord<S extends StoreName>(
  tx: IDBTransaction,
  store: S,
  key: IDBValidKey,
): Promise<StoreRecords[S] | undefined> {
  const value: unknown = await request(tx.objectStore(store).get(key))
  return value === undefined ? undefined : asRecord(store, key, value)
}

/** Every record of a store, or those an index maps `key` to. */
export async function getAllRecords<S extends StoreName>(
  tx: IDBTransaction,
  store: S,
  by?: { index: string; key: IDBValidKey },
): Promise<StoreRecords[S][]> {
  const source = by ? tx.objectStore(store).index(by.index) : tx.objectStore(store)
  const values: unknown[] = await request(by ? source.getAll(by.key) : source.getAll())
  return values.map((v, i) => asRecord(store, by ? `${JSON.stringify(by.key)}#${i}` : i, v))
}

/**
 * Visits every record of a store with its cursor (to delete or update in place), inside the
 * cursor's transaction. A malformed record goes to `malformed` when given (garbage collection
 * deletes regenerable ones); otherwise the walk rejects with MalformedRecordError.
 */
export function eachRecord<S extends StoreName>(
  tx: IDBTransaction,
  store: S,
  visit: (rec: StoreRecords[S], cursor: IDBCursorWithValue) => void,
  malformed?: (cursor: IDBCursorWithValue) => void,
): Promise<void> {
  return eachRow(tx.objectStore(store).openCursor(), (c) => {
    if (isRecord(store, c.value)) visit(c.value, c)
    else if (malformed) malformed(c)
    else throw new MalformedRecordError(store, c.primaryKey, CHECKS[store](c.value)!)
  })
}

/**
 * Iterates a cursor to its end, calling `visit` on each row. A throw from `visit` aborts the
 * transaction (nothing half-done of it is written) and rejects.
 */
export function eachRow(
  req: IDBRequest<IDBCursorWithValue | null>,
  visit: (c: IDBCursorWithValue) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      const c = req.result
      if (!c) return resolve()
      try {
        visit(c)
      } catch (err) {
        try {
          req.transaction?.abort()
        } catch {
          // Already finished: nothing left to undo.
        }
        return reject(err instanceof Error ? err : new Error(String(err)))
      }
      c.continue()
    }
    req.onerror = () => reject(req.error ?? new Error('cursor failed'))
  })
}
