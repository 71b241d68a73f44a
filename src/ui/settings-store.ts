import { createStore, type StoreApi } from 'zustand/vanilla'
import { clampSettings, DEFAULT_SETTINGS, type Settings } from './settings'

/** localStorage key; bump the suffix if the shape changes incompatibly (clampSettings copes with additions). */
const STORAGE_KEY = 'worldwalk.settings.v1'

export interface SettingsState {
  settings: Settings
  /** Replaces settings (clamped) and remembers them for the next visit. */
  update(patch: Partial<Settings>): void
  reset(): void
}

export type SettingsStore = StoreApi<SettingsState>

function load(storage: Storage | undefined): Settings {
  try {
    const raw = storage?.getItem(STORAGE_KEY)
    return clampSettings(raw ? (JSON.parse(raw) as Partial<Settings>) : DEFAULT_SETTINGS)
  } catch {
    // Corrupt JSON or storage blocked (private mode, sandboxed iframe): defaults are fine.
    return { ...DEFAULT_SETTINGS }
  }
}

function save(storage: Storage | undefined, settings: Settings): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(settings))
  } catch {
    // Quota or blocked storage: settings still apply for this visit.
  }
}

/**
 * The settings store: zustand/vanilla, so the XR frame loop reads it with getState() (no re-render)
 * and both panels (VR canvas, desktop DOM) subscribe to it. `storage` is injectable for tests.
 */
export function createSettingsStore(storage: Storage | undefined = globalThis.localStorage): SettingsStore {
  return createStore<SettingsState>()((set, get) => ({
    settings: load(storage),
    update(patch) {
      const settings = clampSettings({ ...get().settings, ...patch })
      save(storage, settings)
      set({ settings })
    },
    reset() {
      save(storage, DEFAULT_SETTINGS)
      set({ settings: { ...DEFAULT_SETTINGS } })
    },
  }))
}
