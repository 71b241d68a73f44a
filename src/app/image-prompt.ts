/**
 * Image prompts: a picked or dropped picture grows a new region styled from it (its palette,
 * brightness, sky and ground colours: core/prompt/image-style), placed like "add ... over there"
 * at the target, or "ahead" at the world's frontier when nothing is targeted. The picture is
 * decoded by the browser and shrunk to a thumbnail first: a style needs no more, and the same
 * thumbnail gives the same style and seed every time.
 */
import { imageStyle, ImageStyleError, type RgbaImage } from '../core/prompt'
import { topmostRegionAt, type Region } from '../core/region'
import type { StyleVector } from '../core/style'
import { planEdit, WorldEditError, type ExpandEdit } from '../core/world'
import type { AppStore } from '../ui/app-store'
import { whereFrom } from './world-commands'
import type { WorldEditor } from './world-editor'

export const IMAGE_PROMPT_LIMITS = {
  /** Largest file read, bytes. A phone photo is 2-8 MB; past this it is not a photo. */
  maxBytes: 20 * 1024 * 1024,
  /** Largest side, pixels: a decoded 8192 x 8192 image is already 256 MB of RGBA. */
  maxSide: 8192,
  /** Side of the thumbnail the style is read from: colours and their layout survive at 64 px. */
  thumbnailSide: 64,
} as const

/** A picture that cannot be used; the message is for the person. */
export class ImagePromptError extends Error {
  override name = 'ImagePromptError'
}

const megabytes = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`

/**
 * Decodes an image file and shrinks it to at most `thumbnailSide` pixels a side (aspect kept),
 * as straight RGBA. Throws ImagePromptError for a file that is too large or not an image.
 */
export async function decodeImageThumbnail(
  file: Blob,
  name: string,
  limits: typeof IMAGE_PROMPT_LIMITS = IMAGE_PROMPT_LIMITS,
): Promise<RgbaImage> {
  if (file.size > limits.maxBytes)
    throw new ImagePromptError(
      `${name} is too large (${megabytes(file.size)}): use an image under ${megabytes(limits.maxBytes)}`,
    )
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    throw new ImagePromptError(`could not read ${name}: it is not an image this browser can decode`)
  }
  try {
    const { width: w, height: h } = bitmap
    if (w < 1 || h < 1) throw new ImagePromptError(`could not read ${name}: it has no pixels`)
    if (w > limits.maxSide || h > limits.maxSide)
      throw new ImagePromptError(
        `${name} is too large (${w} x ${h} px): use an image at most ${limits.maxSide} px on a side`,
      )
    const scale = Math.min(1, limits.thumbnailSide / Math.max(w, h))
    const tw = Math.max(1, Math.round(w * scale))
    const th = Math.max(1, Math.round(h * scale))
    const canvas = new OffscreenCanvas(tw, th)
    const ctx = canvas.getContext('2d', { willReadFrequently: true })
    if (!ctx) throw new ImagePromptError(`could not read ${name}: this browser cannot draw images offscreen`)
    ctx.imageSmoothingEnabled = true
    ctx.imageSmoothingQuality = 'high'
    ctx.drawImage(bitmap, 0, 0, tw, th)
    return { width: tw, height: th, data: ctx.getImageData(0, 0, tw, th).data }
  } finally {
    bitmap.close()
  }
}

/**
 * The style of the land at a ground point: the region that paints last there (the base world
 * where no expansion covers it). The image keeps its terrain shape, so the new region's hills
 * continue the ones around it.
 */
function styleUnder(regions: readonly Region[], point: [number, number]): StyleVector {
  return topmostRegionAt(regions, point[0], point[1]).style
}

/** What an image prompt reads of the app and changes in it (a WorldEditor and the store fit). */
export interface ImagePromptDeps {
  runtime: Pick<WorldEditor, 'doc' | 'applyEdit'> & {
    session: { viewerPose: WorldEditor['session']['viewerPose'] }
  }
  /** The pointer/gaze target now, if any. */
  target: () => [number, number, number] | null
}

/**
 * One image prompt: decode, place, style, apply. Resolves to the line for the status bar and
 * never rejects for a bad picture: the line says what was wrong, and the world is unchanged.
 */
export async function runImagePrompt(file: Blob & { name?: string }, deps: ImagePromptDeps): Promise<string> {
  const name = file.name || 'the image'
  let pixels: RgbaImage
  try {
    pixels = await decodeImageThumbnail(file, name)
  } catch (err) {
    if (err instanceof ImagePromptError) return err.message
    throw err
  }
  // Placed after decoding, against the world as it is now (it may have changed meanwhile), by
  // the grammar's own rules: the target as for "over there", else the frontier "ahead".
  const { runtime } = deps
  const target = deps.target()
  const pose = runtime.session.viewerPose
  const description = `image ${name}`
  const plan = planEdit(
    {
      intent: 'expand',
      placement: target ? 'there' : 'ahead',
      scope: 'area',
      description,
      heard: description,
      // A placeholder: the style is read once the place (and so the land under it) is known.
      prompt: {
        style: new Float32Array(0),
        features: [],
        unknownWords: [],
        negated: [],
        placement: 'there',
        seed: 0,
      },
    },
    { pose, target, world: runtime.doc },
  )
  if (plan.kind === 'error') return `could not add ${name}: ${plan.error}`
  if (plan.kind !== 'edit' || plan.edit.kind !== 'expand') return `could not add ${name}`
  const center = plan.edit.region.center
  let style
  try {
    style = imageStyle(pixels, styleUnder(runtime.doc.regions, center))
  } catch (err) {
    if (err instanceof ImageStyleError) return `could not use ${name}: ${err.message}`
    throw err
  }
  const edit: ExpandEdit = {
    kind: 'expand',
    description,
    region: { ...plan.edit.region, style: Array.from(style.style), seed: style.seed },
  }
  try {
    runtime.applyEdit(edit, { center, radius: edit.region.radius })
  } catch (err) {
    if (err instanceof WorldEditError) return `could not add ${name}: ${err.message}`
    throw err
  }
  return `added a region styled from ${name}, ${whereFrom(pose, center)}`
}

/** Sets `imagePrompt` on the app store: what the image button and dropped images call. */
export function installImagePrompt(app: AppStore, runtime: WorldEditor): void {
  // Brief, like a command's result: it clears itself unless something else replaced it.
  const say = (message: string): void => app.getState().flash(message)
  app.setState({
    imagePrompt: async (file) => {
      app.getState().setWorld({ message: `reading ${file.name || 'the image'}…` })
      const message = await runImagePrompt(file, {
        runtime,
        target: () => app.getState().target?.point ?? null,
      }).catch(
        (err: unknown) => `could not use the image: ${err instanceof Error ? err.message : String(err)}`,
      )
      say(message)
      return message
    },
  })
}
