import { pageCount, type GalleryStore } from './gallery-store'

/** Everything a gallery control can do, on either surface (a panel action carries one). */
export type GalleryOp =
  | { op: 'select'; id: string }
  | { op: 'open'; id: string }
  /** Starts editing the name (desktop only: the headset has no keyboard). */
  | { op: 'rename'; id: string }
  | { op: 'commitRename'; id: string; name: string }
  | { op: 'cancelRename' }
  | { op: 'duplicate'; id: string }
  /** Asks first: the bar turns into "Delete …? [Delete] [Cancel]". */
  | { op: 'delete'; id: string }
  | { op: 'confirmDelete'; id: string }
  | { op: 'cancelDelete' }
  | { op: 'new' }
  | { op: 'persist' }
  | { op: 'page'; dir: -1 | 1 }

/**
 * Runs a gallery control. Selection, paging and the two-step delete are plain state changes (so
 * both surfaces and the unit tests see the same thing); the rest goes to the storage-backed
 * commands, one at a time: while one runs (`busy`), further storage actions are ignored.
 */
export function runGalleryOp(op: GalleryOp, store: GalleryStore): void {
  const s = store.getState()
  switch (op.op) {
    case 'select':
      if (s.renamingId !== null && s.renamingId !== op.id) s.set({ renamingId: null })
      store.getState().set({ selectedId: op.id, confirmDeleteId: null })
      return
    case 'page': {
      const last = pageCount(s.worlds.length) - 1
      s.set({ page: Math.min(last, Math.max(0, s.page + op.dir)), confirmDeleteId: null })
      return
    }
    case 'rename':
      s.set({ renamingId: op.id, selectedId: op.id, confirmDeleteId: null })
      return
    case 'cancelRename':
      s.set({ renamingId: null })
      return
    case 'delete':
      // The open world cannot go: the session is drawing it (open another one first).
      if (op.id === s.currentId) {
        s.set({ message: 'This world is open: open another one before deleting it.' })
        return
      }
      s.set({ confirmDeleteId: op.id, selectedId: op.id, renamingId: null })
      return
    case 'cancelDelete':
      s.set({ confirmDeleteId: null })
      return
    case 'new':
      s.commands?.newWorld()
      return
    default:
      break
  }
  const c = s.commands
  if (!c) {
    s.set({ message: s.unavailable ?? 'The gallery is still starting.' })
    return
  }
  if (s.busy) return
  const run = (label: string, task: () => Promise<void>) => {
    s.set({ busy: label, message: null })
    task()
      .catch((e: unknown) => store.getState().set({ message: e instanceof Error ? e.message : String(e) }))
      .finally(() => store.getState().set({ busy: null }))
  }
  switch (op.op) {
    case 'open':
      if (op.id !== s.currentId) run('opening…', () => c.open(op.id))
      return
    case 'commitRename':
      run('renaming…', async () => {
        await c.rename(op.id, op.name)
        store.getState().set({ renamingId: null })
      })
      return
    case 'duplicate':
      run('copying…', () => c.duplicate(op.id))
      return
    case 'confirmDelete':
      if (s.confirmDeleteId !== op.id) return
      run('deleting…', async () => {
        await c.remove(op.id)
        store.getState().set({ confirmDeleteId: null })
      })
      return
    case 'persist':
      run('asking the browser…', () => c.requestPersist())
      return
  }
}
