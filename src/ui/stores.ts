import { createAppStore, type AppStore } from './app-store'
import { createGalleryStore, type GalleryStore } from './gallery/gallery-store'
import { createGroundStore, type GroundStore } from './ground-store'
import { createMenuStore, type MenuStore } from './panels/menu-store'
import { createSettingsStore, type SettingsStore } from './settings-store'

/**
 * Every store the app has, built once where the app starts (main.tsx) and handed down: React
 * reads them through one context (ui/react/stores-context.ts), the world runtime and tests get
 * them as arguments. No module singletons, so a test builds as many apps as it likes.
 */
export interface Stores {
  app: AppStore
  /** Per person and device, not per world. */
  settings: SettingsStore
  /** One menu for the desktop and the headset: entering VR keeps the page you were on. */
  menu: MenuStore
  /** The saved worlds, shared by the desktop menu and the headset panel. */
  gallery: GalleryStore
  /** The ground every walker follows (the running world's, else the placeholder). */
  ground: GroundStore
}

export interface StoresOptions {
  /** Where settings persist. @default globalThis.localStorage (undefined in Node: not kept) */
  storage?: Storage
}

export function createStores(options: StoresOptions = {}): Stores {
  return {
    app: createAppStore(),
    settings: createSettingsStore(options.storage ?? globalThis.localStorage),
    menu: createMenuStore(),
    gallery: createGalleryStore(),
    ground: createGroundStore(),
  }
}
