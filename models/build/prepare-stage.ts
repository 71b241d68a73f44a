/**
 * The reference model's prepare stage: run once per world version, it turns the region table
 * into baked fields on a grid around the origin. The render stage then marches and samples these
 * fields, so per-pixel cost does not include noise octaves or region blending.
 *
 * Inputs: `regions` [8, 31], `tile_origin` [2] (x, z metres: the fields are centred on it, see
 * world-layout TILE_SPAN). Outputs (see models/README.md):
 * - `field_height` [1,1,N,N] ground height, metres (4 m texels over +-1024 m around the tile);
 * - `field_surface` [1,14,N,N] albedo, light, gradient, materials (world-layout SURFACE);
 * - `field_objects` [M*M,9] and `field_looks` [M*M,7]: one tree/shrub/boulder per 8 m cell, as
 *   cell-major tables (world-layout cellTable);
 * - `field_atmos` [1,10,A,A] sun xyz, fog, clouds, water rgb, northern lights, surf (1 for a sea);
 * - `field_top` [1,1,N,N] an upper bound of every surface (ground or object) near each texel, for
 *   the march's cheap steps (see topEnvelope);
 * - `field_hmax` [1] highest ground plus the tallest object, for skipping rays above everything.
 *
 * Per-texel values are channels-first ([1,1,h,w] scalars, [1,3,h,w] colours): ORT broadcasts
 * those on its fast path.
 */
import { REGION_COLUMNS } from '../../src/core/region'
import { GraphBuilder, type Value } from './graph'
import { bakeObjects } from './prepare-objects'
import { baseOnly, fbm, gridCoords, parseRegions, styleAt, MAX_REGIONS, NOISE_PERIOD } from './prepare-style'
import type { Noise, Regions, Style } from './prepare-style'
import { bakeSurface, farFields, type BakedGround } from './prepare-surface'
import { compose, greatDunes, groundHeight, seaOf, signalsOf } from './prepare-terrain'
import { latticeTexture, type WrappedTexture } from './textures'
import {
  ATMOS_CHANNELS,
  OBJECT_ANGLE,
  ATMOS_SIZE,
  cellTable,
  FAR_CHANNELS,
  FAR_HALF,
  FAR_SIZE,
  FIELD_HALF,
  FIELD_SIZE,
  LOOK_CHANNELS,
  OBJECT_CHANNELS,
  OBJECT_SIZE,
  SURFACE_CHANNELS,
  tileOffsets,
  type TileOffsets,
} from './world-layout'

export interface PrepareGraph {
  bytes: Uint8Array
  nodes: number
}

export function buildPrepare(version: string): PrepareGraph {
  const g = new GraphBuilder('reference_world_prepare')
  const table = g.input('regions', [MAX_REGIONS, REGION_COLUMNS])
  const regions = parseRegions(g, table)
  const tile = tileOffsets(g, g.input('tile_origin', [2]))
  const noiseInfo = latticeTexture(0x5eed01, 4, NOISE_PERIOD, 1)
  const noiseTex = g.constant(noiseInfo.data, [1, 4, noiseInfo.size, noiseInfo.size])

  // The viewer starts at the origin: the terrain there is 1 m above the water, on a valley floor
  // whose hills are lowered (more so among mountains) and blend back over a few hundred metres.
  // The start is levelled on the base style alone: an expansion near the start must not move the
  // land for 2 km around (frames outside its footprint are kept), and a tile whose table lacks
  // that expansion must level the land as one that has it.
  const base = baseOnly(g, regions)
  const origin = terrainAt(g, base, noiseTex, noiseInfo, [0], [0])
  const h0 = groundHeight(g, origin.st, origin.noise)
  // Levelled on the origin alone, a seed that put the origin on a knoll left the land around it
  // under the water line: a forest prompt stood on a sand spit in a sea. The land around is
  // levelled on the lowest of a ring of points out to ~110 m instead (less a margin for the
  // finer octaves between them), so it stands above the water except where the
  // composition carves the water a prompt names (compose lowers the land to it wherever it lies).
  const ring = spawnRing()
  const around = terrainAt(g, base, noiseTex, noiseInfo, ring.x, ring.z)
  const ringLow = g.op('ReduceMin', [groundHeight(g, around.st, around.noise)], { axes: [3], keepdims: 1 })
  const hAround = g.max(g.min(h0, g.sub(ringLow, SPAWN_RING_MARGIN)), g.sub(h0, SPAWN_LIFT_MAX))
  // Likewise trees stand in patches of a low-band noise hundreds of metres across: a seed that put
  // the origin in a gap left a "birch forest" without a tree in sight. The gap is filled near the
  // start (the patch noise raised to at least its mean there), so the prompt's cover is what you see.
  // Only where a forest is asked for (vegetation from ~0.75): a meadow's or woods' gaps are theirs.
  const forest = g.ramp(origin.st.vegetation, 0.71, 0.75)
  const patchShortfall = g.mul(g.relu(g.mul(origin.noise.lo[2]!, -1)), forest)
  // And the other way: an open prompt (a meadow, plains: vegetation up to ~0.66) whose seed put
  // the origin inside a copse showed "a green meadow" as an orchard of crowns. Near the start the
  // patch noise is lowered to at most -0.5, so the start is open grass with copses farther out.
  const open = g.ramp(origin.st.vegetation, 0.71, 0.66)
  const patchExcess = g.mul(g.relu(g.add(origin.noise.lo[2]!, 0.5)), open)
  const bakeGround = (size: number, half: number, minWavelength: number, offset: Value): BakedGround => {
    const { x, z } = gridCoords(g, size, half, offset)
    const xz = g.concat([x, z], 1) // [1,2,n,n]
    const st = styleAt(g, regions, x, z, size, size)
    const noise = fbm(g, noiseTex, noiseInfo, xz, regions.seedOffset, minWavelength)
    const rawGround = groundHeight(g, st, noise)
    const dist2 = g.add(g.mul(x, x), g.mul(z, z))
    const spawn = g.exp(g.mul(dist2, -1 / (320 * 320)))
    const sig = signalsOf(g, st)
    const flatten = g.mul(spawn, g.fma(sig.mountains, 0.35, 0.55))
    // The start's level (its raw height pulled to 1 m) holds out to LEVEL_NEAR and fades by
    // LEVEL_FAR: shifted everywhere, a start on a knoll sank the whole world under the water line
    // (a river prompt's land was sea 70 m deep past 1 km, a desert's a flat dry lake bed).
    const dist = g.sqrt(dist2)
    const level = g.lerp(
      g.lerp(h0, hAround, g.smoothstep(dist, 8, 120)),
      1,
      g.smoothstep(dist, LEVEL_NEAR, LEVEL_FAR),
    )
    // Great dunes rise outside the start's first ~15-60 m, unlevelled: the viewer stands in a
    // trough between them.
    const valley = g.add(
      g.fma(g.sub(rawGround, level), g.sub(1, flatten), 1),
      g.mul(greatDunes(g, st, noise, x, z, minWavelength), g.ramp(dist, 15, 60)),
    )
    const patchLift = g.mul(
      g.sub(patchShortfall, patchExcess),
      g.exp(g.mul(dist2, -1 / (SPAWN_COVER_RADIUS * SPAWN_COVER_RADIUS))),
    )
    const composed = compose(g, x, z, valley, sig, noise)
    // In a dry world the land must not dip under the water line: it flattens into a dry lake bed.
    const ground = g.max(composed.ground, g.lerp(0.4, -1000, g.ramp(st.water, 0.02, 0.15)))
    const { riverWater, coneLava } = composed
    return bakeSurface(g, {
      st,
      sig,
      noise,
      ground,
      riverWater,
      coneLava,
      patchLift,
      x,
      z,
      xz,
      half,
      size,
      offset,
    })
  }

  const N = FIELD_SIZE
  const { ground, surface, cells, x, z } = bakeGround(N, FIELD_HALF, 0, tile.field)
  const objects = bakeObjects(g, cells, regions.seedOffset, tile)

  g.output(ground, 'field_height', [1, 1, N, N])
  g.output(surface, 'field_surface', [1, SURFACE_CHANNELS, N, N])
  const M = OBJECT_SIZE
  g.output(cellTable(g, objects.objects, OBJECT_CHANNELS), 'field_objects', [M * M, OBJECT_CHANNELS])
  g.output(cellTable(g, objects.looks, LOOK_CHANNELS), 'field_looks', [M * M, LOOK_CHANNELS])
  g.output(topEnvelope(g, ground, objects.top, x, z, tile), 'field_top', [1, 1, N, N])

  // The land beyond the near field, coarse, out to the horizon (render-far.ts): the same terrain
  // recipe on a grid 16x wider, trees folded into the ground colour.
  // Octaves finer than two of its texels would alias into bumps there (see fbm).
  const far = bakeGround(FAR_SIZE, FAR_HALF, (4 * FAR_HALF) / FAR_SIZE, tile.far)
  const [farHeight, farSurface] = farFields(g, far)
  g.output(farHeight, 'field_far_height', [1, 1, FAR_SIZE, FAR_SIZE])
  g.output(farSurface, 'field_far_surface', [1, FAR_CHANNELS, FAR_SIZE, FAR_SIZE])

  // Atmosphere on a coarse grid: the render stage reads it at the camera position.
  const A = ATMOS_SIZE
  const ac = gridCoords(g, A, FIELD_HALF, tile.field)
  const sa = styleAt(g, regions, ac.x, ac.z, A, A)
  // Surf breaks on a sea's shore; a lake or a river laps at its edge.
  const surf = seaOf(g, sa.water)
  g.output(g.concat([sa.sun, sa.fog, sa.clouds, sa.waterColor, sa.aurora, surf], 1), 'field_atmos', [
    1,
    ATMOS_CHANNELS,
    A,
    A,
  ])
  const hmax = g.add(g.reshape(g.op('ReduceMax', [ground], { keepdims: 0 }), [1]), objects.tallest + 1)
  g.output(hmax, 'field_hmax', [1])

  return {
    bytes: g.toBytes({
      producerVersion: version,
      docString:
        'Worldwalk reference world model, prepare stage: region table -> baked terrain, surface and object fields.',
    }),
    nodes: g.nodeCount,
  }
}

/**
 * The most the start's surroundings are raised, metres of raw terrain (x0.45 near the start). More
 * stood the land well above water a neighbouring region's style carves (a lake fading out across
 * a region border left a 10 m rock wall).
 */
const SPAWN_LIFT_MAX = 6

/** Metres from the start where its level starts to fade into the land's own, and where it is gone. */
const LEVEL_NEAR = 600
const LEVEL_FAR = 2000

/** Metres the ring's lowest point is levelled below the origin's 1 m (finer octaves dip between). */
const SPAWN_RING_MARGIN = 1.5

/** Points around the origin where the start's surroundings are levelled: 8 bearings at 4 radii. */
function spawnRing(): { x: number[]; z: number[] } {
  const x: number[] = []
  const z: number[] = []
  for (const [i, r] of [15, 35, 70, 110].entries()) {
    for (let k = 0; k < 8; k++) {
      const a = ((k + i * 0.5) / 8) * 2 * Math.PI
      x.push(r * Math.sin(a))
      z.push(-r * Math.cos(a))
    }
  }
  return { x, z }
}

/** Metres over which the start's tree cover is filled in (a Gaussian's 1/e radius). */
const SPAWN_COVER_RADIUS = 350

/** Style and noise at a row of fixed points, [1,C,1,K]. */
function terrainAt(
  g: GraphBuilder,
  regions: Regions,
  noiseTex: Value,
  noiseInfo: WrappedTexture,
  xs: readonly number[],
  zs: readonly number[],
): { st: Style; noise: Noise } {
  const k = xs.length
  const x = g.constant(xs, [1, 1, 1, k])
  const z = g.constant(zs, [1, 1, 1, k])
  const st = styleAt(g, regions, x, z, 1, k)
  return { st, noise: fbm(g, noiseTex, noiseInfo, g.concat([x, z], 1), regions.seedOffset) }
}

/**
 * The surface envelope the render stage's cheap march steps against: ground plus the top of any
 * object that can stand over the texel's bilinear footprint. The march reads one channel per step
 * here instead of the height field and the object table, and only needs the object table once a
 * ray has come down to this envelope.
 *
 * Bound: bilinear interpolation at a point p mixes the four texels within 4 m (per axis) of it,
 * so each texel must bound the object height at every point within 4 * sqrt(2) m of its centre.
 * Objects stay inside their 8 m cells (prepare-objects.ts) and the march asks only p's own cell,
 * so a texel takes the tallest object of the cells any point within reach can lie in: two points
 * under 8 m apart lie in the same or adjacent rows, and within one column of each other before
 * their rows' shifts (world-layout objectRowShift), which move a point one column on at most; the
 * texel is looked up by its unshifted cell, so the pool reaches one column back and two on. The
 * object height is relative to the ground under p, as in the march, so envelope - ground is the
 * bound itself.
 */
function topEnvelope(
  g: GraphBuilder,
  ground: Value,
  cellTop: Value,
  x: Value,
  z: Value,
  tile: TileOffsets,
): Value {
  const pooled = g.op('MaxPool', [cellTop], { kernel_shape: [3, 4], pads: [1, 1, 1, 2] })
  const c = Math.cos(OBJECT_ANGLE) / FIELD_HALF
  const s = Math.sin(OBJECT_ANGLE) / FIELD_HALF
  const ox = g.sub(g.mul(x, c), g.mul(z, s))
  const oz = g.add(g.mul(x, s), g.mul(z, c))
  const grid = g.transpose(g.sub(g.concat([ox, oz], 1), g.mul(tile.object, 1 / FIELD_HALF)), [0, 2, 3, 1])
  return g.add(ground, g.gridSample(pooled, grid, 'nearest', 'border', 0))
}
