import { createStore, type StoreApi } from 'zustand/vanilla'
import type { WorldSummary } from '../../storage/world-store'

/** One saved world as the gallery lists it: storage's summary (name, size, date, thumbnail). */
export type GalleryWorld = WorldSummary

/** What the browser says about this site's storage; null where it does not say. */
export interface StorageUsage {
  usage: number | null
  quota: number | null
  persisted: boolean | null
}

/** Where the request for persistent storage stands: the browser's answer is shown as it came. */
export type PersistAnswer = 'not-asked' | 'asking' | 'granted' | 'refused'

/** What the gallery's storage-backed buttons do; set by the world gallery once the world runs. */
export interface GalleryCommands {
  /** Switches to a saved world without reloading the page (zero model calls for what was seen). */
  open(id: string): Promise<void>
  rename(id: string, name: string): Promise<void>
  duplicate(id: string): Promise<void>
  remove(id: string): Promise<void>
  requestPersist(): Promise<void>
  /** Asks the person to describe a new world (the prompt bar, or push-to-talk in the headset). */
  newWorld(): void
  /** Reads the list and the usage again. */
  refresh(): Promise<void>
}

/** How many worlds one page lists: the headset panel has room for three at a readable size. */
export const WORLDS_PER_PAGE = 3

export interface GalleryState {
  /** Newest first, as storage lists them. */
  worlds: readonly GalleryWorld[]
  /** False until the first list arrived (the page says "reading…"), and when storage is unavailable. */
  loaded: boolean
  /** Why there is no list (storage unavailable), or null. */
  unavailable: string | null
  /** The world open now. */
  currentId: string | null
  /** The world the action bar acts on; null means the open one. */
  selectedId: string | null
  /** A world whose delete waits for confirmation. */
  confirmDeleteId: string | null
  /** A world whose name is being edited (desktop: an inline text field). */
  renamingId: string | null
  page: number
  usage: StorageUsage | null
  persist: PersistAnswer
  /** A storage action running now ("opening…"), so buttons do not fire twice. */
  busy: string | null
  /** The last action's result or failure, in words. */
  message: string | null
  commands: GalleryCommands | null
  set(patch: Partial<Omit<GalleryState, 'set'>>): void
}

export type GalleryStore = StoreApi<GalleryState>

export function createGalleryStore(): GalleryStore {
  return createStore<GalleryState>()((set) => ({
    worlds: [],
    loaded: false,
    unavailable: null,
    currentId: null,
    selectedId: null,
    confirmDeleteId: null,
    renamingId: null,
    page: 0,
    usage: null,
    persist: 'not-asked',
    busy: null,
    message: null,
    commands: null,
    set: (patch) => set(patch),
  }))
}

/** The world the action bar acts on: the selected one if it is still listed, else the open one. */
export function selectedWorld(s: Pick<GalleryState, 'worlds' | 'selectedId' | 'currentId'>) {
  return (
    s.worlds.find((w) => w.id === s.selectedId) ??
    s.worlds.find((w) => w.id === s.currentId) ??
    s.worlds[0] ??
    null
  )
}

export function pageCount(worlds: number): number {
  return Math.max(1, Math.ceil(worlds / WORLDS_PER_PAGE))
}
