/**
 * Specks a frame shows floating in its sky: a few pixels of surface with sky all round them. A
 * frame model's march can find the tip of a far crown and miss the rest of the tree (a few pixels
 * of a far treeline at the app's 64-128 px frames), and lifted, such a tip hangs in the air over
 * the trees as a dark fleck, seen from everywhere. Nothing a world holds floats, so a connected
 * patch of surface pixels (eight-connected) of at most `maxPixels`, every neighbour of which is
 * sky and none on the frame's edge (the patch may go on past it), is not lifted.
 */

/** Patches of surface this small, sky all round, are specks (pixels, at the frame's size). */
export const SPECK_MAX_PIXELS = 6

/** Per pixel: 1 once it is in a patch already looked at. */
let seen = new Uint8Array(0)
/** The flood's pixels to visit. */
let stack = new Int32Array(0)

/**
 * Marks the pixels of every floating speck in a w x h depth image (sky: depth <= 0) with 1 in
 * the returned mask; null when there is none.
 */
export function floatingSpecks(
  depth: Float32Array,
  w: number,
  h: number,
  maxPixels = SPECK_MAX_PIXELS,
): Uint8Array | null {
  const n = w * h
  // No sky, no speck (a frame of the ground round the viewer): skip the flood over its pixels.
  let sky = 0
  while (sky < n && depth[sky]! > 0) sky++
  if (sky === n) return null
  let mask: Uint8Array | null = null
  // Scratch kept between frames (lifting runs one frame at a time in its thread).
  if (seen.length < n) {
    seen = new Uint8Array(n)
    stack = new Int32Array(n)
  } else seen.fill(0, 0, n)
  const patch = new Int32Array(maxPixels + 1)
  for (let start = 0; start < n; start++) {
    if (seen[start] || !(depth[start]! > 0)) continue
    // Flood the whole patch (so none of its pixels starts another), keeping its first pixels:
    // all of them, if it is a speck.
    let top = 0
    let size = 0
    let floating = true
    stack[top++] = start
    seen[start] = 1
    while (top > 0) {
      const i = stack[--top]!
      if (size <= maxPixels) patch[size] = i
      size++
      const x = i % w
      const y = (i - x) / w
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) floating = false
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy
        if (ny < 0 || ny >= h) continue
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx
          if ((dx === 0 && dy === 0) || nx < 0 || nx >= w) continue
          const j = ny * w + nx
          if (seen[j] || !(depth[j]! > 0)) continue
          seen[j] = 1
          stack[top++] = j
        }
      }
    }
    if (!floating || size > maxPixels) continue
    mask ??= new Uint8Array(n)
    for (let k = 0; k < size; k++) mask[patch[k]!] = 1
  }
  return mask
}
