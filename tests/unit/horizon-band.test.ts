import { describe, expect, it } from 'vitest'
import type { Frame } from '../../src/core/frame'
import { composeHorizonBand, horizonBand, type HorizonBand } from '../../src/core/horizon-band'
import { rotateVec, type Vec3 } from '../../src/core/pose'

/** A made-up world seen from one eye: colour and ray distance as smooth functions of direction. */
const colourOf = (d: Vec3): [number, number, number] => [128 + 100 * d[0], 128 + 100 * d[1], 128 + 100 * d[2]]
const distanceOf = (d: Vec3): number => 200 + 100 * d[0] - 50 * d[2]

/**
 * A frame of the made-up world: `along(x, y)` is the depth per metre of ray (1 for an equirect
 * frame, the cosine to the axis for a perspective one). Material 1 marks the panorama's pixels,
 * 2 the tiles'.
 */
function frameOf(
  camera: Frame['camera'],
  direction: (x: number, y: number) => Vec3,
  along: (x: number, y: number) => number,
): Frame {
  const { width, height } = camera
  const rgba = new Uint8Array(width * height * 4)
  const depth = new Float32Array(width * height)
  const material = new Uint8Array(width * height).fill(camera.model === 'equirect' ? 1 : 2)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = direction(x, y)
      const o = y * width + x
      colourOf(d).forEach((c, ch) => (rgba[o * 4 + ch] = Math.round(c)))
      rgba[o * 4 + 3] = 255
      depth[o] = distanceOf(d) * along(x, y)
    }
  }
  return {
    requestId: 1,
    pose: { position: [0, 2, 0], rotation: [0, 0, 0, 1] },
    camera,
    worldVersion: 3,
    modelId: 'test',
    rgba,
    depth,
    material,
    modelMs: 10,
  }
}

const equirectDirection =
  (width: number, height: number) =>
  (x: number, y: number): Vec3 => {
    const lon = ((x + 0.5) / width - 0.5) * 2 * Math.PI
    const lat = (0.5 - (y + 0.5) / height) * Math.PI
    return [Math.sin(lon) * Math.cos(lat), Math.sin(lat), -Math.cos(lon) * Math.cos(lat)]
  }

function panoramaOf(width: number): Frame {
  const camera = { model: 'equirect' as const, width, height: width / 2 }
  return frameOf(camera, equirectDirection(width, width / 2), () => 1)
}

/** The band's tiles, rendered from the made-up world through each tile's rotation. */
function tilesOf(band: HorizonBand): Frame[] {
  return band.tiles.map((t) => {
    const { width, height, fovYDeg } = t.camera
    const f = height / 2 / Math.tan(((fovYDeg ?? 70) * Math.PI) / 360)
    const camDir = (x: number, y: number): Vec3 => {
      const v: Vec3 = [(x + 0.5 - width / 2) / f, -(y + 0.5 - height / 2) / f, -1]
      const n = Math.hypot(...v)
      return [v[0] / n, v[1] / n, v[2] / n]
    }
    return frameOf(
      t.camera,
      (x, y) => rotateVec(t.rotation, camDir(x, y)),
      (x, y) => -camDir(x, y)[2],
    )
  })
}

describe('horizon band', () => {
  it('lays out tiles that the model can render (multiples of 8) and a band round the horizon', () => {
    const band = horizonBand(1024, 2)
    expect([band.width, band.height]).toEqual([2048, 1024])
    for (const t of band.tiles) {
      expect(t.camera.width % 8).toBe(0)
      expect(t.camera.height % 8).toBe(0)
    }
    // 30 degrees over the horizon to 10 under it.
    expect(band.rowFrom).toBeLessThanOrEqual(Math.round(1024 * (0.5 - 30 / 180)))
    expect(band.rowTo).toBeGreaterThanOrEqual(Math.round(1024 * (0.5 + 10 / 180)))
    // About the pixels of the 1024 px panorama it sharpens, not the 2M of a 2048 px one.
    const pixels = band.tiles.reduce((a, t) => a + t.camera.width * t.camera.height, 0)
    expect(pixels).toBeLessThan(1024 * 512 * 1.5)
    expect(() => horizonBand(1024, 1)).toThrow(RangeError)
  })

  for (const [width, scale] of [
    [1024, 2],
    [512, 2],
  ] as const) {
    it(`composes a ${width * scale} px panorama whose band is the tiles' world, seen in the right directions (${width} px panorama)`, () => {
      const band = horizonBand(width, scale)
      const t0 = performance.now()
      const out = composeHorizonBand(panoramaOf(width), band, tilesOf(band))
      const ms = performance.now() - t0
      expect(out.camera).toEqual({ model: 'equirect', width: band.width, height: band.height })
      expect(out.modelMs).toBe(10 * (band.tiles.length + 1))
      const truth = panoramaOf(band.width)
      let worstColour = 0
      let worstDepth = 0
      let fromTiles = 0
      for (let y = band.rowFrom + 8; y < band.rowTo - 8; y++) {
        for (let x = 0; x < band.width; x++) {
          const o = y * band.width + x
          for (let ch = 0; ch < 3; ch++)
            worstColour = Math.max(worstColour, Math.abs(out.rgba[o * 4 + ch]! - truth.rgba[o * 4 + ch]!))
          worstDepth = Math.max(worstDepth, Math.abs(out.depth[o]! - truth.depth[o]!) / truth.depth[o]!)
          if (out.material![o] === 2) fromTiles++
        }
      }
      // Every pixel of the band came from a tile, in its own direction (colour to a level or two,
      // depth along the ray to the nearest tile pixel's change).
      expect(fromTiles).toBe((band.rowTo - 8 - (band.rowFrom + 8)) * band.width)
      expect(worstColour).toBeLessThanOrEqual(2)
      expect(worstDepth).toBeLessThan(0.01)
      // Outside the band, the panorama scaled up.
      expect(out.material![0]).toBe(1)
      expect(out.material![(band.height - 1) * band.width]).toBe(1)
      console.log(`compose ${band.width} px: ${ms.toFixed(0)} ms`)
    })
  }

  it('refuses tiles of the wrong number or size, and a band that does not fit the panorama', () => {
    const band = horizonBand(256, 2)
    const tiles = tilesOf(band)
    expect(() => composeHorizonBand(panoramaOf(256), band, tiles.slice(1))).toThrow(/needs 8 tiles/)
    const small = tiles.map((t, k) => (k === 3 ? { ...t, camera: { ...t.camera, width: 8 } } : t))
    expect(() => composeHorizonBand(panoramaOf(256), band, small)).toThrow(/tile 3/)
    expect(() => composeHorizonBand(panoramaOf(96), band, tiles)).toThrow(/does not fit/)
  })
})
