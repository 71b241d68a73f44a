/**
 * The reference model's render stage: one frame from the baked fields. Per pixel it builds the
 * camera ray, marches the scene (ground height field plus one tree, shrub or boulder per 8 m
 * cell) coarse-to-fine, and shades the hit: ground with per-pixel detail, objects, water with
 * reflections, height fog, and an analytic sky with sun, moon and stars. Outputs colour, depth
 * and a per-pixel material class.
 *
 * Cost is (march steps) x (pixels) x (nodes per step). So: the long travel of each ray happens at
 * quarter resolution (where a step costs little more than node dispatch), half and full resolution
 * only refine. Everything per pixel is laid out channels-first ([1,1,H,W] scalars, [1,2|3|4,H,W]
 * pairs and colours): ORT broadcasts those on its fast path, while [1,H,W,1] x [1,H,W,3]
 * broadcasts cost ~10x more.
 */
import { GraphBuilder, type Value } from './graph'
import { cameraOf, raysFor, type Rays } from './render-camera'
import {
  gatherCells,
  HIT_TOLERANCE,
  groundClearance,
  groundNearest,
  hitTolerance,
  marchSchedule,
  scene,
  T_START,
  type RenderOptions,
} from './render-march'
import { farView, FAR_T_MAX, nearEnd } from './render-far'
import { atmosphereAt, skyOf } from './render-sky'
import { MATERIAL } from '../../src/core/material'
import { detailTexture } from './render-detail'
import { objectShadow } from './render-shadow'
import { shadeSolid } from './render-surface'
import { mirrorSpread, shadeWater } from './render-water'
import { REFLECTION_SCALE, reflectWorld } from './render-reflection'
import {
  ATMOS_CHANNELS,
  ATMOS_SIZE,
  FAR_CHANNELS,
  FAR_SIZE,
  FIELD_SIZE,
  LOOK_CHANNELS,
  OBJECT_CHANNELS,
  OBJECT_SIZE,
  SURFACE,
  SURFACE_CHANNELS,
  T_MAX,
  tileOffsets,
} from './world-layout'

export type { MarchLevel, RenderOptions } from './render-march'

/**
 * The shipped schedule: a cheap quarter-resolution march does the long travel (a step there
 * costs mostly node overhead), half and full resolution refine from the nearest and the farthest
 * coarse hit around each pixel, so silhouettes are exact to the pixel.
 */
export const FAST: RenderOptions = {
  levels: [
    // 16 full steps carry rays out from among the trees around the viewer, 32 cheap ones (one
    // lookup of the envelope each) down to the envelope of the terrain and crowns far off, 48 full
    // ones onto the ground or a crown under it (or between crowns). With 16, rays grazing a lake
    // ran out of steps before the hillside across it: "a pine forest by a lake at dusk" showed the
    // hill's forested top floating over ~20 rows of sky (1.03x the model time for 48).
    { scale: 4, steps: 64, cheap: 32, cheapAfter: 16, relax: 0.12 },
    // The far start (behind a silhouette) must be marched here: reusing the coarse hit as it is
    // leaves grazing rays inside dunes and hills (the geometry test catches it). It starts from
    // the farthest coarse ray around that stopped short of the sky and has 32 steps to go on, and
    // counts only where it settles (render-march settledFar): a ray at eye height in a dense
    // forest ends a step at every 8 m cell's edge, and the crowns 100-200 m off lie 2-3 cells past
    // where the backed-off start puts them. With 6 steps from the farthest coarse ray of all, the
    // forest's far wall was specks against the sky (model-march.test.ts: 0.39 -> 0.69 of a
    // careful march's far crown pixels; 1.1x the model time).
    { scale: 2, steps: 8, farSteps: 32, relax: 0.04, dual: true },
    // 8 full-resolution steps: with 4, rays looking up at a canyon wall 50-130 m off ran out
    // short of it and took the coarse sky or land around them (spikes of land over its rim, rows
    // of sky under it: 12 pixels in the skyline test's view, 0 now). 8 cost ~4 % more model time
    // on ORT-node and no more than the runs' noise on ORT-web, and bring every frame closer to
    // the naive march (the bench's error_vs_reference 5.7 -> 3.9). 12 steps at half resolution
    // fixed the canyon too, but stair-stepped every skyline (more full rays took the half grid's hit).
    { scale: 1, steps: 8, relax: 0.02, relaxLevel: 0.03, dual: true, reuseFar: true },
  ],
}
/** The honest baseline for the bench: one full-resolution march to the same distance, same shading. */
export const NAIVE: RenderOptions = { levels: [{ scale: 1, steps: 96, relax: 0.1 }] }

/** Looser than the march's tolerance: a grazing ray still closing in is ground a little farther on. */
const FINAL_TOLERANCE = 0.008

/**
 * `v` [1,C,h,w] at `factor` times the size, interpolated (a blurred quantity, unlike upsample's
 * march distances): the reflection's coarse grid spread over the frame.
 */
function smoothUp(g: GraphBuilder, v: Value, factor = REFLECTION_SCALE): Value {
  return g.op('Resize', [v, '', g.constant([1, 1, factor, factor], [4])], { mode: 'linear' })
}

export interface RenderGraph {
  bytes: Uint8Array
  nodes: number
}

export function buildRender(version: string, opts: RenderOptions = FAST): RenderGraph {
  const g = new GraphBuilder('reference_world_render')
  const pose = g.input('pose', [4, 4])
  const intrinsics = g.input('intrinsics', [6])
  const uvIn = g.input('pixel_uv', [1, 'H', 'W', 2])
  const N = FIELD_SIZE
  const M = OBJECT_SIZE
  const fields = {
    height: g.input('field_height', [1, 1, N, N]),
    objects: g.input('field_objects', [M * M, OBJECT_CHANNELS]),
    top: g.input('field_top', [1, 1, N, N]),
  }
  const fieldSurface = g.input('field_surface', [1, SURFACE_CHANNELS, N, N])
  const fieldLooks = g.input('field_looks', [M * M, LOOK_CHANNELS])
  const fieldAtmos = g.input('field_atmos', [1, ATMOS_CHANNELS, ATMOS_SIZE, ATMOS_SIZE])
  const hmax = g.input('field_hmax', [1])
  const far = {
    height: g.input('field_far_height', [1, 1, FAR_SIZE, FAR_SIZE]),
    surface: g.input('field_far_surface', [1, FAR_CHANNELS, FAR_SIZE, FAR_SIZE]),
  }

  const tile = tileOffsets(g, g.input('tile_origin', [2]))
  const cam = cameraOf(g, pose, intrinsics, uvIn, tile)
  const uv = g.transpose(uvIn, [0, 3, 1, 2]) // [1,2,H,W]
  const rays = raysFor(g, cam, uv)
  // Built once per scale: the near march and the far field both march at 1/2 and 1/4.
  const coarser = new Map<number, Rays>([[1, rays]])
  const raysAt = (s: number): Rays => {
    let r = coarser.get(s)
    if (!r) {
      r = raysFor(g, cam, g.op('AveragePool', [uv], { kernel_shape: [s, s], strides: [s, s] }))
      coarser.set(s, r)
    }
    return r
  }
  // Rays that start above everything skip straight down to it.
  const slabStart = (r: Rays): Value =>
    g.max(g.div(g.sub(cam.oy, hmax), g.max(g.mul(r.dy, -1), 1e-4)), T_START)
  const tMarched = marchSchedule(g, fields, cam, opts, raysAt, slabStart)
  // Secant steps onto the ground's plane where the ground, not an object, is the nearest surface
  // and the ray closes on it: back up for a grazing ray that overshot into it (the march steps back
  // by a fraction of the vertical clearance), and on down for one that stopped within the hit
  // tolerance above it. That tolerance (5-10 cm of height) is 3-15 % of the depth of ground seen
  // at 15-25 degrees down, differently in each frame: a 30-degree detail frame put the ground 4-10 %
  // nearer than a 90-degree frame from the same spot, so it took the wide frame's ground splats
  // for hidden and kept them.
  // The second step reads only the ground and keeps the first step's verdict on objects (it moves
  // the ray by under a metre where it moves it at all): a full scene costs ~3x as much.
  // A ray that does not descend backs up onto the ground's tangent plane instead: the rate at
  // which it closes on the ground is read over the last ~1 % of its length. A ray looking up at a
  // hillside across a lake closes on it though it climbs, and the march's back-steps alone left
  // 8 % of such a view 2-3 m inside. Descending rays keep the level plane: backing up exactly, a
  // ray the march had carried through a pine's low skirt came out on the ground behind it, where
  // the level plane's longer step lands on the crown (a fifth of a forest seen from above).
  const end = scene(g, fields, cam, rays, tMarched)
  const behind = g.fma(tMarched, 0.01, 0.25)
  const back1 = g.max(g.sub(tMarched, behind), T_START)
  const closing = g.div(g.sub(end.yRel, groundClearance(g, fields, cam, rays, back1)), behind)
  const groundFirst = groundNearest(g, end)
  let t = tMarched
  let yRel = end.yRel
  for (let i = 0; i < 2; i++) {
    if (i > 0) yRel = groundClearance(g, fields, cam, rays, t)
    // On down by no more than the march's own tolerance allowed, nor into an object.
    const ahead = g.min(g.fma(t, HIT_TOLERANCE * 4, 0.2), g.mul(g.relu(end.cObj), 0.9))
    const rate = g.where(g.op('And', [g.less(yRel, 0), g.greater(rays.dy, -0.01)]), closing, rays.dy)
    const back = g.min(g.max(g.div(yRel, g.min(rate, -0.01)), g.mul(ahead, -1)), g.mul(t, 0.3))
    const closes = g.op('And', [groundFirst, g.less(rate, -0.01)])
    const onto = g.op('And', [closes, g.less(yRel, hitTolerance(g, t))])
    t = g.where(onto, g.max(g.sub(t, back), T_START), t)
  }

  // Water plane at y = 0, seen from above.
  const tWaterOf = (r: Rays): Value =>
    g.where(
      g.op('And', [g.less(r.dy, -1e-5), g.greater(cam.oy, 0)]),
      g.div(cam.oy, g.max(g.mul(r.dy, -1), 1e-5)),
      g.s(T_MAX * 4),
    )
  /** Where rays meet the water plane, in the field's grid (for gridSample). */
  const waterGridOf = (r: Rays, tw: Value): Value =>
    g.transpose(g.slice(g.add(g.mul(g.min(tw, T_MAX), r.dir4), cam.origin4), [0], [2], [1]), [0, 2, 3, 1])
  const tWater = tWaterOf(rays)
  // The plane only counts where the ground under it is below the water line. Elsewhere a ray that
  // reached it is a grazing ray whose march had not quite met the ground: shade the ground there.
  const wGrid = waterGridOf(rays, tWater)
  const groundAtWater = g.gridSample(fields.height, wGrid)
  const wet = g.less(groundAtWater, 0.05)
  // The near field ends where the ray leaves it: past that its edge texels would streak.
  const tNear = nearEnd(g, cam, rays)
  const tMarch = g.min(t, tNear)
  // Where a ray crosses the water line over dry ground it is inside that ground, so the crossing
  // is a place to shade whenever it comes before what the march knows: before its end, before
  // the point it found under the ground (the back-steps may have moved the end out in front of
  // a thin shore), or anywhere in the near field when the march ran out of steps in the open.
  // Left to the far field, such grazing rays past a shore ended 50 m under the lake beyond it.
  const unsettled = g.greater(end.c, g.fma(tMarched, FINAL_TOLERANCE, 0.1))
  const overshot = g.op('Or', [unsettled, g.less(tWater, tMarched)])
  const before = g.op('Or', [g.less(tWater, tMarch), g.op('And', [overshot, g.less(tWater, tNear)])])
  const dryAtWater = g.op('And', [before, g.op('Not', [wet])])
  const tShade = g.where(dryAtWater, tWater, tMarch)
  // Final hit test at the shading point.
  const at = scene(g, fields, cam, rays, tShade)
  // A march that ended under the ground hit it, even where its back-steps overshot back out.
  const met = g.op('Or', [g.less(at.c, g.fma(tShade, FINAL_TOLERANCE, 0.1)), g.op('Not', [unsettled])])
  const solidHit = g.op('And', [met, g.less(tShade, tNear)])
  const tSolid = g.where(solidHit, tShade, T_MAX * 4)
  const waterFirst = g.op('And', [g.less(tWater, tSolid), g.less(tWater, tNear)])
  const waterHit = g.op('And', [waterFirst, wet])
  const surface = g.op('Or', [solidHit, waterHit])
  const tSurface = g.min(tSolid, tWater)
  const atm = atmosphereAt(g, fieldAtmos, cam)
  const sky = skyOf(g, atm, rays)
  const land = farView(g, far, cam, atm, rays, raysAt(2), raysAt(4))
  const farHit = g.op('And', [land.hit, g.op('Not', [surface])])
  const depth = g.where(
    surface,
    g.mul(tSurface, rays.depthScale),
    g.where(farHit, g.mul(land.t, rays.depthScale), g.s(0)),
  )
  const detail = detailTexture(g)

  // Solids: the ground or object the ray ended on (or the dry ground under a grazing water hit).
  const solid = shadeSolid(g, {
    cam,
    rays,
    atm,
    detail,
    hit: at,
    t: tShade,
    surface: g.gridSample(fieldSurface, at.grid),
    looks: gatherCells(g, fieldLooks, at.cell),
    objectLight: objectShadow(g, fields, cam, rays, tShade, atm),
  })

  // Height fog (mist that hugs the ground, thicker with the style's fog) plus a faint blue haze,
  // and full haze just before the far field ends (its edge texels would streak).
  const kFog = 1 / 14
  const d0 = g.fma(g.mul(atm.fog, atm.fog), 0.03, 0.00015)
  const base = g.mul(d0, g.exp(g.mul(g.relu(cam.oy), -kFog)))
  /** Fog over `dist` metres of a ray climbing `dy` per metre from where the density is `from`. */
  const fogAlong = (dist: Value, dy: Value, from: Value): Value => {
    const x = g.clip(g.mul(g.mul(dy, dist), kFog), -30, 30)
    const small = g.less(g.abs(x), 1e-3)
    const safe = g.where(small, g.s(1), x)
    const F = g.where(small, g.fma(x, -0.5, 1), g.div(g.sub(1, g.exp(g.mul(safe, -1))), safe))
    const optical = g.add(g.mul(dist, 0.0001), g.mul(g.mul(from, dist), F))
    return g.max(g.sub(1, g.exp(g.mul(optical, -1))), g.smoothstep(dist, FAR_T_MAX * 0.75, FAR_T_MAX))
  }
  const fogOf = (dist: Value): Value => fogAlong(dist, rays.dy, base)
  const solidFogged = g.lerp(solid.color, sky.haze, fogOf(tShade))
  const notWater = g.op('Not', [waterHit])
  // Far water mirrors the haze at the grazing angles it is seen at.
  const farColor = g.lerp(land.color, sky.haze, g.mul(land.water, 0.6))
  // The farthest land fades into the sky it stands against, not into a band of haze brighter
  // than that sky: where the far field ends, the two must meet without a seam.
  const farHaze = g.lerp(sky.haze, sky.sky, g.smoothstep(land.t, FAR_T_MAX * 0.5, FAR_T_MAX))
  const beyond = g.where(
    g.op('And', [farHit, land.settled]),
    g.lerp(farColor, farHaze, fogOf(land.t)),
    sky.sky,
  )
  const seen = g.where(g.op('And', [surface, notWater]), solidFogged, beyond)
  const riverField = g.slice(fieldSurface, [SURFACE.river], [SURFACE.river + 1], [1])
  // What the water mirrors, marched on the reflection's coarse grid (REFLECTION_SCALE) from where
  // that grid's rays meet the water, then spread back over the full grid.
  const coarse = raysAt(REFLECTION_SCALE)
  const tWaterCoarse = tWaterOf(coarse)
  const coarseGrid = waterGridOf(coarse, tWaterCoarse)
  const mirror = reflectWorld(g, {
    fields,
    looks: fieldLooks,
    surface: fieldSurface,
    cam,
    rays: coarse,
    tWater: tWaterCoarse,
    spread: mirrorSpread(
      g,
      atm,
      g.gridSample(riverField, coarseGrid),
      g.gridSample(fields.height, coarseGrid),
    ),
    atm,
  })
  const mirrorT = smoothUp(g, mirror.t)
  const water = shadeWater(g, {
    cam,
    rays,
    atm,
    detail,
    tWater,
    groundAtWater,
    river: g.gridSample(riverField, wGrid),
    bottom: solid.color,
    path: g.relu(g.sub(tMarch, tWater)),
    // The whole sky the mirrored ray looks into: clouds, stars, the moon and northern lights
    // (calm water mirrors them), not the sun's disc (the water's glint is its mirror image).
    skyMirror: skyOf(g, atm, { ...rays, dy: g.mul(rays.dy, -1) }, false).sky,
    // Fogged along the mirrored ray, which climbs from the water (where the mist is thickest).
    mirrored: g.lerp(smoothUp(g, mirror.color), sky.haze, fogAlong(mirrorT, g.mul(rays.dy, -1), d0)),
    mirrorCover: smoothUp(g, mirror.cover),
  })
  const linear = g.where(waterHit, g.lerp(water, sky.haze, fogOf(tWater)), seen)

  // Exposure and a filmic curve (Narkowicz's fit of ACES): a toe that keeps shadows dark and a
  // shoulder for highlights, then sRGB-ish gamma.
  const x = g.mul(linear, 0.7)
  const mapped = g.div(g.mul(x, g.fma(x, 2.51, 0.03)), g.fma(x, g.fma(x, 2.43, 0.59), 0.14))
  const rgb = g.clip(g.pow(g.max(mapped, 0), 1 / 2.2), 0, 1)
  const waterClass = g.where(g.greater(atm.frozen, 0.5), g.s(MATERIAL.ice), g.s(MATERIAL.water))
  const farClass = g.where(g.greater(land.water, 0.5), waterClass, g.s(MATERIAL.soil))
  const material = g.where(
    waterHit,
    waterClass,
    g.where(surface, solid.material, g.where(farHit, farClass, g.s(MATERIAL.sky))),
  )

  g.output(g.transpose(rgb, [0, 2, 3, 1]), 'rgb', [1, 'H', 'W', 3])
  g.output(g.transpose(depth, [0, 2, 3, 1]), 'depth', [1, 'H', 'W', 1])
  g.output(g.transpose(material, [0, 2, 3, 1]), 'material', [1, 'H', 'W', 1])
  return {
    bytes: g.toBytes({
      producerVersion: version,
      docString:
        'Worldwalk reference world model, render stage: pose + camera + baked fields -> rgb, depth, material.',
    }),
    nodes: g.nodeCount,
  }
}
