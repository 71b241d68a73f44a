import { describe, expect, it } from 'vitest'
import type { CameraSpec } from '../../src/core/camera'
import { FrameLifter } from '../../src/core/lift/frame-lifter'
import { floatingSpecks, SPECK_MAX_PIXELS } from '../../src/core/lift/floating-specks'
import { groundPlane, renderSyntheticFrame } from '../../src/core/lift/synthetic-frame'
import { pose, yawPitchQuat } from '../../src/core/pose'

const W = 16
const H = 12

/** A W x H depth image: ground (20 m) in the lowest three rows, sky above, then `cells` set. */
function image(cells: readonly (readonly [number, number])[]): Float32Array {
  const d = new Float32Array(W * H)
  for (let y = H - 3; y < H; y++) for (let x = 0; x < W; x++) d[y * W + x] = 20
  for (const [x, y] of cells) d[y * W + x] = 150
  return d
}

function marked(mask: Uint8Array | null): number[] {
  return mask ? [...mask.keys()].filter((i) => mask[i] === 1) : []
}

describe('floatingSpecks', () => {
  it('is null for a frame with no speck: sky over ground', () => {
    expect(floatingSpecks(image([]), W, H)).toBeNull()
  })

  it('marks a speck with sky all round it, and nothing of the ground', () => {
    const speck = [
      [5, 3],
      [6, 3],
      [5, 4],
    ] as const
    expect(marked(floatingSpecks(image(speck), W, H))).toEqual(
      speck.map(([x, y]) => y * W + x).sort((a, b) => a - b),
    )
  })

  it('keeps a patch larger than the limit: something is there', () => {
    const patch = Array.from({ length: SPECK_MAX_PIXELS + 1 }, (_, k) => [2 + k, 4] as const)
    expect(floatingSpecks(image(patch), W, H)).toBeNull()
    expect(marked(floatingSpecks(image(patch.slice(1)), W, H))).toHaveLength(SPECK_MAX_PIXELS)
  })

  it("keeps a patch on the frame's edge (it may go on past it) or touching the land, corner to corner", () => {
    expect(floatingSpecks(image([[0, 3]]), W, H)).toBeNull()
    expect(floatingSpecks(image([[7, 0]]), W, H)).toBeNull()
    // Row H - 4 is the sky's lowest; (8, H - 4) touches the ground below it, (9, H - 5) that.
    expect(
      floatingSpecks(
        image([
          [8, H - 4],
          [9, H - 5],
        ]),
        W,
        H,
      ),
    ).toBeNull()
  })

  it('marks each of several specks, and only them', () => {
    const mask = floatingSpecks(
      image([
        [3, 2],
        [10, 5],
        [11, 6],
        [13, 2],
      ]),
      W,
      H,
    )
    expect(marked(mask)).toEqual([2 * W + 3, 2 * W + 13, 5 * W + 10, 6 * W + 11])
  })
})

describe('FrameLifter and floating specks', () => {
  const camera: CameraSpec = { model: 'perspective', width: 64, height: 64, fovYDeg: 70 }
  // Level: the upper half of the frame is sky.
  const level = pose([0, 1.6, 0], yawPitchQuat(0, 0))

  function withPatch(pixels: number): number {
    const frame = renderSyntheticFrame(groundPlane(0), level, camera)
    // A row of pixels in the sky, well clear of the horizon and the frame's edges.
    for (let k = 0; k < pixels; k++) frame.depth[10 * 64 + 20 + k] = 200
    return new FrameLifter().lift(frame).count
  }

  it('lifts no splat for a speck in the sky, and one per pixel for a patch over the limit', () => {
    const bare = withPatch(0)
    expect(bare).toBeGreaterThan(1000)
    expect(withPatch(SPECK_MAX_PIXELS)).toBe(bare)
    // Its two end pixels are the near sides of depth edges (kept, shrunk); none is dropped.
    expect(withPatch(SPECK_MAX_PIXELS + 1)).toBe(bare + SPECK_MAX_PIXELS + 1)
  })
})
