import type { DataArrayTexture, WebGLRenderer } from 'three'
import type { SendRows } from './row-packed-splats'

/**
 * Uploads rows [rowFrom, rowTo) of an RGBA32UI array texture already on the GPU from `data` (its
 * own array), rows counted through its layers. three.js uploads a DataArrayTexture whole (or whole
 * layers of 2048 x 2048 texels, 4M splats): a group mesh whose last page grew re-sent all its
 * splats, ~6 ms on the main thread for a detailed 128 m group and as much again blocked in the
 * next requestAnimationFrame while the GPU process took the bytes (pacing bench traces).
 *
 * Goes under three.js: the texture's WebGL handle is read from `renderer.properties` (three's
 * record of what it uploaded), bound through `renderer.state` so three's binding cache stays
 * true, and the unpack state set through it too. Returns false, uploading nothing, where that is
 * not possible (not uploaded yet, another size, another array): the caller marks it for three.js
 * to upload whole.
 */
export function uploadTextureRows(
  renderer: WebGLRenderer,
  texture: DataArrayTexture,
  data: Uint32Array,
  rowFrom: number,
  rowTo: number,
): boolean {
  const { width, height, depth } = texture.image
  const handle = (renderer.properties.get(texture) as { __webglTexture?: WebGLTexture }).__webglTexture
  const source = texture.image.data as ArrayBufferView | null
  if (!handle || !source || source.buffer !== data.buffer || data.length < width * height * depth * 4)
    return false
  const from = Math.max(0, rowFrom)
  const to = Math.min(rowTo, height * depth)
  if (to <= from) return true
  const gl = renderer.getContext() as WebGL2RenderingContext
  const { state } = renderer
  state.bindTexture(gl.TEXTURE_2D_ARRAY, handle)
  state.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false)
  state.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false)
  state.pixelStorei(gl.UNPACK_ALIGNMENT, 4)
  state.pixelStorei(gl.UNPACK_ROW_LENGTH, 0)
  state.pixelStorei(gl.UNPACK_SKIP_ROWS, 0)
  state.pixelStorei(gl.UNPACK_SKIP_PIXELS, 0)
  state.pixelStorei(gl.UNPACK_IMAGE_HEIGHT, 0)
  state.pixelStorei(gl.UNPACK_SKIP_IMAGES, 0)
  // One call per layer the rows cross; `srcOffset` counts array elements (4 words a texel).
  for (let row = from; row < to;) {
    const layer = Math.floor(row / height)
    const y = row - layer * height
    const rows = Math.min(to - row, height - y)
    gl.texSubImage3D(
      gl.TEXTURE_2D_ARRAY,
      0,
      0,
      y,
      layer,
      width,
      rows,
      1,
      gl.RGBA_INTEGER,
      gl.UNSIGNED_INT,
      data,
      row * width * 4,
    )
    row += rows
  }
  return true
}

/** `uploadTextureRows` on one renderer: what a RowPackedSplats sends its rows with. */
export function rowSender(renderer: WebGLRenderer): SendRows {
  return (texture, data, from, to) => uploadTextureRows(renderer, texture, data, from, to)
}
