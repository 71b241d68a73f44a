import { CANVAS_H, CANVAS_W, FONT, type Box } from './panel-layout'

/** Panel colours: light text on a deep translucent blue-grey, amber for the active tab (the target's colour). */
const C = {
  bg: 'rgba(18, 24, 36, 0.92)',
  border: 'rgba(127, 209, 255, 0.55)',
  text: '#eef3fa',
  muted: '#9fb0c6',
  control: '#2c3a52',
  controlHover: '#3f5577',
  controlText: '#eef3fa',
  disabled: '#232b39',
  disabledText: '#67768c',
  active: '#ffb340',
  activeText: '#1a1a1a',
  on: '#3fbf7f',
}

const FAMILY = 'system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif'

function roundRect(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
): void {
  ctx.beginPath()
  ctx.roundRect(x, y, w, h, r)
}

/** Cuts text with an ellipsis so it fits `max` pixels. */
function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text
  let t = text
  while (t.length > 1 && ctx.measureText(`${t}…`).width > max) t = t.slice(0, -1)
  return `${t}…`
}

function label(
  ctx: CanvasRenderingContext2D,
  b: Box,
  size: number,
  color: string,
  align: CanvasTextAlign,
  weight = 500,
) {
  ctx.font = `${weight} ${size}px ${FAMILY}`
  ctx.fillStyle = color
  ctx.textAlign = align
  ctx.textBaseline = 'middle'
  const x = align === 'right' ? b.x + b.w : align === 'center' ? b.x + b.w / 2 : b.x
  ctx.fillText(fit(ctx, b.text, b.w - (align === 'center' ? 12 : 0)), x, b.y + b.h / 2)
}

function control(ctx: CanvasRenderingContext2D, b: Box, fill: string, textColor: string, size: number) {
  roundRect(ctx, b.x, b.y, b.w, b.h, 16)
  ctx.fillStyle = fill
  ctx.fill()
  label(ctx, b, size, textColor, 'center', 600)
}

/** Draws a laid-out page into a 2D canvas of CANVAS_W x CANVAS_H. `hover` highlights the box under the ray. */
export function drawPanel(ctx: CanvasRenderingContext2D, boxes: readonly Box[], hover: Box | null): void {
  ctx.clearRect(0, 0, CANVAS_W, CANVAS_H)
  roundRect(ctx, 3, 3, CANVAS_W - 6, CANVAS_H - 6, 36)
  ctx.fillStyle = C.bg
  ctx.fill()
  ctx.lineWidth = 4
  ctx.strokeStyle = C.border
  ctx.stroke()
  for (const b of boxes) {
    const hot = hover !== null && hover.x === b.x && hover.y === b.y && b.enabled
    switch (b.role) {
      case 'title':
        label(ctx, b, FONT.title, C.text, 'left', 700)
        break
      case 'close':
        control(ctx, b, hot ? C.controlHover : C.control, C.controlText, FONT.title)
        break
      case 'tab':
        control(
          ctx,
          b,
          b.on ? C.active : hot ? C.controlHover : C.control,
          b.on ? C.activeText : C.controlText,
          FONT.tab,
        )
        break
      case 'label':
        label(ctx, b, FONT.body, C.muted, 'left')
        break
      case 'value':
        label(ctx, b, FONT.body, C.text, 'right', 600)
        break
      case 'stepValue':
        label(ctx, b, FONT.body, C.text, 'center', 600)
        break
      case 'note':
        label(ctx, b, FONT.body, C.text, 'left')
        break
      case 'reason':
        label(ctx, b, FONT.small, C.muted, 'left')
        break
      case 'button':
      case 'step':
        if (!b.enabled) {
          control(ctx, b, C.disabled, C.disabledText, FONT.body)
          // An outline keeps a disabled button recognisable as a button against the dark panel.
          roundRect(ctx, b.x, b.y, b.w, b.h, 16)
          ctx.lineWidth = 3
          ctx.strokeStyle = C.disabledText
          ctx.stroke()
        } else control(ctx, b, hot ? C.controlHover : C.control, C.controlText, FONT.body)
        break
      case 'toggle':
        control(ctx, b, b.on ? C.on : hot ? C.controlHover : C.control, C.controlText, FONT.body)
        break
    }
  }
}
