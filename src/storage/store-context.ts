import { done } from './idb'
import { WriteQueue } from './write-queue'

/** Seams a store is opened with. */
export interface WorldStoreHooks {
  /**
   * Called when a transaction that commits a save (a world record, a manifest swap, a rename, a
   * copy) has issued all its writes and is about to commit. The transaction stays open for as
   * long as the hook keeps requests running on it, and commits once the hook's promise settles
   * (an e2e test holds it open this way to kill the tab exactly mid-save). Read at each commit,
   * so it may be set after the store is open. @default none: commits go straight through
   */
  beforeCommit?: (tx: IDBTransaction) => Promise<void>
}

export interface WorldStoreOptions {
  /** @default {} */
  hooks?: WorldStoreHooks
}

/** What the store's parts share: one database, one write queue, one status. */
export class StoreContext {
  /** Something the person should know (storage full, a conflict with another tab), or null. */
  message: string | null = null
  /** Frames written this session. */
  framesWritten = 0
  /** Frames deleted to make room (quota), this session. */
  framesDropped = 0
  /** Set once storage ran full: frames are no longer written this session. */
  framesDisabled = false
  /**
   * Worlds whose stored edit log has moved on without this tab (a save was refused): this tab's
   * edits and frames of them are a different world now, so nothing more of them is written.
   */
  readonly diverged = new Set<string>()
  /** Every write, in order; a failure nobody awaits ends up in `message`. */
  readonly queue = new WriteQueue((err) => {
    this.message = `storage error: ${err instanceof Error ? err.message : String(err)}`
  })

  constructor(
    readonly db: IDBDatabase,
    private readonly hooks: WorldStoreHooks = {},
  ) {}

  /** Waits for `tx` to commit, first giving `beforeCommit` its chance to hold it. */
  async commit(tx: IDBTransaction): Promise<void> {
    const committed = done(tx)
    const hook = this.hooks.beforeCommit
    if (hook) {
      // The hook may take a while: the outcome is awaited below, not left unhandled meanwhile.
      committed.catch(() => undefined)
      await hook(tx)
    }
    await committed
  }
}

/** The Web Lock that serialises writes to one world across tabs. */
export function worldLock(worldId: string): string {
  return `worldwalk:world:${worldId}`
}
