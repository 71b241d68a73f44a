import type { PanelAction, PanelItem, PanelView } from './panel-model'

/**
 * Where each part of a menu page goes on the headset panel's canvas, in canvas pixels. Pure, so the
 * hit test that turns a ray's uv into an action is unit-tested in Node, and drawing and hit testing
 * can never disagree about where a button is.
 *
 * Scale: the panel is PANEL_WIDTH_M wide in the world and CANVAS_W pixels wide, 2000 px per metre,
 * so 44 px body text is 2.2 cm tall: readable at arm's length (0.6 m), where 2 cm is about 1.9 degrees.
 */

export const CANVAS_W = 960
export const CANVAS_H = 720
export const PANEL_WIDTH_M = 0.48
export const PANEL_HEIGHT_M = (PANEL_WIDTH_M * CANVAS_H) / CANVAS_W
export const PX_PER_M = CANVAS_W / PANEL_WIDTH_M

export const FONT = {
  title: 50,
  tab: 40,
  body: 44,
  small: 34,
}

export const PAD = 36
const HEADER_Y = 14
const HEADER_H = 80
const TABS_Y = 108
const TABS_H = 76
const CONTENT_Y = 200
const ROW_H = 82
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
  /** Active tab, or a toggle that is on. */
  on?: boolean
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

function rowBoxes(item: PanelItem, y: number, out: Box[]): void {
  const right = CANVAS_W - PAD
  const cy = y + (ROW_H - CONTROL_H) / 2
  switch (item.kind) {
    case 'info':
      out.push(box('label', PAD, y, 300, ROW_H, item.label))
      out.push(box('value', PAD + 300, y, right - PAD - 300, ROW_H, item.value))
      return
    case 'note':
      out.push(box('note', PAD, y, right - PAD, ROW_H, item.text))
      return
    case 'action':
      out.push(
        box('button', PAD, cy, 300, CONTROL_H, item.label, { action: item.action, enabled: item.enabled }),
      )
      if (item.reason) out.push(box('reason', PAD + 324, y, right - PAD - 324, ROW_H, item.reason))
      return
    case 'stepper': {
      const bw = 84
      const vw = 230
      out.push(box('label', PAD, y, 320, ROW_H, item.label))
      out.push(box('step', right - bw, cy, bw, CONTROL_H, '+', { action: item.inc, enabled: item.canInc }))
      out.push(box('stepValue', right - bw - vw, y, vw, ROW_H, item.value))
      out.push(
        box('step', right - 2 * bw - vw, cy, bw, CONTROL_H, '−', { action: item.dec, enabled: item.canDec }),
      )
      return
    }
    case 'toggle':
      out.push(box('label', PAD, y, 320, ROW_H, item.label))
      out.push(
        box('toggle', right - 180, cy, 180, CONTROL_H, item.on ? 'On' : 'Off', {
          action: item.action,
          on: item.on,
        }),
      )
      return
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
  view.items.forEach((item, i) => rowBoxes(item, CONTENT_Y + i * ROW_H, out))
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
