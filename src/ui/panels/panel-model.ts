import { WAKE_PHRASE } from '../../core/command'
import { canStep, type NumericSetting, type Settings, type ToggleSetting } from '../settings'
import {
  MISSING,
  readPromptHistory,
  readStatusFields,
  readWorldActions,
  type WorldActionId,
} from './app-fields'
import { readFileActions } from '../file-actions'
import { PANEL_TABS, type PanelTab } from './menu-store'
import type { GalleryOp } from '../gallery/gallery-actions'
import { createGalleryStore, type GalleryState } from '../gallery/gallery-store'
import { worldsItems, type WorldsItem } from './worlds-page'

/**
 * What a menu page shows, independent of how it is drawn: the headset draws it into a canvas
 * texture (panel-canvas.ts), the desktop as HTML (menu-overlay.tsx). Both dispatch the same actions.
 */

/** Everything a panel control can do; panel-actions.ts runs them. */
export type PanelAction =
  | { type: 'tab'; tab: PanelTab }
  | { type: 'close' }
  | { type: 'step'; key: NumericSetting; dir: -1 | 1 }
  | { type: 'toggle'; key: ToggleSetting }
  | { type: 'world'; id: WorldActionId }
  | { type: 'gallery'; op: GalleryOp }
  | { type: 'file'; id: string }

export type PanelItem =
  | { kind: 'info'; label: string; value: string }
  | { kind: 'note'; text: string }
  | { kind: 'action'; label: string; action: PanelAction; enabled: boolean; reason: string | null }
  | {
      kind: 'stepper'
      label: string
      value: string
      dec: PanelAction
      inc: PanelAction
      canDec: boolean
      canInc: boolean
    }
  | { kind: 'toggle'; label: string; on: boolean; action: PanelAction }
  | WorldsItem

export interface PanelView {
  tab: PanelTab
  tabs: readonly { id: PanelTab; label: string; active: boolean; action: PanelAction }[]
  items: PanelItem[]
}

/** How many prompts the history page lists (it has room for this many lines at readable size). */
export const HISTORY_LINES = 6

function stepper(settings: Settings, key: NumericSetting, label: string, value: string): PanelItem {
  return {
    kind: 'stepper',
    label,
    value,
    dec: { type: 'step', key, dir: -1 },
    inc: { type: 'step', key, dir: 1 },
    canDec: canStep(settings, key, -1),
    canInc: canStep(settings, key, 1),
  }
}

function signed(v: number, unit: string, digits: number): string {
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(digits)} ${unit}`
}

/** An empty gallery, for callers that have none (the page then says it is reading). */
const NO_GALLERY = createGalleryStore().getState()

function items(
  tab: PanelTab,
  app: unknown,
  settings: Settings,
  gallery: GalleryState,
  now: number,
): PanelItem[] {
  switch (tab) {
    case 'status': {
      const f = readStatusFields(app)
      return [
        { kind: 'info', label: 'Source', value: f.source },
        { kind: 'info', label: 'Backend', value: f.backend },
        { kind: 'info', label: 'Model rate', value: f.modelRate },
        { kind: 'info', label: 'Queue', value: f.queue },
        { kind: 'info', label: 'Splats', value: f.splats },
        { kind: 'info', label: 'Voice', value: f.voice },
      ]
    }
    case 'history': {
      const prompts = readPromptHistory(app).slice(0, HISTORY_LINES)
      if (prompts.length === 0) return [{ kind: 'note', text: `${MISSING} no prompts yet` }]
      return prompts.map((p, i) => ({ kind: 'note', text: `${i + 1}. ${p}` }))
    }
    case 'world':
      return [
        ...readWorldActions(app).map((a): PanelItem => ({
          kind: 'action',
          label: a.label,
          action: { type: 'world', id: a.id },
          enabled: a.run !== null,
          reason: a.reason,
        })),
        // Export and import (app/files): in the headset too, where the browser downloads the file.
        ...readFileActions(app).map((a): PanelItem => ({
          kind: 'action',
          label: a.label,
          action: { type: 'file', id: a.id },
          enabled: true,
          reason: null,
        })),
      ]
    case 'worlds':
      return worldsItems(gallery, now)
    case 'settings':
      return [
        stepper(settings, 'snapTurnDegrees', 'Snap turn', `${settings.snapTurnDegrees}°`),
        stepper(settings, 'moveSpeed', 'Speed', `${settings.moveSpeed.toFixed(1)} m/s`),
        stepper(settings, 'heightOffset', 'Height', signed(settings.heightOffset, 'm', 1)),
        { kind: 'toggle', label: 'Seated', on: settings.seated, action: { type: 'toggle', key: 'seated' } },
        {
          kind: 'toggle',
          label: 'Vignette',
          on: settings.vignette,
          action: { type: 'toggle', key: 'vignette' },
        },
        {
          kind: 'toggle',
          label: 'Web Speech: audio leaves device',
          on: settings.webSpeech,
          action: { type: 'toggle', key: 'webSpeech' },
        },
        {
          kind: 'toggle',
          label: `Hands-free: say "${WAKE_PHRASE}"`,
          on: settings.wakePhrase,
          action: { type: 'toggle', key: 'wakePhrase' },
        },
      ]
  }
}

/**
 * Builds the page for `tab` from the app state (read tolerantly, see app-fields.ts), the settings
 * and the saved-worlds gallery (dates are worded relative to `now`, ms).
 */
export function buildPanel(
  tab: PanelTab,
  app: unknown,
  settings: Settings,
  gallery: GalleryState = NO_GALLERY,
  now: number = Date.now(),
): PanelView {
  return {
    tab,
    tabs: PANEL_TABS.map((t) => ({ ...t, active: t.id === tab, action: { type: 'tab', tab: t.id } })),
    items: items(tab, app, settings, gallery, now),
  }
}
