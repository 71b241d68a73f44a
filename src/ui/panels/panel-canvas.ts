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
  danger: '#b8413a',
  dangerHover: '#d0554d',
  row: 'rgba(44, 58, 82, 0.55)',
  thumb: '#1d2533',
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

function control(
  ctx: CanvasRenderingContext2D,
  b: Box,
  fill: string,
  textColor: string,
  size: number,
  weight = 600,
) {
  roundRect(ctx, b.x, b.y, b.w, b.h, 16)
  ctx.fillStyle = fill
  ctx.fill()
  label(ctx, b, size, textColor, 'center', weight)
}

/** A thumbnail, cropped to fill its box (cover); a dark placeholder with a note when there is none yet. */
function thumb(ctx: CanvasRenderingContext2D, b: Box, img: CanvasImageSource | null): void {
  ctx.save()
  roundRect(ctx, b.x, b.y, b.w, b.h, 10)
  ctx.fillStyle = C.thumb
  ctx.fill()
  ctx.clip()
  const size = img ? imageSize(img) : null
  if (img && size && size.w > 0 && size.h > 0) {
    const scale = Math.max(b.w / size.w, b.h / size.h)
    const w = b.w / scale
    const h = b.h / scale
    ctx.drawImage(img, (size.w - w) / 2, (size.h - h) / 2, w, h, b.x, b.y, b.w, b.h)
  } else {
    label(ctx, { ...b, text: 'no picture yet' }, 22, C.muted, 'center')
  }
  ctx.restore()
}

function imageSize(img: CanvasImageSource): { w: number; h: number } | null {
  const i = img as { width?: unknown; height?: unknown }
  return typeof i.width === 'number' && typeof i.height === 'number' ? { w: i.width, h: i.height } : null
}

/** Decoded pictures for 'thumb' boxes, by their Blob; null while one is still decoding. */
export type PanelImages = (blob: Blob) => CanvasImageSource | null

/**
 * Draws a laid-out page into a 2D canvas of CANVAS_W x CANVAS_H. `hover` highlights the box under
 * the ray; `images` supplies the gallery's thumbnails.
 */
export function drawPanel(
  ctx: CanvasRenderingContext2D,
  boxes: readonly Box[],
  hover: Box | null,
  images: PanelImages = () => null,
): void {
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
          // Regular weight: five labels fit their tabs at 2 cm (bold DejaVu cut off Settings).
          500,
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
      case 'storage':
      case 'footer':
      case 'question':
        label(
          ctx,
          b,
          b.role === 'question' ? FONT.small : FONT.detail,
          b.role === 'question' ? C.text : C.muted,
          'left',
          b.role === 'question' ? 600 : 500,
        )
        break
      case 'pageText':
        label(ctx, b, FONT.small, C.text, 'center', 600)
        break
      case 'worldRow':
        roundRect(ctx, b.x, b.y, b.w, b.h, 14)
        ctx.fillStyle = hot ? C.controlHover : C.row
        ctx.fill()
        if (b.on) {
          ctx.lineWidth = 4
          ctx.strokeStyle = C.active
          ctx.stroke()
        }
        break
      case 'thumb':
        thumb(ctx, b, b.image ? images(b.image) : null)
        break
      case 'worldName':
        label(ctx, b, FONT.name, C.text, 'left', 600)
        break
      case 'worldDetail':
        label(ctx, b, FONT.detail, C.muted, 'left')
        break
      case 'badge':
        control(ctx, b, C.active, C.activeText, FONT.detail)
        break
      case 'smallButton':
        if (!b.enabled) control(ctx, b, C.disabled, C.disabledText, FONT.detail)
        else control(ctx, b, hot ? C.controlHover : C.control, C.controlText, FONT.detail)
        break
      case 'button':
      case 'step':
        if (b.enabled && b.danger) {
          control(ctx, b, hot ? C.dangerHover : C.danger, C.controlText, b.size ?? FONT.body)
          break
        }
        if (!b.enabled) {
          control(ctx, b, C.disabled, C.disabledText, b.size ?? FONT.body)
          // An outline keeps a disabled button recognisable as a button against the dark panel.
          roundRect(ctx, b.x, b.y, b.w, b.h, 16)
          ctx.lineWidth = 3
          ctx.strokeStyle = C.disabledText
          ctx.stroke()
        } else control(ctx, b, hot ? C.controlHover : C.control, C.controlText, b.size ?? FONT.body)
        break
      case 'toggle':
        control(ctx, b, b.on ? C.on : hot ? C.controlHover : C.control, C.controlText, FONT.body)
        break
    }
  }
}
