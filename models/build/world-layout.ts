/**
 * Numbers the prepare stage and the render stage of the reference model must agree on, and the
 * helpers that sample wrapped textures. Kept in one place so the two graphs cannot drift apart.
 */
import type { GraphBuilder, Value } from './graph'
import { WRAP_PAD, rng, type WrappedTexture } from './textures'

/** Texels per side of the baked height/surface fields. */
export const FIELD_SIZE = 512
/** The fields cover x, z in [-FIELD_HALF, FIELD_HALF] metres (4 m texels). */
export const FIELD_HALF = 1024
/**
 * The far field: the same terrain on a coarse grid FAR_HALF metres each way, which the render
 * stage marches beyond the near field (render-far.ts) so the horizon shows land, not haze.
 * 128 m texels: about a pixel at 10 km in a 128 px frame.
 */
export const FAR_SIZE = 256
export const FAR_HALF = 16384
/** `field_far_surface` channels: albedo rgb, sun visibility, dh/dx, dh/dz, water (0..1). */
export const FAR_CHANNELS = 7
/** Texels per side of the atmosphere field (sun, fog, clouds, water colour vary slowly). */
export const ATMOS_SIZE = 32
/** Rays travel at most this far (metres): just past the field edge, where the haze is full. */
export const T_MAX = 1100

/**
 * `field_surface` channels (per 4 m texel): albedo rgb (linear), sun/moon visibility (shadow and
 * canopy shade), ambient occlusion, the height gradient dh/dx and dh/dz, then material weights
 * (snow, rock, sand, grass; soil is the rest), lava glow, river water, canopy shade, the share
 * of the grass in flower and the flowers' hue (core/style.ts flowerHue).
 */
export const SURFACE = {
  albedo: 0,
  shadow: 3,
  ao: 4,
  gradient: 5,
  snow: 7,
  rock: 8,
  sand: 9,
  grass: 10,
  lava: 11,
  river: 12,
  canopy: 13,
  flowers: 14,
  flowerHue: 15,
} as const
export const SURFACE_CHANNELS = 16
/** `field_atmos` channels: sun direction xyz, fog, clouds, water rgb, northern lights, surf. */
export const ATMOS_CHANNELS = 10

/**
 * Objects (trees, shrubs, boulders) stand one per cell of an OBJECT_CELL-metre grid, turned by
 * OBJECT_ANGLE against the world axes so rows of trees never line up with the view or the
 * field. `field_objects` holds OBJECT_SIZE^2 cells over [-FIELD_HALF, FIELD_HALF] of that frame.
 */
export const OBJECT_CELL = 8
export const OBJECT_SIZE = (2 * FIELD_HALF) / OBJECT_CELL

/**
 * A palm crown's profile exponent in the object field: the render stage draws a crown with it as
 * fronds (render-march crownRadius); no other object uses it.
 */
export const PALM_P = 1.45
/**
 * The profile exponents of leafy crowns (broadleaf, birch, palm, shrub, cactus): the render stage
 * draws clumps of leaves on a crown with LEAFY_P_MIN < p < LEAFY_P_MAX (conifers are below it,
 * houses at its foot, boulders above it), and the object field bounds their steeper sides.
 */
export const LEAFY_P_MIN = 1.2
export const LEAFY_P_MAX = 2.45
export const OBJECT_ANGLE = 0.41

/**
 * Each row of object cells (one object-frame z) is shifted along x by a fraction of a cell of its
 * own, so the objects of neighbouring rows do not line up: a plain lattice stood its trees in rows
 * and corridors in every direction, like an orchard's (a forest still shows its rows along x).
 * The cells of a row stay whole rectangles, so a cell still holds its object and the march's step
 * bound to the cell's edge stays exact. Neighbouring rows differ by 0.2-0.8 of a cell; the table
 * repeats every OBJECT_ROW_SHIFTS rows (2 km).
 */
export const OBJECT_ROW_SHIFTS = 256
const ROW_SHIFT_TABLE: readonly number[] = (() => {
  const next = rng(0x5a17ed)
  const table = [0]
  for (let i = 1; i < OBJECT_ROW_SHIFTS; i++) {
    const s = table[i - 1]! + 0.2 + 0.6 * next()
    table.push(s - Math.floor(s))
  }
  return table
})()

/**
 * The shift along x (cells, [0, 1)) of the object cells in global rows `row` (whole numbers, any
 * shape): the cell holding object-grid point (x, z) is (floor(x + shift(floor z)), floor z).
 */
export function objectRowShift(g: GraphBuilder, row: Value): Value {
  // row mod OBJECT_ROW_SHIFTS, exact in float32 for whole numbers (the divisor is a power of two).
  const wrapped = g.sub(row, g.mul(g.floor(g.mul(row, 1 / OBJECT_ROW_SHIFTS)), OBJECT_ROW_SHIFTS))
  const index = g.op('Cast', [wrapped], { to: 7 })
  return g.op('Gather', [g.constant(ROW_SHIFT_TABLE, [OBJECT_ROW_SHIFTS]), index], { axis: 0 })
}
/**
 * `field_objects` channels, the shape the march reads per step (lengths in cell units where
 * marked): centre offset in the cell (cell units, 2), crown radius (cell units), crown profile
 * exponent p (1 cone, 2 dome), crown centre height above ground (m), crown half-height factor
 * (Vt + Vb) / 2 and offset factor (Vt - Vb) / 2 (m), trunk radius (cell units; negative: none),
 * and 1 / sqrt(1 + s^2) for the crown's steepest slope s, which turns the crown's vertical
 * clearance into a distance the march can step without passing through it.
 */
export const OBJECT_CHANNELS = 9
/** The tallest object's top over its ground (m): a conifer's, prepare-objects.ts. */
export const TALLEST_OBJECT = 0.9 + 1.25 * 10.5 + 0.6
/** `field_looks` channels, read once per pixel: crown rgb, trunk rgb, rock (1) or plant (0). */
export const LOOK_CHANNELS = 7

/**
 * A per-cell field [1,C,M,M] as the cell-major table [M*M, C] the prepare stage hands over for
 * `field_objects` and `field_looks`: row iz * M + ix holds cell (ix, iz), so the render stage
 * reads a cell's values with one Gather of a contiguous row (render-march.ts gatherCells).
 */
export function cellTable(g: GraphBuilder, field: Value, channels: number): Value {
  return g.transpose(g.reshape(field, [channels, OBJECT_SIZE * OBJECT_SIZE]), [1, 0])
}

/** The moon's direction (unit, world): low in the sky ahead and to the left of the start view. */
export const MOON_DIR: readonly [number, number, number] = (() => {
  const v = [-0.42, 0.36, -0.83]
  const n = Math.hypot(...v)
  return v.map((x) => x / n) as [number, number, number]
})()

/**
 * Tiled preparation (models/README.md "Tiles"). Both stages take `tile_origin` [2], x and z in
 * metres, and centre their fields on it, so the detailed fields follow the viewer instead of
 * ending 1 km from the start. Each grid snaps the origin to its own lattice (the field's texels,
 * the turned object frame's 8 m cells, the far field's texels) so every tile samples the world at
 * the same points: a place is baked from the same values whichever tile it falls in, and only
 * what reads across a field's edge (shadows marched towards the sun, the AO blur) can differ
 * there, far from the viewer. Origin (0, 0) gives exactly the untiled fields.
 */
export const TILE_SPAN = 512
/** Metres between field texel centres (align_corners over [-FIELD_HALF, FIELD_HALF]). */
export const FIELD_TEXEL = (2 * FIELD_HALF) / (FIELD_SIZE - 1)
/** Metres between far-field texel centres. */
export const FAR_TEXEL = (2 * FAR_HALF) / (FAR_SIZE - 1)

/** A tile's grid offsets, each [1,2,1,1] metres (the object one in the turned object frame). */
export interface TileOffsets {
  field: Value
  object: Value
  far: Value
}

export function tileOffsets(g: GraphBuilder, tileOrigin: Value): TileOffsets {
  const o = g.reshape(tileOrigin, [1, 2, 1, 1])
  const snap = (v: Value, step: number): Value => g.mul(g.op('Round', [g.mul(v, 1 / step)]), step)
  const c = Math.cos(OBJECT_ANGLE)
  const s = Math.sin(OBJECT_ANGLE)
  // The object frame is the world turned by OBJECT_ANGLE: o = Rot * w.
  const turned = g.op('Conv', [o, g.constant([c, -s, s, c], [2, 2, 1, 1])])
  return { field: snap(o, FIELD_TEXEL), object: snap(turned, OBJECT_CELL), far: snap(o, FAR_TEXEL) }
}

/** World x or z (metres) of texel i in a field of n texels over [-half, half] (align_corners=1). */
export function texelCoord(i: number, n: number, half: number): number {
  return -half + (2 * half * i) / (n - 1)
}

/**
 * Samples a wrapped texture at `coords` ([..., 2], in texture periods: 1.0 = one full tile), so
 * noise at any coordinate costs Floor, Sub, one fma and one GridSample.
 */
export function sampleWrapped(
  g: GraphBuilder,
  tex: Value,
  info: WrappedTexture,
  coords: Value,
  mode: 'bilinear' | 'bicubic' | 'nearest' = 'bilinear',
): Value {
  return g.gridSample(tex, wrappedGrid(g, info, coords), mode, 'border', 1)
}

/** GridSample coordinates in [-1, 1] of `coords` (in texture periods) on a wrapped texture. */
function wrappedGrid(g: GraphBuilder, info: WrappedTexture, coords: Value): Value {
  const span = info.size - 1
  return g.fma(g.fract(coords), (2 * info.period) / span, (2 * WRAP_PAD) / span - 1)
}

/**
 * The same lookup for coordinates laid out channels-first ([1, 2, H, W]): ORT broadcasts
 * [1,1,H,W] against [1,C,H,W] on its fast path, so per-pixel graphs keep pairs and colours
 * channels-first and transpose only the grid GridSample reads.
 */
export function sampleWrappedNchw(
  g: GraphBuilder,
  tex: Value,
  info: WrappedTexture,
  coords: Value,
  mode: 'bilinear' | 'bicubic' | 'nearest' = 'bilinear',
): Value {
  return g.gridSample(tex, g.transpose(wrappedGrid(g, info, coords), [0, 2, 3, 1]), mode, 'border', 1)
}
