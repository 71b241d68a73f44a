import { DB_NAME, DB_VERSION, upgrade } from './schema'

/** IndexedDB's request callbacks as promises. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

/** Resolves when the transaction commits; rejects with its error (QuotaExceededError among them). */
export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'))
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'))
  })
}

export function openDatabase(name = DB_NAME): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, DB_VERSION)
    req.onupgradeneeded = (ev) => upgrade(req.result, ev.oldVersion, req.transaction!)
    req.onsuccess = () => {
      const db = req.result
      // A newer tab is upgrading the schema: step aside so it is not blocked (this tab's next
      // write fails and says so; a reload picks up the new schema).
      db.onversionchange = () => db.close()
      resolve(db)
    }
    req.onerror = () => reject(req.error ?? new Error('cannot open IndexedDB'))
    req.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'))
  })
}

export function isQuotaError(err: unknown): boolean {
  return err instanceof DOMException && (err.name === 'QuotaExceededError' || err.code === 22)
}
