/**
 * A sharper far field where it is seen: the band of the panorama round the horizon, where the far
 * land stands (from eye height, the ground where lifted splats stop, 150 m out, lies a degree under
 * the horizon; ridges, far crowns and a fjord's walls rise to ~30 degrees over it), taken again at
 * `scale` times the panorama's resolution as a ring of perspective tiles from the panorama's eye,
 * and composed into a panorama `scale` times as wide. Above the band is sky and below it ground
 * that lifted splats cover, so there the panorama is only scaled up.
 *
 * Tiles rather than one larger equirect render: a 2048 x 1024 render costs four times the 1024 px
 * one (13.6 s against 3.0 s for "a misty pine forest" on ORT-node here), holds the frame source
 * as long, and grows onnxruntime-web's wasm heap by a gigabyte; the ring of tiles costs about what
 * the 1024 px panorama does, in requests short enough to interleave with the views in front.
 */
import { intrinsicsOf, type CameraSpec } from './camera'
import type { Frame } from './frame'
import { poseToMatrix, yawPitchQuat, type Quat } from './pose'

/** Latitudes (degrees) the band spans, and the rows over which it blends into the panorama. */
const BAND_TOP_DEG = 30
const BAND_BOTTOM_DEG = -10
const FEATHER_ROWS = 6
/** Tiles round the horizon, looking up by PITCH_DEG, each FOV_Y_DEG tall and a little wider than its share. */
const TILES = 8
const PITCH_DEG = 10
const FOV_Y_DEG = 48
const WIDTH_MARGIN_DEG = 4

export interface BandTile {
  rotation: Quat
  camera: CameraSpec
}

export interface HorizonBand {
  /** The composed panorama's size. */
  width: number
  height: number
  /** Rows [rowFrom, rowTo) of the composed panorama come from the tiles (feathered at both ends). */
  rowFrom: number
  rowTo: number
  tiles: BandTile[]
}

const DEG = Math.PI / 180
const multipleOf8 = (n: number): number => Math.max(8, Math.ceil(n / 8) * 8)

/** The band for a panorama `panoramaWidth` wide, composed `scale` times as wide. */
export function horizonBand(panoramaWidth: number, scale: number): HorizonBand {
  if (!Number.isInteger(scale) || scale < 2)
    throw new RangeError(`band scale must be an integer >= 2, got ${scale}`)
  const width = panoramaWidth * scale
  const height = width / 2
  const perDegree = width / 360
  const tileH = multipleOf8(FOV_Y_DEG * perDegree)
  const halfW = Math.tan((360 / TILES / 2 + WIDTH_MARGIN_DEG) * DEG)
  const tileW = multipleOf8((tileH * halfW) / Math.tan((FOV_Y_DEG / 2) * DEG))
  const tiles = Array.from({ length: TILES }, (_, k) => ({
    // A tile looking at longitude lon (the panorama's: +X is to the right of -Z) turns by -lon.
    rotation: yawPitchQuat((-k * 2 * Math.PI) / TILES, PITCH_DEG * DEG),
    camera: { model: 'perspective' as const, width: tileW, height: tileH, fovYDeg: FOV_Y_DEG },
  }))
  return {
    width,
    height,
    rowFrom: Math.floor((0.5 - BAND_TOP_DEG / 180) * height),
    rowTo: Math.ceil((0.5 - BAND_BOTTOM_DEG / 180) * height),
    tiles,
  }
}

/**
 * The panorama `scale` times as wide, its band from `tiles` (band.tiles' order, taken from the
 * panorama's position): colour bilinear, depth and material from the nearest pixel (a blend of
 * land and sky is neither), perspective depth turned into distance along the ray.
 */
export function composeHorizonBand(panorama: Frame, band: HorizonBand, tiles: readonly Frame[]): Frame {
  const out = bandComposition(panorama, band, tiles)
  out.rows(0, band.height)
  return out.frame
}

/**
 * The same in parts: `rows(from, to)` fills those rows of `frame`. ~0.2 s for a 2048 px
 * panorama in one go, so the app fills it a few dozen rows at a time between display frames.
 */
export interface BandComposition {
  frame: Frame
  rows(from: number, to: number): void
}

export function bandComposition(
  panorama: Frame,
  band: HorizonBand,
  tiles: readonly Frame[],
): BandComposition {
  const { width: pw, height: ph } = panorama.camera
  if (band.width % pw !== 0 || band.width / pw !== band.height / ph) {
    throw new RangeError(`a ${band.width} px band does not fit a ${pw}x${ph} panorama`)
  }
  if (tiles.length !== band.tiles.length) throw new RangeError(`the band needs ${band.tiles.length} tiles`)
  tiles.forEach((t, k) => {
    const want = band.tiles[k]!.camera
    if (t.camera.width !== want.width || t.camera.height !== want.height) {
      throw new RangeError(
        `tile ${k} is ${t.camera.width}x${t.camera.height}, not ${want.width}x${want.height}`,
      )
    }
  })
  const { width: W, height: H } = band
  const scale = W / pw
  const rgba = new Uint8Array(W * H * 4)
  const depth = new Float32Array(W * H)
  const material = panorama.material ? new Uint8Array(W * H) : undefined
  const tileMaterials = tiles.every((t) => t.material)

  // Per column, what every row needs: the panorama's two columns (wrapping round) and the blend
  // between them, its nearest column, the direction's longitude and its tile.
  const col0 = new Int32Array(W)
  const col1 = new Int32Array(W)
  const colF = new Float32Array(W)
  const colNear = new Int32Array(W)
  const lonSin = new Float64Array(W)
  const lonCos = new Float64Array(W)
  const tileOf = new Int32Array(W)
  for (let x = 0; x < W; x++) {
    const sx = (x + 0.5) / scale - 0.5
    const x0 = Math.floor(sx)
    col0[x] = (x0 + pw) % pw
    col1[x] = (x0 + 1) % pw
    colF[x] = sx - x0
    colNear[x] = (Math.round(sx) + pw) % pw
    const lon = ((x + 0.5) / W - 0.5) * 2 * Math.PI
    lonSin[x] = Math.sin(lon)
    lonCos[x] = Math.cos(lon)
    tileOf[x] =
      (((Math.round(lon / ((2 * Math.PI) / tiles.length)) % tiles.length) + tiles.length) % tiles.length) | 0
  }
  // Each tile's camera-to-world matrix (the model's `pose` layout): its rotation's transpose takes
  // a world direction into the tile's camera. Focal lengths in pixels, as the model's intrinsics.
  const toWorld = band.tiles.map((t) => poseToMatrix({ position: [0, 0, 0], rotation: t.rotation }))
  const focal = band.tiles.map((t) => intrinsicsOf(t.camera)[2]! * t.camera.height)
  const colour = [0, 0, 0]
  const frame: Frame = {
    requestId: panorama.requestId,
    pose: panorama.pose,
    camera: { model: 'equirect', width: W, height: H },
    worldVersion: panorama.worldVersion,
    modelId: panorama.modelId,
    rgba,
    depth,
    ...(material ? { material } : {}),
    modelMs: tiles.reduce((sum, t) => sum + t.modelMs, panorama.modelMs),
  }

  const rows = (from: number, to: number): void => {
    for (let y = Math.max(from, 0); y < Math.min(to, H); y++) {
      const weight = Math.min(
        1,
        Math.max(0, Math.min(y + 0.5 - band.rowFrom, band.rowTo - (y + 0.5)) / FEATHER_ROWS),
      )
      const lat = (0.5 - (y + 0.5) / H) * Math.PI
      const sinLat = Math.sin(lat)
      const cosLat = Math.cos(lat)
      const sy = Math.min(Math.max((y + 0.5) / scale - 0.5, 0), ph - 1)
      const y0 = Math.floor(sy)
      const y1 = Math.min(y0 + 1, ph - 1)
      const fy = sy - y0
      const nearRow = Math.round(sy) * pw
      for (let x = 0; x < W; x++) {
        const o = y * W + x
        // The panorama scaled up: bilinear, wrapping round in longitude.
        const fx = colF[x]!
        const a0 = (y0 * pw + col0[x]!) * 4
        const a1 = (y0 * pw + col1[x]!) * 4
        const b0 = (y1 * pw + col0[x]!) * 4
        const b1 = (y1 * pw + col1[x]!) * 4
        const p = panorama.rgba
        for (let ch = 0; ch < 3; ch++) {
          const top = p[a0 + ch]! + (p[a1 + ch]! - p[a0 + ch]!) * fx
          const bottom = p[b0 + ch]! + (p[b1 + ch]! - p[b0 + ch]!) * fx
          colour[ch] = top + (bottom - top) * fy
        }
        const nearest = nearRow + colNear[x]!
        depth[o] = panorama.depth[nearest]!
        if (material) material[o] = panorama.material![nearest]!
        if (weight > 0) {
          // The pixel's world direction, in the tile that looks nearest to it.
          const k = tileOf[x]!
          const dx = lonSin[x]! * cosLat
          const dz = -lonCos[x]! * cosLat
          const m = toWorld[k]!
          const cx = m[0]! * dx + m[4]! * sinLat + m[8]! * dz
          const cy = m[1]! * dx + m[5]! * sinLat + m[9]! * dz
          const cz = m[2]! * dx + m[6]! * sinLat + m[10]! * dz
          const tile = tiles[k]!
          const { width: tw, height: th } = tile.camera
          const px = tw / 2 + (focal[k]! * cx) / -cz - 0.5
          const py = th / 2 - (focal[k]! * cy) / -cz - 0.5
          if (cz < 0 && px >= -0.5 && py >= -0.5 && px <= tw - 0.5 && py <= th - 0.5) {
            const tx = Math.min(Math.max(px, 0), tw - 1)
            const ty = Math.min(Math.max(py, 0), th - 1)
            const tx0 = Math.min(Math.floor(tx), tw - 2)
            const ty0 = Math.min(Math.floor(ty), th - 2)
            const ax = tx - tx0
            const ay = ty - ty0
            const i = ty0 * tw + tx0
            const t = tile.rgba
            for (let ch = 0; ch < 3; ch++) {
              const a = t[i * 4 + ch]! * (1 - ax) + t[(i + 1) * 4 + ch]! * ax
              const b = t[(i + tw) * 4 + ch]! * (1 - ax) + t[(i + tw + 1) * 4 + ch]! * ax
              colour[ch] = colour[ch]! * (1 - weight) + (a * (1 - ay) + b * ay) * weight
            }
            if (weight >= 0.5) {
              const near = Math.round(ty) * tw + Math.round(tx)
              // Perspective depth is along the tile's axis; the panorama's along the ray.
              depth[o] = tile.depth[near]! / -cz
              if (material && tileMaterials) material[o] = tile.material![near]!
            }
          }
        }
        rgba[o * 4] = colour[0]! + 0.5
        rgba[o * 4 + 1] = colour[1]! + 0.5
        rgba[o * 4 + 2] = colour[2]! + 0.5
        rgba[o * 4 + 3] = 255
      }
    }
  }
  return { frame, rows }
}
