/**
 * Wildflowers, drawn where the ray meets the grass. The prepare stage bakes the share of the
 * grass in flower per 4 m texel (`field_surface` channel `flowers`); this scatters that share as
 * round flower heads ~4 cm across, one or none per 8 cm cell at a jittered place (the cell's
 * random numbers are nearest-texel reads: whether it flowers from the blurred detail lattice, so
 * flowers stand in clumps, where and in which colour from an unblurred one, so the cells' grid
 * does not show), in the colour the prepare stage baked for its drift (`flowerHue`), with white
 * ones among them. The heads' edges are as soft as a pixel is wide, and
 * where a head is smaller than a pixel the ground takes the flowers' average colour instead, so
 * the meadow keeps its colour as the heads fade with distance.
 */
import type { GraphBuilder, Value } from './graph'
import { rgb } from './colour'
import { fadeOf, rotated, type Detail } from './render-detail'
import { latticeTexture } from './textures'
import { sampleWrappedNchw } from './world-layout'

/** Spread of the detail lattice's values, measured. */
const NOISE_SD = 0.28
/**
 * One flower head at most per CELL-metre cell, its centre jittered by up to JITTER cells, its
 * radius HEAD cells times 0.7-1.2 (one size read as polka dots).
 */
const CELL = 0.08
const HEAD = 0.24
const JITTER = 0.2
/** The cell grid is turned against the world axes so rows of flowers never line up. */
const ANGLE = 0.7

export interface Flowers {
  /** How much of the pixel is flower, [0, 1]. */
  amount: Value
  /** The flowers' colour (linear rgb, [1,3,h,w]). */
  color: Value
}

/**
 * 1 where noise `n` lies in its top `share`, 0 elsewhere, with an edge `soft` of the noise's spread
 * wide. The quantile is a logistic fit to the normal's, close enough to keep the mean cover.
 */
function topShare(g: GraphBuilder, n: Value, share: Value, soft: number): Value {
  const p = g.clip(share, 0.005, 0.995)
  const threshold = g.mul(g.op('Log', [g.div(g.sub(1, p), p)]), NOISE_SD / 1.7)
  return g.sat(g.fma(g.sub(n, threshold), 1 / (soft * NOISE_SD), 0.5))
}

const WHITE: [number, number, number] = [0.85, 0.85, 0.8]

/** The palette along core/style.ts flowerHue: [hue, linear rgb]. */
const PALETTE: [number, [number, number, number]][] = [
  [0, WHITE],
  [0.25, [0.32, 0.12, 0.62]],
  [0.42, [0.18, 0.25, 0.75]],
  [0.6, [0.9, 0.65, 0.04]],
  [0.8, [0.85, 0.3, 0.03]],
  [1, [0.75, 0.04, 0.03]],
]

/**
 * The palette colour nearest `hue`, blended only within 0.03 of the midpoint between two: a drift
 * is one colour (a smooth ramp from blue to yellow passed through mud).
 */
function paletteAt(g: GraphBuilder, hue: Value): Value {
  let color = rgb(g, ...PALETTE[0]![1])
  for (let i = 1; i < PALETTE.length; i++) {
    const mid = (PALETTE[i - 1]![0] + PALETTE[i]![0]) / 2
    color = g.lerp(color, rgb(g, ...PALETTE[i]![1]), g.sat(g.fma(hue, 1 / 0.03, 0.5 - mid / 0.03)))
  }
  return color
}

/** `cover` and `hue` are the baked `flowers` and `flowerHue` channels at the ground point. */
export function flowersOf(
  g: GraphBuilder,
  detail: Detail,
  xz: Value,
  footprint: Value,
  cover: Value,
  hue: Value,
): Flowers {
  const drift = paletteAt(g, hue)

  // The cell each point lies in, and its four random numbers: jitter x and z, presence, colour.
  // In cells: rotated() counts texture periods of `period` lattice cells of `lambda` m each, so
  // a lambda of CELL / period makes one unit one flower cell.
  const uv = rotated(g, detail, xz, CELL / detail.info.period, ANGLE, 0)
  const cell = g.floor(uv)
  const within = g.sub(uv, cell)
  const presence = sampleWrappedNchw(
    g,
    detail.channels[3]!,
    detail.info,
    g.mul(cell, 1 / detail.info.period),
    'nearest',
  )
  const white = latticeTexture(0xf10e5, 3, 64)
  const whiteTex = g.constant(white.data, [1, 3, white.size, white.size])
  const random = sampleWrappedNchw(g, whiteTex, white, g.mul(cell, 1 / white.period), 'nearest')
  const [jitter, shade] = g.split(random, 1, [2, 1]) as [Value, Value]
  const offset = g.sub(within, g.fma(jitter, JITTER, 0.5))
  const r = g.sqrt(g.reduceSum(g.mul(offset, offset), [1]))
  // Edges a pixel wide (in cell units), never sharper than a tenth of the head.
  const edge = g.max(g.mul(footprint, 1 / CELL), 0.03)
  const radius = g.mul(g.fma(g.abs(shade), 0.5, 0.7), HEAD)
  const head = g.sat(g.fma(g.div(g.sub(radius, r), edge), 1, 0.5))
  const heart = g.sat(g.fma(g.div(g.sub(g.mul(radius, 0.3), r), edge), 1, 0.5))
  // The mean head covers 0.92 of pi HEAD^2 (E[(0.7 + 0.5 u)^2], u uniform).
  const cells = g.min(g.mul(cover, 1 / (0.92 * Math.PI * HEAD * HEAD)), 1)
  // topShare keeps a floor of 0.5 %: below that share, thin the heads out to none at all.
  const flower = g.mul(g.mul(topShare(g, presence, cells, 0.05), head), g.sat(g.mul(cells, 200)))

  const near = fadeOf(g, footprint, CELL)
  // One head in eight is white whatever the drift (shade is uniform in [-1, 1]).
  let color = g.lerp(drift, rgb(g, ...WHITE), g.mul(g.sat(g.mul(g.sub(shade, 0.75), 20)), near))
  color = g.lerp(color, rgb(g, 0.85, 0.55, 0.04), g.mul(heart, g.mul(near, 0.8)))
  return { amount: g.lerp(cover, flower, near), color }
}
