import type { Frame } from '../core/frame'

/**
 * The frame with pixels farther than `maxDepth` marked as sky, in `scratch` (grown as needed and
 * returned, so the caller keeps it); the frame itself is kept whole for memory and storage.
 */
export function nearPart(
  frame: Frame,
  maxDepth: number,
  scratch: Float32Array,
): { frame: Frame; scratch: Float32Array } {
  if (maxDepth === Infinity) return { frame, scratch }
  const src = frame.depth
  if (scratch.length < src.length) scratch = new Float32Array(src.length)
  const depth = scratch.subarray(0, src.length)
  for (let i = 0; i < src.length; i++) depth[i] = src[i]! > maxDepth ? 0 : src[i]!
  return { frame: { ...frame, depth }, scratch }
}
