/**
 * Numbers the prepare stage and the render stage of the reference model must agree on, and the
 * helper that samples a wrapped texture. Kept in one place so the two graphs cannot drift apart.
 */
import type { GraphBuilder, Value } from './graph'
import { WRAP_PAD, type WrappedTexture } from './textures'

/** Texels per side of the baked height/colour fields. */
export const FIELD_SIZE = 512
/** The fields cover x, z in [-FIELD_HALF, FIELD_HALF] metres (4 m texels). */
export const FIELD_HALF = 1024
/** Texels per side of the atmosphere field (sun, fog, clouds, water colour vary slowly). */
export const ATMOS_SIZE = 32
/** Rays travel at most this far (metres): just past the field edge, where the haze is full. */
export const T_MAX = 1100

/** Field channels in `field_color`: linear lit rgb, then vegetation cover. */
export const COLOR_CHANNELS = 4
/** `field_atmos` channels: sun direction xyz, fog, clouds, water rgb. */
export const ATMOS_CHANNELS = 8

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
