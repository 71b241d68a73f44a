import type { Frame } from './frame'
import { isSky, SKY_DEPTH } from './frame'
import { MATERIAL } from './material'
import { linearToSrgb8, SRGB8_TO_LINEAR as toLinear } from './srgb'

/**
 * The frame at 1/factor of its size, each pixel the mean of its factor x factor block: colour in
 * linear light (an edge between bright sky and a dark ridge keeps its brightness), depth the mean
 * of the block's surface pixels, sky where most of the block is sky, the material (where the
 * frame has one) the commonest of the surface pixels' classes. Rendering a frame larger and
 * taking it down this way is supersampling: silhouettes get coverage instead of 1 px stair-steps,
 * which a panorama stretched over a headset's view magnifies into blocks.
 */
export function downsampleFrame(frame: Frame, factor: number): Frame {
  const { width, height } = frame.camera
  if (!Number.isInteger(factor) || factor < 1 || width % factor !== 0 || height % factor !== 0) {
    throw new RangeError(`cannot downsample ${width}x${height} by ${factor}`)
  }
  if (factor === 1) return frame
  const w = width / factor
  const h = height / factor
  const rgba = new Uint8Array(w * h * 4)
  const depth = new Float32Array(w * h)
  const src = frame.material
  const material = src ? new Uint8Array(w * h) : null
  const votes = new Uint16Array(256)
  const n = factor * factor
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0
      let g = 0
      let b = 0
      let surface = 0
      let depthSum = 0
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * width + x * factor
        for (let dx = 0; dx < factor; dx++) {
          const i = row + dx
          r += toLinear[frame.rgba[i * 4]!]!
          g += toLinear[frame.rgba[i * 4 + 1]!]!
          b += toLinear[frame.rgba[i * 4 + 2]!]!
          const d = frame.depth[i]!
          if (!isSky(d)) {
            surface++
            depthSum += d
            if (src) votes[src[i]!]!++
          }
        }
      }
      const o = y * w + x
      rgba[o * 4] = linearToSrgb8(r / n)
      rgba[o * 4 + 1] = linearToSrgb8(g / n)
      rgba[o * 4 + 2] = linearToSrgb8(b / n)
      rgba[o * 4 + 3] = 255
      depth[o] = surface * 2 > n ? depthSum / surface : SKY_DEPTH
      if (material) {
        const common = commonest(votes)
        material[o] = isSky(depth[o]!) ? MATERIAL.sky : common
      }
    }
  }
  const out: Frame = { ...frame, camera: { ...frame.camera, width: w, height: h }, rgba, depth }
  if (material) out.material = material
  return out
}

/** The class with the most votes (the lowest index on a tie); clears the votes for the next block. */
function commonest(votes: Uint16Array): number {
  let best = 0
  for (let c = 1; c < votes.length; c++) if (votes[c]! > votes[best]!) best = c
  votes.fill(0)
  return best
}
