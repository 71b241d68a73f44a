/**
 * Grass blades as a person standing among them sees them. A ground texture, however sharp, reads
 * as a smear where a photograph shows grass: from standing height blades are upright strokes,
 * dark at their bases and light at their tips, one behind another. A texture on the ground plane
 * has none of that; at grazing angles it is squashed into horizontal streaks instead.
 *
 * A blade standing at ground distance D_b from the viewer, h below the eye and H_b tall, hides
 * the ground from D_b out to D_b h / (h - H_b): in screen space an upright stroke whose foot is
 * the blade's root. So the ground around the viewer is laid out in cells that are a fixed angle
 * wide across the view and one full blade long along it, measured in log distance, where that
 * length is the same near and far: each cell holds one blade of a random height, whose stroke
 * runs from the cell's near edge to its tip, shaded dark to light; past its tip the pixel looks
 * down among the blades behind it (dark). Columns are shifted by a random fraction, so blades do
 * not root in rows.
 *
 * The layout follows the viewer (a blade's cell depends on where the frame was taken from), as
 * parallax does: frames taken from one place agree, and the hit point, depth and material are
 * unchanged, so lifting and walking see the same ground as before. Like every detail here the
 * blades fade out as they narrow, from three pixels wide to 1.4 (frames too coarse for them skip
 * them), and past ~10 m, and a few of them carry wildflowers' heads.
 */
import type { GraphBuilder, Value } from './graph'
import type { Camera, Rays } from './render-camera'
import { fadeOf } from './render-detail'
import { latticeTexture, rng } from './textures'
import { sampleWrappedNchw } from './world-layout'

/** The tallest blades (m): a meadow's, not a lawn's. */
const HEIGHT = 0.22
/**
 * Blade columns are ANGLE radians wide (2 cm at 3 m). A column's width in metres grows with
 * distance (a fan), where a blade's does not; quantising it by distance would cut every stroke at
 * the band edges, and past ~8 m the strokes are shorter than they are wide and fade out anyway.
 */
const ANGLE = 0.0067
/**
 * In coarser frames (a headset's 128 px detail frames, 4.3 px per degree) blades widen to three
 * pixels, up to ANGLE_MAX, rather than fade out: coarse strokes read as grass, a smear does not.
 */
const ANGLE_MAX = 0.014
/** Frames with coarser pixels (rad) draw no blades: at ANGLE_MAX they would be 1.4 px wide. */
const FINEST_PIXEL = ANGLE_MAX / 1.4
/** A blade fills this share of its cell's width; beside it the view goes down among the blades. */
const WIDTH = 1.0
/** Shade of the depths between blades, and of a blade from root to tip. */
const GAP = 0.3
const ROOT = 0.6
const TIP = 1.1
/**
 * A cell's blade, from its random numbers r, v, w in [-1, 1]: height tall + spread r (of a full
 * stroke), rooted at the cell's middle + shift w and leaning up to `lean` of a column to one side
 * at its tip, half-width (width + widthSpread |v|) of WIDTH / 2 narrowing by `taper` to the tip,
 * shade 1 + shadeSpread v; edges 1/edge of a cell soft.
 */
const BLADE = {
  tall: 0.7,
  spread: 0.3,
  shift: 0.15,
  lean: 0.2,
  width: 0.55,
  widthSpread: 0.35,
  taper: 0.5,
  shadeSpread: 0.18,
  edge: 12,
}
/** A flower head: HEAD_UP of a stroke either side of its tip, HEAD_SIDE of a column either side. */
const HEAD_UP = 0.06
const HEAD_SIDE = 0.6
/** The share of a cell a head covers: an ellipse of those half-axes, a stroke 0.7 of a row on average. */
const HEAD_SHARE = Math.PI * HEAD_UP * 0.7 * HEAD_SIDE

/**
 * The mean of the shade before it is divided by it, so the grass keeps its brightness where the
 * blades fade. Sampled from the same formulas (bladeShade) with the builder's seeded generator:
 * the soft edges make a closed form 7 % off.
 */
const MEAN = meanShade(40_000)

export interface GrassBlades {
  /** Brightness factor for the grass albedo, mean ~1. */
  shade: Value
  /** How much of the pixel is a blade's upper half, [0, 1]: tips are yellower. */
  tip: Value
  /** 1 where the blades are drawn, 0 where they have faded to the grass's plain colour. */
  near: Value
  /** How much of the pixel a blade in front covers (what lies on the ground shows between). */
  cover: Value
  /** How much of the pixel is a flower head on top of a blade, [0, 1]. */
  head: Value
}

/**
 * Blades are drawn only in frames fine enough to show them (pixels under 0.01 rad: detail frames,
 * 256 px tiles, a headset's 128 px detail frames), inside a Loop of one trip or none: the 64 and
 * 128 px frames of the sphere, most of what a world is grown from, pay nothing for them.
 */
export interface GrassInputs {
  cam: Camera
  rays: Rays
  /** Distance along the ray to the ground hit (m), [1,1,H,W]. */
  t: Value
  /** A pixel's footprint there (m). */
  footprint: Value
  /** The grass's share in flower (`field_surface` channel `flowers`). */
  flowerCover: Value
}

export function grassBladesOf(g: GraphBuilder, inp: GrassInputs): GrassBlades {
  const { cam, t } = inp
  const fine = g.reshape(g.op('Cast', [g.less(cam.pixelAngle, FINEST_PIXEL)], { to: 7 }), [])
  const zero = g.mul(t, 0)
  const plain = g.concat([g.add(zero, 1), zero, zero, zero, zero], 1)
  const [drawn] = g.loop(fine, [plain], () => [bladesOf(g, inp)])
  const [shade, tip, near, cover, head] = g.split(drawn!, 1, [1, 1, 1, 1, 1]) as Value[]
  return { shade: shade!, tip: tip!, near: near!, cover: cover!, head: head! }
}

/** One layer's blade at a pixel: how much it covers, its shade there, its tip and flower head. */
interface BladeLayer {
  inBlade: Value
  shade: Value
  tip: Value
  head: Value
  /** How far the pixel lies past the blade's root, in strokes: the larger, the nearer its root. */
  reach: Value
}

/** [1,5,H,W]: shade, tip, near, cover and head (GrassBlades) where the blades are drawn. */
function bladesOf(g: GraphBuilder, { cam, rays, t, footprint, flowerCover }: GrassInputs): Value {
  // Ground distance and bearing from the viewer. Atan2 from Atan: the half-angle form is exact
  // but for rays straight down -x, where the bearing wraps; the seam runs along the blades.
  const [ux, uz] = g.split(rays.xzDir, 1, [1, 1]) as [Value, Value]
  const flat = g.sqrt(g.max(g.add(g.mul(ux, ux), g.mul(uz, uz)), 1e-8))
  const distance = g.max(g.mul(t, flat), 0.05)
  const bearing = g.mul(g.op('Atan', [g.div(uz, g.max(g.add(flat, ux), 1e-6))]), 2)
  // One blade's stroke in log distance, for the eye's height over the hit (clamped on slopes
  // that rise to eye level).
  const eye = g.max(g.mul(g.mul(t, rays.dy), -1), HEIGHT * 2)
  const strokeLog = g.op('Log', [g.div(eye, g.sub(eye, HEIGHT))])
  const angle = g.min(g.max(g.mul(cam.pixelAngle, 3), ANGLE), ANGLE_MAX)
  const random = latticeTexture(0x9a55, 3, 64)
  const tex = g.constant(random.data, [1, 3, random.size, random.size])
  const layerAt = (offset: number): BladeLayer =>
    bladeLayer(g, {
      across: g.add(g.div(bearing, angle), offset),
      logDistance: g.div(g.op('Log', [distance]), strokeLog),
      sample: (column, row) =>
        sampleWrappedNchw(
          g,
          tex,
          random,
          g.mul(
            g.concat([g.add(column, offset * random.period), g.add(row, offset * random.period)], 1),
            1 / random.period,
          ),
          'nearest',
        ),
      flowerCover,
    })
  // Two layers of cells half a column apart, as real grass stands blades behind blades: one
  // blade a cell alone drew evenly spaced bars of one width, a barcode where the ground rises
  // towards the eye (a fjord's bank 0.8 m under it) and every stroke is long. The blade rooted
  // nearer the viewer hides the other.
  const a = layerAt(0)
  const b = layerAt(0.5)
  const aFront = g.greater(a.reach, b.reach)
  const front = (k: keyof BladeLayer): Value => g.where(aFront, a[k], b[k])
  const back = (k: keyof BladeLayer): Value => g.where(aFront, b[k], a[k])
  const frontIn = front('inBlade')
  const behind = g.sub(1, frontIn)
  const backIn = back('inBlade')
  const shade = g.mul(
    g.fma(behind, g.lerp(GAP, back('shade'), backIn), g.mul(frontIn, front('shade'))),
    1 / MEAN,
  )
  const cover = g.fma(behind, backIn, frontIn)
  const tip = g.fma(behind, back('tip'), front('tip'))
  const head = g.max(front('head'), g.mul(behind, back('head')))
  // Blades narrower than ~2 px fade to the plain grass (shade 1, no tips), and so do strokes
  // past ~10 m, shorter there than a column is wide.
  // Full at three pixels a blade, none from 1.4: the loop skips frames whose blades would be under
  // that (FINEST_PIXEL), so nothing jumps between the frames that draw them and those that do not.
  const wide = g.sat(g.fma(g.div(angle, cam.pixelAngle), 1 / 1.6, -1.4 / 1.6))
  const near = g.mul(wide, fadeOf(g, footprint, 0.05))
  return g.concat([g.lerp(1, shade, near), g.mul(tip, near), near, g.mul(cover, near), g.mul(head, near)], 1)
}

interface LayerInputs {
  /** Bearing in columns (a layer's offset added). */
  across: Value
  /** Log ground distance in strokes. */
  logDistance: Value
  /** The lattice's three random numbers in [-1, 1] at a layer's (column, row). */
  sample: (column: Value, row: Value) => Value
  flowerCover: Value
}

function bladeLayer(g: GraphBuilder, { across, logDistance, sample, flowerCover }: LayerInputs): BladeLayer {
  const columns = g.floor(across)
  // The column's shift along the view, then the cell's blade: [height, shade, width jitter].
  const shift = g.slice(sample(columns, g.mul(columns, 0)), [0], [1], [1])
  const along = g.add(logDistance, shift)
  const rows = g.floor(along)
  const [r, v, w] = g.split(sample(columns, rows), 1, [1, 1, 1]) as [Value, Value, Value]
  const reach = g.sub(along, rows)
  const tall = g.fma(r, BLADE.spread, BLADE.tall)
  const up = g.div(reach, tall)
  // In the stroke: along the blade below its tip, and within its width across, which narrows
  // to a point at the tip; a blade leans to one side by a fourth number made from the cell's three.
  const lean = g.fma(g.fract(g.fma(v, 11.3, g.fma(r, 5.7, 30))), 2 * BLADE.lean, -BLADE.lean)
  const centre = g.fma(w, BLADE.shift, g.fma(lean, g.sat(up), 0.5))
  const side = g.abs(g.sub(g.sub(across, columns), centre))
  const halfWidth = g.mul(
    g.fma(g.abs(v), BLADE.widthSpread, BLADE.width),
    g.mul(g.fma(g.sat(up), -BLADE.taper, 1), WIDTH / 2),
  )
  const inBlade = g.mul(
    g.sat(g.mul(g.sub(1, up), BLADE.edge)),
    g.sat(g.mul(g.sub(halfWidth, side), BLADE.edge)),
  )
  const shade = g.mul(g.fma(g.sat(up), TIP - ROOT, ROOT), g.fma(v, BLADE.shadeSpread, 1))
  const tip = g.mul(inBlade, g.sat(g.fma(up, 2, -1)))
  // Wildflowers stand on their stems: a head at the top of some blades, as many as the grass's
  // share in flower asks (a head covers ~HEAD_SHARE of its cell, and two layers of cells cover
  // the ground), picked by a fifth number made from the cell's three.
  const pick = g.fract(g.fma(r, 13.37, g.fma(w, 7.1, 20)))
  const flowering = g.less(pick, g.mul(flowerCover, 1 / (2 * HEAD_SHARE)))
  const dUp = g.div(g.sub(up, 1 - HEAD_UP), HEAD_UP)
  const dSide = g.div(side, HEAD_SIDE)
  const inHead = g.sat(g.mul(g.sub(1, g.add(g.mul(dUp, dUp), g.mul(dSide, dSide))), 4))
  return { inBlade, shade, tip, head: g.where(flowering, inHead, g.s(0)), reach }
}

/** The graph's shade (before MEAN) at `n` random places, averaged: its twin in numbers. */
function meanShade(n: number): number {
  const next = rng(0x5a4e)
  const sat = (x: number): number => Math.min(1, Math.max(0, x))
  const fract = (x: number): number => x - Math.floor(x)
  // One layer's blade where the pixel lies `reach` strokes past its root and `x` across its column.
  const layer = (reach: number, x: number): { inBlade: number; shade: number; reach: number } => {
    const [r, v, w] = [next() * 2 - 1, next() * 2 - 1, next() * 2 - 1]
    const up = reach / (BLADE.tall + BLADE.spread * r)
    const lean = fract(v * 11.3 + r * 5.7 + 30) * 2 * BLADE.lean - BLADE.lean
    const side = Math.abs(x - (0.5 + BLADE.shift * w + lean * sat(up)))
    const halfWidth =
      (BLADE.width + BLADE.widthSpread * Math.abs(v)) * (1 - BLADE.taper * sat(up)) * (WIDTH / 2)
    const inBlade = sat((1 - up) * BLADE.edge) * sat((halfWidth - side) * BLADE.edge)
    const shade = (ROOT + (TIP - ROOT) * sat(up)) * (1 + BLADE.shadeSpread * v)
    return { inBlade, shade, reach }
  }
  let sum = 0
  for (let i = 0; i < n; i++) {
    const x = next()
    const a = layer(next(), x)
    const b = layer(next(), fract(x + 0.5))
    const [front, back] = a.reach > b.reach ? [a, b] : [b, a]
    const behind = back.inBlade * back.shade + (1 - back.inBlade) * GAP
    sum += front.inBlade * front.shade + (1 - front.inBlade) * behind
  }
  return sum / n
}
