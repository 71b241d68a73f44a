import type { PanelAction, PanelItem, PanelView } from './panel-model'

/**
 * Where each part of a menu page goes on the headset panel's canvas, in canvas pixels. Pure, so the
 * hit test that turns a ray's uv into an action is unit-tested in Node, and drawing and hit testing
 * can never disagree about where a button is.
 *
 * Scale: the panel is PANEL_WIDTH_M wide in the world and CANVAS_W pixels wide, 2000 px per metre,
 * so 44 px body text is 2.2 cm tall: readable at arm's length (0.6 m), where 2 cm is about 1.9 degrees.
 * 56 cm wide (50 degrees at 0.6 m) so five tabs keep 2 cm labels.
 */

export const CANVAS_W = 1120
export const CANVAS_H = 720
export const PANEL_WIDTH_M = 0.56
export const PANEL_HEIGHT_M = (PANEL_WIDTH_M * CANVAS_H) / CANVAS_W
export const PX_PER_M = CANVAS_W / PANEL_WIDTH_M

export const FONT = {
  title: 50,
  tab: 40,
  body: 44,
  small: 34,
  /** A world's name in the gallery, and its size and date under it. */
  name: 40,
  detail: 32,
}

export const PAD = 36
const HEADER_Y = 14
const HEADER_H = 80
const TABS_Y = 108
const TABS_H = 76
const CONTENT_Y = 200
// 74, not 82: the settings page holds seven rows (the wake phrase toggle is the seventh).
const ROW_H = 74
const CONTROL_H = 68

export type BoxRole =
  | 'title'
  | 'close'
  | 'tab'
  | 'label'
  | 'value'
  | 'note'
  | 'button'
  | 'reason'
  | 'step'
  | 'stepValue'
  | 'toggle'
  | 'storage'
  | 'smallButton'
  | 'worldRow'
  | 'thumb'
  | 'worldName'
  | 'worldDetail'
  | 'badge'
  | 'question'
  | 'footer'
  | 'pageText'

export interface Box {
  role: BoxRole
  x: number
  y: number
  w: number
  h: number
  text: string
  /** Present on clickable boxes. */
  action?: PanelAction
  enabled: boolean
  /** Active tab, a toggle that is on, or the selected world's row. */
  on?: boolean
  /** A destructive button (drawn red). */
  danger?: boolean
  /** The picture a 'thumb' box shows (null: a placeholder). */
  image?: Blob | null
  /** Font size in px where a control's differs from the body's. */
  size?: number
}

function box(
  role: BoxRole,
  x: number,
  y: number,
  w: number,
  h: number,
  text: string,
  extra?: Partial<Box>,
): Box {
  return { role, x, y, w, h, text, enabled: true, ...extra }
}

/** Heights of the gallery's rows: three worlds, the bar and the footer fit under the tabs. */
const STORAGE_H = 60
const WORLD_H = 96
const THUMB_W = 144
const THUMB_H = 81
const BAR_H = 72
const FOOTER_H = 52
const GAP = 8

/** Adds one item's boxes at `y` and returns the height it took. */
function rowBoxes(item: PanelItem, y: number, out: Box[]): number {
  const right = CANVAS_W - PAD
  const cy = y + (ROW_H - CONTROL_H) / 2
  switch (item.kind) {
    case 'info':
      out.push(box('label', PAD, y, 300, ROW_H, item.label))
      out.push(box('value', PAD + 300, y, right - PAD - 300, ROW_H, item.value))
      return ROW_H
    case 'note':
      out.push(box('note', PAD, y, right - PAD, ROW_H, item.text))
      return ROW_H
    case 'action':
      out.push(
        box('button', PAD, cy, 300, CONTROL_H, item.label, { action: item.action, enabled: item.enabled }),
      )
      if (item.reason) out.push(box('reason', PAD + 324, y, right - PAD - 324, ROW_H, item.reason))
      return ROW_H
    case 'stepper': {
      const bw = 84
      const vw = 230
      out.push(box('label', PAD, y, 320, ROW_H, item.label))
      out.push(box('step', right - bw, cy, bw, CONTROL_H, '+', { action: item.inc, enabled: item.canInc }))
      out.push(box('stepValue', right - bw - vw, y, vw, ROW_H, item.value))
      out.push(
        box('step', right - 2 * bw - vw, cy, bw, CONTROL_H, '−', { action: item.dec, enabled: item.canDec }),
      )
      return ROW_H
    }
    case 'toggle':
      out.push(box('label', PAD, y, 320, ROW_H, item.label))
      out.push(
        box('toggle', right - 180, cy, 180, CONTROL_H, item.on ? 'On' : 'Off', {
          action: item.action,
          on: item.on,
        }),
      )
      return ROW_H
    case 'storage': {
      const bw = 420
      // Once asked, the browser's answer replaces the usage line (the usage shows "kept: …" too).
      out.push(box('storage', PAD, y, right - PAD - bw - 16, STORAGE_H, item.answer ?? item.text))
      out.push(
        box('smallButton', right - bw, y + 6, bw, STORAGE_H - 12, item.persist.short ?? item.persist.label, {
          action: { type: 'gallery', op: item.persist.op },
          enabled: item.persist.enabled,
        }),
      )
      return STORAGE_H + GAP
    }
    case 'world': {
      const h = WORLD_H - 6
      out.push(
        box('worldRow', PAD, y, right - PAD, h, '', {
          action: { type: 'gallery', op: item.select },
          on: item.selected,
        }),
      )
      const ty = y + (h - THUMB_H) / 2
      out.push(box('thumb', PAD + 8, ty, THUMB_W, THUMB_H, '', { image: item.thumbnail }))
      const tx = PAD + 8 + THUMB_W + 20
      const badge = item.current ? 230 : 0
      const tw = right - 16 - badge - tx
      out.push(box('worldName', tx, y + 6, tw, 46, item.name))
      out.push(box('worldDetail', tx, y + 50, tw, 36, item.detail))
      if (item.current) out.push(box('badge', right - 12 - 210, y + (h - 48) / 2, 210, 48, 'open now'))
      return WORLD_H
    }
    case 'bar': {
      const gap = 10
      if (item.question) {
        const bw = 220
        const [yes, no] = item.buttons
        out.push(box('question', PAD, y, right - PAD - 2 * (bw + gap), BAR_H, item.question))
        for (const [i, b] of [yes, no].entries()) {
          if (!b) continue
          out.push(
            box('button', right - (2 - i) * bw - (1 - i) * gap, y + 2, bw, BAR_H - 4, b.label, {
              action: { type: 'gallery', op: b.op },
              enabled: b.enabled,
              danger: b.danger,
              size: FONT.name,
            }),
          )
        }
        return BAR_H + GAP
      }
      // No keyboard in the headset: rename is a desktop control.
      const shown = item.buttons.filter((b) => !b.desktopOnly)
      const bw = (right - PAD - gap * (shown.length - 1)) / shown.length
      shown.forEach((b, i) => {
        out.push(
          box('button', PAD + i * (bw + gap), y + 2, bw, BAR_H - 4, b.label, {
            action: { type: 'gallery', op: b.op },
            enabled: b.enabled,
            danger: b.danger,
            size: FONT.name,
          }),
        )
      })
      return BAR_H + GAP
    }
    case 'footer': {
      const pw = item.page ? 72 * 2 + 120 + 16 : 0
      out.push(box('footer', PAD, y, right - PAD - pw, FOOTER_H, item.text))
      if (item.page) {
        const p = item.page
        out.push(
          box('smallButton', right - pw, y + 2, 72, FOOTER_H - 4, '◀', {
            action: { type: 'gallery', op: p.prev },
            enabled: p.canPrev,
          }),
        )
        out.push(box('pageText', right - pw + 80, y, 120, FOOTER_H, p.text))
        out.push(
          box('smallButton', right - 72, y + 2, 72, FOOTER_H - 4, '▶', {
            action: { type: 'gallery', op: p.next },
            enabled: p.canNext,
          }),
        )
      }
      return FOOTER_H
    }
  }
}

/** Lays out a page: title and close button, the tab row, then one row per item. */
export function layoutPanel(view: PanelView): Box[] {
  const out: Box[] = []
  out.push(box('title', PAD, HEADER_Y, 600, HEADER_H, 'Worldwalk'))
  out.push(box('close', CANVAS_W - PAD - 76, HEADER_Y + 8, 76, 64, '×', { action: { type: 'close' } }))
  const gap = 14
  const tw = (CANVAS_W - 2 * PAD - gap * (view.tabs.length - 1)) / view.tabs.length
  view.tabs.forEach((t, i) => {
    out.push(
      box('tab', PAD + i * (tw + gap), TABS_Y, tw, TABS_H, t.label, { action: t.action, on: t.active }),
    )
  })
  let y = CONTENT_Y
  for (const item of view.items) y += rowBoxes(item, y, out)
  return out
}

/** The clickable box under a canvas point, or null. Disabled boxes are returned too (they show why). */
export function hitBox(boxes: readonly Box[], px: number, py: number): Box | null {
  for (const b of boxes) {
    if (b.action && px >= b.x && px <= b.x + b.w && py >= b.y && py <= b.y + b.h) return b
  }
  return null
}

/** Canvas pixel of a texture uv (v grows upwards in three.js, rows grow downwards in a canvas). */
export function uvToCanvas(u: number, v: number): { x: number; y: number } {
  return { x: u * CANVAS_W, y: (1 - v) * CANVAS_H }
}
