/**
 * Counts what the page sends to array textures, whole (texImage3D) or by rows (texSubImage3D): the
 * volume sent to the GPU, 16 bytes a texel for Spark's RGBA32UI splats. Render targets are made
 * with no data (pixels null): not an upload. Installed once, on import of this module.
 */
let uploaded = 0
const gl2 = WebGL2RenderingContext.prototype
for (const name of ['texImage3D', 'texSubImage3D'] as const) {
  const original = Reflect.get(gl2, name) as (...args: unknown[]) => void
  const sizeAt = name === 'texImage3D' ? 3 : 5
  const dataAt = name === 'texImage3D' ? 9 : 10
  ;(gl2 as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    if (args[0] === WebGL2RenderingContext.TEXTURE_2D_ARRAY && ArrayBuffer.isView(args[dataAt])) {
      const [w, h, d] = args.slice(sizeAt, sizeAt + 3) as number[]
      uploaded += w! * h! * d! * 16
    }
    return original.apply(this, args)
  }
}

/** MB sent to array textures since the last reset. */
export function uploadedMb(): number {
  return uploaded / 1e6
}

export function resetUploads(): void {
  uploaded = 0
}
