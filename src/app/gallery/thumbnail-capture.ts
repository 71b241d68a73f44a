import type { Camera, Scene, WebGLRenderer } from 'three'

/** Thumbnail size: 16:9, small enough that a list of them costs little storage (~5-15 KB as WebP). */
export const THUMB_WIDTH = 256
export const THUMB_HEIGHT = 144

/**
 * A picture of what the viewer sees, centre-cropped to 16:9 and scaled to THUMB_WIDTH x THUMB_HEIGHT,
 * as WebP (or PNG where the browser cannot encode WebP). Renders the scene once more and copies
 * the canvas in the same task: a WebGL canvas without preserveDrawingBuffer still holds that
 * picture until the task ends. Null in VR, where the canvas shows the headset's layer.
 */
export async function captureThumbnail(
  gl: WebGLRenderer,
  scene: Scene,
  camera: Camera,
): Promise<Blob | null> {
  if (gl.xr.isPresenting) return null
  const src = gl.domElement
  if (src.width === 0 || src.height === 0) return null
  const out = document.createElement('canvas')
  out.width = THUMB_WIDTH
  out.height = THUMB_HEIGHT
  const ctx = out.getContext('2d')
  if (!ctx) return null
  gl.render(scene, camera)
  const aspect = THUMB_WIDTH / THUMB_HEIGHT
  const sw = Math.min(src.width, src.height * aspect)
  const sh = sw / aspect
  ctx.drawImage(src, (src.width - sw) / 2, (src.height - sh) / 2, sw, sh, 0, 0, THUMB_WIDTH, THUMB_HEIGHT)
  return new Promise((resolve) => out.toBlob(resolve, 'image/webp', 0.8))
}
