import type { AppStore } from '../../ui/app-store'
import type { GalleryStore, GalleryWorld, StorageUsage } from '../../ui/gallery/gallery-store'
import { pageCount } from '../../ui/gallery/gallery-store'

/** What the gallery needs from storage (WorldStore has it). */
export interface GalleryStorage {
  list(): Promise<GalleryWorld[]>
  rename(id: string, name: string): Promise<void>
  duplicate(id: string): Promise<string>
  delete(id: string): Promise<void>
  saveThumbnail(id: string, image: Blob): Promise<void>
  usage(): Promise<StorageUsage>
  requestPersist(): Promise<boolean>
}

/** What the gallery needs from the running world. */
export interface GalleryWorldView {
  /** The open world's id and version, and frames the model made for it since it was opened. */
  current(): { id: string; version: number; frames: number; restoredFrames: number }
  /** True once everything around the viewer is drawn and nothing is in flight. */
  idle(): boolean
  open(id: string): Promise<unknown>
}

export interface GalleryDeps {
  app: AppStore
  store: GalleryStore
  /** Null when the browser gave no storage: the page says so and offers nothing. */
  storage: GalleryStorage | null
  world: GalleryWorldView
  /** A small picture of what the viewer sees now, or null where none can be taken (in VR). */
  capture(): Promise<Blob | null>
  /** Whether the Worlds page is on screen (then sizes are read again now and then). */
  visible(): boolean
  /** Closes the menu so the prompt bar is free (New world). */
  closeMenu(): void
  /** How often the gallery looks at the world (ms). @default 1000 */
  intervalMs?: number
}

export interface WorldGallery {
  refresh(): Promise<void>
  /** Takes and stores the open world's thumbnail now if it changed since the last one. */
  captureIfChanged(): Promise<void>
  dispose(): void
}

export const UNAVAILABLE = 'Storage is unavailable in this browser: worlds are not saved.'

/** Seconds between re-reads of sizes while the page is open (frames keep arriving). */
const VISIBLE_REFRESH_TICKS = 3

/**
 * Runs the saved-worlds gallery: lists worlds into the gallery store, carries out its commands
 * (open, rename, duplicate, delete, keep on device, new world), and keeps thumbnails current: once
 * the world has settled after changes (the session idle with new frames), and before switching to
 * another world.
 */
export function startWorldGallery(d: GalleryDeps): WorldGallery {
  const { store, storage } = d
  if (!storage) {
    store.getState().set({ loaded: true, unavailable: UNAVAILABLE, commands: null })
    return { refresh: async () => {}, captureIfChanged: async () => {}, dispose: () => {} }
  }
  let disposed = false
  /** What the stored thumbnail shows: world, version and frames made when it was taken. */
  let pictured: string | null = null
  let capturing: Promise<void> | null = null
  let ticks = 0

  const signature = () => {
    const c = d.world.current()
    return `${c.id}@${c.version}:${c.frames}`
  }

  const read = async () => {
    const [listed, usage] = await Promise.all([storage.list(), storage.usage()])
    if (disposed) return
    const s = store.getState()
    // Each read gives new Blob objects: keep the old one while the picture is the same size, so
    // the desktop's object URLs and the headset's decoded bitmaps are not made again every read.
    const before = new Map(s.worlds.map((w) => [w.id, w.thumbnail]))
    const worlds = listed.map((w) => {
      const old = before.get(w.id)
      return old && w.thumbnail && old.size === w.thumbnail.size && old.type === w.thumbnail.type
        ? { ...w, thumbnail: old }
        : w
    })
    s.set({
      worlds,
      usage,
      loaded: true,
      currentId: d.world.current().id,
      page: Math.min(s.page, pageCount(worlds.length) - 1),
    })
  }
  // One read at a time (a read waits behind frame writes on a busy machine); a refresh asked for
  // meanwhile runs once after it, so the list never shows less than what was done before it.
  let reading: Promise<void> | null = null
  let again = false
  const refresh = (): Promise<void> => {
    if (reading) {
      again = true
      return reading
    }
    reading = (async () => {
      try {
        do {
          again = false
          await read()
        } while (again && !disposed)
      } finally {
        reading = null
      }
    })()
    return reading
  }

  const captureIfChanged = (): Promise<void> => {
    capturing ??= (async () => {
      const c = d.world.current()
      const sig = signature()
      if (sig === pictured || c.frames + c.restoredFrames === 0) return
      const listed = store.getState().worlds.find((w) => w.id === c.id)
      // A world just opened from storage looks as it did when its picture was taken.
      if (c.frames === 0 && listed?.thumbnail) {
        pictured = sig
        return
      }
      const blob = await d.capture()
      if (!blob || disposed) return
      await storage.saveThumbnail(c.id, blob)
      pictured = sig
      await refresh()
    })().finally(() => {
      capturing = null
    })
    return capturing
  }

  const nameOf = (id: string) => store.getState().worlds.find((w) => w.id === id)?.name ?? 'the world'

  store.getState().set({
    unavailable: null,
    commands: {
      async open(id) {
        await captureIfChanged().catch(() => undefined)
        await d.world.open(id)
        // Opened from storage: its stored picture stands until something new is explored.
        pictured = signature()
        store.getState().set({ currentId: id, selectedId: id, message: `Opened “${nameOf(id)}”` })
        void refresh().catch(() => undefined)
      },
      async rename(id, name) {
        await storage.rename(id, name)
        // Shown at once; the list is read again behind it.
        const trimmed = name.trim()
        const s = store.getState()
        s.set({
          worlds: s.worlds.map((w) => (w.id === id ? { ...w, name: trimmed } : w)),
          message: `Renamed to “${trimmed}”`,
        })
        void refresh().catch(() => undefined)
      },
      async duplicate(id) {
        const copy = await storage.duplicate(id)
        // The copy is the newest: first on the first page once the list is read again.
        store.getState().set({ selectedId: copy, page: 0, message: `Copied as “${nameOf(id)} (copy)”` })
        void refresh().catch(() => undefined)
      },
      async remove(id) {
        const name = nameOf(id)
        await storage.delete(id)
        const s = store.getState()
        s.set({ selectedId: null, worlds: s.worlds.filter((w) => w.id !== id), message: `Deleted “${name}”` })
        void refresh().catch(() => undefined)
      },
      async requestPersist() {
        store.getState().set({ persist: 'asking' })
        const granted = await storage.requestPersist().catch(() => false)
        store.getState().set({ persist: granted ? 'granted' : 'refused' })
        void refresh().catch(() => undefined)
      },
      newWorld() {
        d.closeMenu()
        const vr = d.app.getState().mode === 'vr'
        d.app.getState().setWorld({
          message: vr
            ? 'Hold B and say what the new world should be.'
            : 'Type what the new world should be and press Enter (or hold V and say it).',
        })
        if (!vr) d.app.getState().focusPrompt()
      },
      refresh,
    },
  })

  const timer = setInterval(() => {
    if (disposed) return
    const s = store.getState()
    const id = d.world.current().id
    ticks++
    if (id !== s.currentId || (d.visible() && ticks % VISIBLE_REFRESH_TICKS === 0))
      refresh().catch((e: unknown) => s.set({ message: `could not list worlds: ${String(e)}` }))
    if (d.world.idle() && s.busy === null)
      captureIfChanged().catch((e: unknown) => s.set({ message: `could not save the picture: ${String(e)}` }))
  }, d.intervalMs ?? 1000)
  refresh().catch((e: unknown) => store.getState().set({ message: `could not list worlds: ${String(e)}` }))

  return {
    refresh,
    captureIfChanged,
    dispose() {
      disposed = true
      clearInterval(timer)
      store.getState().set({ commands: null })
    },
  }
}
