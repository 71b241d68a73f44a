/**
 * FrameRequest <-> tensors of the frame-model contract (core/model-contract.ts, models/README.md).
 * Pure data conversion, no ORT: the runtime wraps these arrays in the injected backend's tensors.
 */
import { intrinsicsOf, pixelUv } from '../core/camera'
import type { Frame } from '../core/frame'
import { normalizeQuat, poseToMatrix, type Pose } from '../core/pose'

export function poseTensor(p: Pose): Float32Array {
  return poseToMatrix({ position: p.position, rotation: normalizeQuat(p.rotation) })
}

export { intrinsicsOf, pixelUv }

/** rgb float [1,H,W,3] in [0,1] -> RGBA bytes (rounded, clamped, alpha 255; NaN -> 0). */
export function rgbToRgba(
  rgb: Float32Array,
  pixels: number,
  out: Uint8Array = new Uint8Array(pixels * 4),
): Uint8Array {
  if (rgb.length !== pixels * 3)
    throw new RangeError(`rgb output has ${rgb.length} values, expected ${pixels * 3}`)
  for (let i = 0, j = 0, k = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) {
      const v = rgb[j++]!
      out[k++] = v > 0 ? (v < 1 ? Math.round(v * 255) : 255) : 0
    }
    out[k++] = 255
  }
  return out
}

/** depth [1,H,W,1] -> metres, with every non-surface value (<= 0, NaN, inf) as SKY_DEPTH (0). */
export function depthOf(depth: Float32Array, pixels: number): Float32Array {
  if (depth.length !== pixels)
    throw new RangeError(`depth output has ${depth.length} values, expected ${pixels}`)
  const out = new Float32Array(pixels)
  for (let i = 0; i < pixels; i++) {
    const d = depth[i]!
    out[i] = d > 0 && d < Infinity ? d : 0
  }
  return out
}

/**
 * Context frames -> `context_rgb` [K,H,W,3], `context_depth` [K,H,W,1], `context_pose` [K,4,4].
 * Frames of another size are resampled (nearest); empty slots stay all zero, which a model reads
 * as "no frame" (a zero pose matrix is not a rotation).
 */
export function contextTensors(
  frames: readonly Frame[],
  k: number,
  width: number,
  height: number,
): { rgb: Float32Array; depth: Float32Array; pose: Float32Array } {
  const px = width * height
  const rgb = new Float32Array(k * px * 3)
  const depth = new Float32Array(k * px)
  const pose = new Float32Array(k * 16)
  frames.slice(0, k).forEach((f, slot) => {
    pose.set(poseTensor(f.pose), slot * 16)
    const fw = f.camera.width
    const fh = f.camera.height
    for (let y = 0; y < height; y++) {
      const sy = Math.min(fh - 1, Math.floor(((y + 0.5) * fh) / height))
      for (let x = 0; x < width; x++) {
        const sx = Math.min(fw - 1, Math.floor(((x + 0.5) * fw) / width))
        const src = sy * fw + sx
        const dst = slot * px + y * width + x
        rgb[dst * 3] = f.rgba[src * 4]! / 255
        rgb[dst * 3 + 1] = f.rgba[src * 4 + 1]! / 255
        rgb[dst * 3 + 2] = f.rgba[src * 4 + 2]! / 255
        depth[dst] = f.depth[src]!
      }
    }
  })
  return { rgb, depth, pose }
}
