import { runGalleryOp } from '../gallery/gallery-actions'
import type { GalleryStore } from '../gallery/gallery-store'
import type { SettingsStore } from '../settings-store'
import { stepSetting } from '../settings'
import { readFileActions } from '../file-actions'
import { readWorldActions } from './app-fields'
import type { MenuStore } from './menu-store'
import type { PanelAction } from './panel-model'

export interface PanelContext {
  /** The app store's current state (world actions are looked up on it). */
  appState: () => unknown
  settings: SettingsStore
  menu: MenuStore
  /** The saved-worlds gallery. */
  gallery: GalleryStore
}

/** Runs a panel control's action against the stores. Disabled world actions do nothing. */
export function runPanelAction(action: PanelAction, ctx: PanelContext): void {
  switch (action.type) {
    case 'tab':
      ctx.menu.getState().setTab(action.tab)
      return
    case 'close':
      ctx.menu.getState().setOpen(false)
      return
    case 'step': {
      const s = ctx.settings.getState()
      s.update(stepSetting(s.settings, action.key, action.dir))
      return
    }
    case 'toggle': {
      const s = ctx.settings.getState()
      s.update({ [action.key]: !s.settings[action.key] })
      return
    }
    case 'world': {
      const found = readWorldActions(ctx.appState()).find((a) => a.id === action.id)
      found?.run?.()
      return
    }
    case 'gallery':
      runGalleryOp(action.op, ctx.gallery)
      return
    case 'file':
      readFileActions(ctx.appState())
        .find((a) => a.id === action.id)
        ?.run()
      return
  }
}
