/**
 * The scene the render stage marches: the ground height field plus one object per cell of the
 * object field (a crown of revolution on a trunk, see prepare-objects.ts), as a clearance: an
 * estimate of how far the point at distance t along each ray is from the nearest surface,
 * negative inside. The march takes a fraction of it per step, coarse-to-fine.
 */
import type { GraphBuilder, Value } from './graph'
import type { Camera, Rays } from './render-camera'
import {
  LEAFY_P_MAX,
  LEAFY_P_MIN,
  OBJECT_CELL,
  OBJECT_SIZE,
  objectRowShift,
  PALM_P,
  T_MAX,
  TALLEST_OBJECT,
} from './world-layout'

/** One pass of the march: at 1/scale resolution, `steps` steps, relaxation `relax`. */
export interface MarchLevel {
  scale: number
  steps: number
  relax: number
  /**
   * Relaxation for rays that do not look steeply down (default `relax`). A finer level starts 10 %
   * short of the nearest coarse hit (BACKOFF): with 4 steps of at most 2 % each, a ray meeting a
   * ridge edge-on never closed the gap and took a coarse neighbour's answer, so skylines kept the
   * coarse grid's stairs. Rays looking down keep `relax`: longer steps there skip crown tips.
   */
  relaxLevel?: number
  /**
   * Refine from two starts: the nearest coarse hit around the pixel (3x3 min, which cannot skip
   * a silhouette) and the farthest (3x3 max short of T_MAX, what lies behind one); keep the near
   * one where it found a surface, else the far one. Without it the level starts from the pixel's
   * own hit.
   */
  dual?: boolean
  /** Fraction of the clearance per step (default STEP_K): smaller for a careful reference march. */
  stepK?: number
  /** With dual: march only the near start, and take the far coarse hit as it is where that fails. */
  reuseFar?: boolean
  /**
   * With dual: steps of the far start's march (default `steps`). It starts on the previous
   * level's hit behind a silhouette, so it only has to settle onto it.
   */
  farSteps?: number
  /**
   * Cheap steps taken before `steps`: against the surface envelope (`field_top`, one channel,
   * one lookup) instead of the ground and the object table. They carry the ray down to the
   * envelope; the full steps then find the ground or the crown under it (or pass between crowns).
   */
  cheap?: number
  /**
   * With cheap: how many of the full steps come first (default 0). The envelope covers every tree
   * and its neighbours, so a ray from a viewer among trees starts under it and gets nothing from
   * cheap steps: full steps carry it out first.
   */
  cheapAfter?: number
}

export interface RenderOptions {
  /** Coarsest first; each level starts from the one before (pooled, backed off). */
  levels: MarchLevel[]
  /** Also output each level's marched distance as `debug_t<i>` (for tuning the schedule). */
  debug?: boolean
}

/** Fraction of the clearance taken per step (terrain slopes are < ~1.5). */
export const STEP_K = 0.55
export const T_START = 0.2
/** A later level starts this fraction of the way to the previous level's hit. */
export const BACKOFF = 0.9
/** A ray ends on a surface when within this fraction of its length of it (~a pixel). */
export const HIT_TOLERANCE = 0.004
/** Far beyond anything drawn (T_MAX), and far below float32 overflow. */
const T_CAP = 1e6

export interface Fields {
  height: Value
  /** The object parameters as a cell-major table [M*M, OBJECT_CHANNELS] (world-layout cellTable). */
  objects: Value
  /** [1,1,N,N] ground plus the tallest object that can stand over each texel (prepare-stage.ts). */
  top: Value
}

/** The scene at distance t: clearance and the parts shading needs. */
export interface SceneSample {
  c: Value
  /** Height above the ground (m). */
  yRel: Value
  /** Flat index [1,h,w] of the object cell (for looking its looks up, see gatherCells). */
  cell: Value
  /** Field-grid coordinates [1,h,w,2]. */
  grid: Value
  /** Offset from the object's axis, in cells [1,2,h,w], and its length. */
  local: Value
  r: Value
  /** Crown radius (cells), profile f, crown half-height and offset factors, e = height - hc. */
  R: Value
  f: Value
  H: Value
  D: Value
  e: Value
  cObj: Value
  cTrunk: Value
  /** Height within a conifer's branch tier, 0 at its foot ... 1 at its top; 0 for other objects. */
  tier: Value
  /** How far out a leafy crown's clump of leaves bulges here, -1 (between clumps) ... 1; else 0. */
  clump: Value
  /** Where the point is in its object cell, [0, 1) on each object axis, [1,2,h,w]. */
  inCell: Value
}

/** Height of a conifer's branch tier (m) and how much narrower its top is than its foot. */
export const TIER_HEIGHT = 1.3
export const TIER_DEPTH = 0.28
/** How far a conifer's branch tips reach past the tier's mean edge, relative to its radius. */
export const BRANCH_DEPTH = 0.1
/** How far leaf clumps bulge from a rounded crown's mean edge, relative to its radius. */
export const LUMP_DEPTH = 0.09

/**
 * `cone` > 0 widens objects by `cone` pixels' footprint at t (cone marching): a coarse pass then
 * stops at a trunk or a crown edge that passes through its pixel but misses the pixel's centre,
 * so the finer passes, which start from the nearest coarse hit around them, cannot skip it.
 */
export function scene(
  g: GraphBuilder,
  fields: Fields,
  cam: Camera,
  rays: Rays,
  t: Value,
  cone = 0,
  // Cone-marched (coarse) levels march the crowns' envelope, which holds every branch and clump:
  // their steps are mostly per-node overhead, and the finer levels find the detail from there.
  detailed = cone === 0,
): SceneSample {
  const p4 = g.add(g.mul(t, rays.dir4), cam.origin4)
  const [pg, og] = g.split(p4, 1, [2, 2]) as [Value, Value]
  const grid = g.transpose(pg, [0, 2, 3, 1])
  const ground = g.gridSample(fields.height, grid)
  // Cells of one row are shifted along x by the row's own fraction (world-layout objectRowShift).
  const [cx, cz] = g.split(g.mul(og, OBJECT_SIZE / 2), 1, [1, 1]) as [Value, Value]
  const row = g.floor(cz)
  const shiftedX = g.add(cx, objectRowShift(g, g.add(row, cam.objectRow0)))
  const cells = g.concat([shiftedX, cz], 1)
  const whole = g.concat([g.floor(shiftedX), row], 1)
  const cell = cellIndex(g, whole)
  const params = gatherCells(g, fields.objects, cell)
  const [centre, R, p, hc, H, D, rt, lip] = g.split(params, 1, [2, 1, 1, 1, 1, 1, 1, 1]) as Value[]
  const yRel = g.sub(g.add(g.mul(t, rays.dy), cam.oy), ground)
  const inCell = g.sub(cells, whole)
  const local = g.sub(inCell, centre!)
  const r2 = g.reduceSum(g.mul(local, local), [1])
  const r = g.sqrt(r2)
  const e = g.sub(yRel, hc!)
  const { Rt, tier, clump } = crownRadius(g, local, r2, e, R!, p!, hc!, detailed)
  const f = g.sub(1, g.pow(g.div(r, Rt), p!))
  let cObj = g.mul(g.sub(g.abs(g.sub(e, g.mul(D!, f))), g.mul(H!, f)), lip!)
  let trunkSide = g.mul(g.sub(r, rt!), OBJECT_CELL)
  if (cone > 0) {
    const widen = g.mul(t, g.mul(cam.pixelAngle, cone))
    cObj = g.sub(cObj, widen)
    trunkSide = g.sub(trunkSide, widen)
  }
  const cTrunk = g.max(trunkSide, e)
  const c = g.min(g.min(yRel, cObj), cTrunk)
  return {
    inCell,
    c,
    yRel,
    cell,
    grid,
    local,
    r,
    R: R!,
    f,
    H: H!,
    D: D!,
    e,
    cObj,
    cTrunk,
    tier,
    clump,
  }
}

/**
 * The crown's radius (cells) at each point, and the height within a conifer's tier. Conifers
 * (p = 1, and only they) grow in tiers of branches: each tier is widest at its foot and narrows up
 * to the next, so the crown's edge is a saw, not a cone's straight line, and each tier is eight
 * branches, turned from the tier below. Broadleaf crowns, birches, palms and shrubs
 * (1.2 < p < 2.45; boulders stay smooth) are clumps of leaves: the same eight-fold pattern,
 * turning with height. cos(8 theta + phi) comes from the offset's direction by double angles (no
 * atan in the step). Not `detailed`: the envelope that holds every branch tip and clump.
 */
export function crownRadius(
  g: GraphBuilder,
  local: Value,
  r2: Value,
  e: Value,
  R: Value,
  p: Value,
  hc: Value,
  detailed: boolean,
): { Rt: Value; tier: Value; clump: Value } {
  const conifer = g.sat(g.mul(g.sub(LEAFY_P_MIN, p), 5))
  const leafy = g.mul(g.sat(g.mul(g.sub(p, LEAFY_P_MIN), 10)), g.sat(g.mul(g.sub(LEAFY_P_MAX, p), 10)))
  const waveDepth = g.fma(conifer, BRANCH_DEPTH, g.mul(leafy, LUMP_DEPTH))
  if (!detailed) return { Rt: g.mul(R, g.add(waveDepth, 1)), tier: g.s(0), clump: g.s(0) }
  // Conifers' tiers are TIER_HEIGHT tall; a leafy crown's layers of clumps scale with it.
  // hc shifts each tree's layers (no two crowns alike).
  const layerHeight = g.lerp(g.mul(R, OBJECT_CELL * CLUMP_LAYER), TIER_HEIGHT, conifer)
  const phase = g.div(g.add(e, g.mul(hc, 3.7)), layerHeight)
  const tierIndex = g.floor(phase)
  const within = g.sub(phase, tierIndex)
  const tier = g.mul(within, conifer)
  const [lx, lz] = g.split(local, 1, [1, 1]) as [Value, Value]
  const inv = g.op('Reciprocal', [g.add(r2, 1e-6)])
  const c2 = g.mul(g.sub(g.mul(lx, lx), g.mul(lz, lz)), inv)
  const s2 = g.mul(g.mul(g.mul(lx, lz), 2), inv)
  const c4 = g.fma(g.mul(c2, c2), 2, -1)
  const s4 = g.mul(g.mul(s2, c2), 2)
  const c8 = g.fma(g.mul(c4, c4), 2, -1)
  const s8 = g.mul(g.mul(s4, c4), 2)
  const palm = g.sat(g.fma(g.abs(g.sub(p, PALM_P)), -20, 1))
  // Each tier or layer is turned from the one below; a palm's fronds stay whole.
  const turn = g.mul(tierIndex, g.fma(palm, -2.3, 2.3))
  const wave = g.sub(g.mul(c8, g.op('Cos', [turn])), g.mul(s8, g.op('Sin', [turn])))
  // A leafy crown is clumps of leaves: eight round each layer, bulging out at its middle height
  // and sunk between layers and between neighbours. Eight lobes spiralling up the crown drew long
  // diagonal ridges, and a birch or an oak read as a faceted stone, not a mass of leaves.
  const clump = g.mul(g.fma(g.mul(g.fma(wave, 0.5, 0.5), g.mul(within, g.sub(1, within))), 8, -1), leafy)
  const lumped = g.add(
    g.fma(g.mul(wave, conifer), BRANCH_DEPTH, g.mul(clump, LUMP_DEPTH)),
    g.fma(tier, -TIER_DEPTH, 1),
  )
  // A palm's crown (p = PALM_P, and only it) is eight fronds, not a lump of leaves: the radius
  // reaches R only along them and falls to a small core between, so from below and from afar
  // it is a star of arching blades with sky between them (a lens of leaves read as a mushroom).
  const lobe = g.mul(g.fma(wave, 0.5, 0.5), g.fma(wave, 0.5, 0.5))
  const frond = g.fma(lobe, 1 - FROND_CORE, FROND_CORE)
  return { Rt: g.mul(R, g.lerp(lumped, frond, palm)), tier, clump }
}

/** A leafy crown's layer of clumps, relative to its radius. */
export const CLUMP_LAYER = 0.5

/** A palm crown's radius between its fronds, relative to their length. */
const FROND_CORE = 0.3

/**
 * Flat index [1,h,w] (int64) of the object cell holding each point, from its floored object-grid
 * position (cells, [1,2,h,w]); points off the field take the edge cell. A Gather of a cell-major
 * table by this index reads the object parameters several times faster than a nearest GridSample
 * of a [1,C,M,M] field (ORT samples each channel separately), and it is the cell `local` is
 * measured in by construction.
 */
export function cellIndex(g: GraphBuilder, whole: Value): Value {
  const M = OBJECT_SIZE
  const [ix, iz] = g.split(g.clip(g.add(whole, M / 2), 0, M - 1), 1, [1, 1]) as [Value, Value]
  const flat = g.op('Cast', [g.fma(iz, M, ix)], { to: 7 })
  return g.op('Squeeze', [flat, g.ints([1])])
}

/**
 * Per-cell values [1,C,h,w] of a cell-major table [M*M, C] (world-layout cellTable) at `cell`.
 * Gathering whole rows and transposing once measured 2.5x faster than gathering each channel
 * from a [C, M*M] table (ORT-node, 128x128, 9 channels: ~0.4 vs ~1.0 ms).
 */
export function gatherCells(g: GraphBuilder, table: Value, cell: Value): Value {
  return g.transpose(g.op('Gather', [table, cell], { axis: 0 }), [0, 3, 1, 2])
}

/**
 * One relaxed step from t given the clearance c there: STEP_K of the clearance, but at least
 * relax * t while well clear (so grazing rays travel geometrically), and back (negative) once
 * inside. Every march of the model (near, cheap, far) steps this way.
 */
export function relaxedStep(
  g: GraphBuilder,
  t: Value,
  c: Value,
  relax: Value | number,
  near: NearObjects = {},
): Value {
  const { thin, crown, bound, stepK = STEP_K } = near
  let long = g.min(g.mul(t, relax), g.mul(c, 40))
  // Near a crown the long step reaches at most part of a pixel into it. Long steps of up to 40
  // times the clearance went through a conifer's narrow upper tiers (a 0.5 m tier 100 m off, in
  // steps of 2-12 m): its top came out as blocks of crown with sky between them, and lifted into
  // the app, as specks floating over the trees. Features under a pixel may still be passed.
  if (crown) long = g.min(long, g.fma(t, crown.reach, g.relu(crown.c)))
  // Near a trunk the long step reaches at most THIN_REACH into it, never through: at 10 m a
  // quarter-resolution step of 1.2 m passed a birch trunk by, the finer levels started behind it,
  // and every fourth band of rows showed the ground through a gap in the trunk. A trunk's
  // clearance is exact, so a ray passing one keeps steps longer than its distance to it.
  if (thin) long = g.min(long, g.add(g.relu(thin), THIN_REACH))
  const step = g.max(g.mul(c, stepK), long)
  return g.add(t, bound ? g.min(step, bound) : step)
}

/**
 * How far (in the level's pixels) a long step may reach into a crown: 1 found 0.94-0.955 of the
 * tree pixels a careful march finds against the sky, 0.5 0.94-0.97 (palms 0.65-0.73), 0.25 hardly
 * more (tests/integration/model-march.test.ts's views).
 */
const CROWN_REACH_PX = 0.5

/** How far past its cell's edge (in the level's pixels, at least 0.3 m) a step may go. */
const CELL_MARGIN_PX = 2

/** What a step of the full scene must not pass (see relaxedStep). */
export interface NearObjects {
  /** The clearance of a thin object (a trunk). */
  thin?: Value
  /**
   * The clearance of the crowns (and every other object of revolution) and how far per metre of
   * t a long step may reach into one (radians: a fraction of the level's pixel).
   */
  crown?: { c: Value; reach: Value }
  /** The most the step may take: to a little past the edge of the object cell. */
  bound?: Value
  /** Fraction of the clearance taken per step (default STEP_K). */
  stepK?: number
}

/** How far (m) a long step may reach into a trunk: under the thinnest trunk's radius. */
const THIN_REACH = 0.08

/** The 3x3 neighbourhood of a pixel (same size out). */
export const AROUND = { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }

/** The smallest distance in each pixel's 3x3 neighbourhood: the nearest hit around it. */
export function nearestAround(g: GraphBuilder, t: Value): Value {
  return g.mul(g.op('MaxPool', [g.mul(t, -1)], AROUND), -1)
}

/** `v` [1,C,h,w] `factor` times the size, nearest (a coarser level's result at a finer one). */
export function upsample(g: GraphBuilder, v: Value, factor: number): Value {
  return g.op('Resize', [v, '', g.constant([1, 1, factor, factor], [4])], { mode: 'nearest' })
}

/**
 * One relaxed step of the full scene at `level` (see relaxedStep): the next t and the scene sample
 * it stepped from. Every march over the scene (the camera's and a reflection's) steps this way.
 * `overEnvelope`: where the point is clear above the envelope (`field_top`: nothing near reaches
 * up to it), step by the envelope's clearance without stopping at each cell's edge, as the cheap
 * steps do (one more lookup a step; the camera's march takes its cheap steps apart instead).
 */
export function sceneStepper(
  g: GraphBuilder,
  fields: Fields,
  cam: Camera,
  rays: Rays,
  level: MarchLevel,
  overEnvelope = false,
): (t: Value) => { next: Value; at: SceneSample } {
  const relax =
    level.relaxLevel === undefined
      ? level.relax
      : g.lerp(level.relaxLevel, level.relax, g.ramp(g.mul(rays.dy, -1), 0.05, 0.2))
  const crownReach = g.mul(cam.pixelAngle, level.scale * CROWN_REACH_PX)
  const cellMargin = g.mul(cam.pixelAngle, level.scale * CELL_MARGIN_PX)
  // Per ray: which way it crosses each object axis, and metres of ray per cell along it.
  const [, cellsPerMetre] = g.split(g.mul(rays.dir4, OBJECT_SIZE / 2), 1, [2, 2]) as [Value, Value]
  /** 1 where the ray crosses an axis's cells upwards (towards 1 - inCell), 0 downwards. */
  const towardsHigh = g.op('Cast', [g.greater(cellsPerMetre, 0)], { to: 1 })
  const metresPerCell = g.op('Reciprocal', [g.max(g.abs(cellsPerMetre), 1e-6)])
  return (t: Value): { next: Value; at: SceneSample } => {
    const at = scene(g, fields, cam, rays, t, coneOf(level))
    const { c, cTrunk, cObj, inCell, yRel } = at
    // The clearance knows only this cell's object: a ray beside a tall crown, in an empty cell at
    // the crown's height, took a step of its height over the ground into the crown's cell and
    // through it (a birch's top came out in slices with sky between them). Within reach of the
    // objects' heights a step ends a little past the cell's edge (objects keep 0.3 m inside their
    // cells), so the next step sees the next cell's object.
    // Every level: bounding only the finer ones left a birch's top a slice apart (the coarse
    // level had stepped through it for every pixel around).
    const toWall = g.abs(g.sub(towardsHigh, inCell))
    const cellExit = g.op('ReduceMin', [g.mul(toWall, metresPerCell)], { axes: [1], keepdims: 1 })
    const margin = g.max(g.mul(t, cellMargin), 0.3)
    let nearObjects = g.less(yRel, TALLEST_OBJECT)
    let clear = c
    if (overEnvelope) {
      const cEnv = envelopeClearance(g, fields.top, cam, rays, t, fieldXz(g, cam, rays))
      const over = g.greater(cEnv, 0.3)
      nearObjects = g.op('And', [nearObjects, g.op('Not', [over])])
      clear = g.where(over, g.min(cEnv, c), c)
    }
    const bound = g.where(nearObjects, g.add(cellExit, margin), T_CAP)
    const next = relaxedStep(g, t, clear, relax, {
      thin: cTrunk,
      crown: { c: cObj, reach: crownReach },
      bound,
      stepK: level.stepK,
    })
    return { next, at }
  }
}

/**
 * Relaxed march from t over the full scene (see relaxedStep). `tracked` also returns the clearance
 * at its last step (one more value carried through the steps; `level.cheap` must be 0), which says
 * where it settled.
 */
function march(
  g: GraphBuilder,
  fields: Fields,
  cam: Camera,
  rays: Rays,
  t0: Value,
  level: MarchLevel,
  tracked = false,
): { t: Value; c?: Value } {
  const stepper = sceneStepper(g, fields, cam, rays, level)
  const stepAndClearance = (t: Value): [Value, Value] => {
    const { next, at } = stepper(t)
    return [next, at.c]
  }
  // Rays into open sky grow geometrically, and a camera inside a hill or a crown steps
  // backwards without end: keep t in range before a long march overflows.
  const keep = (t: Value): Value => g.clip(t, T_START, T_CAP)
  if (tracked) {
    if (level.cheap) throw new Error('a settled march takes no cheap steps')
    const [t, c] = g.loop(level.steps, [t0, g.fma(t0, 0, T_CAP)], ({ carried: [t] }) => {
      const [next, c] = stepAndClearance(t!)
      return [keep(next), c]
    })
    return { t: t!, c: c! }
  }
  const fullStep = (t: Value): Value => stepAndClearance(t)[0]
  const split = level.cheap ? Math.min(level.cheapAfter ?? 0, level.steps) : level.steps
  let t = repeatSteps(g, { from: 0, to: split, total: level.steps }, t0, fullStep, keep)
  if (level.cheap && split < level.steps) t = cheapMarch(g, fields, cam, rays, t, level.relax, level.cheap)
  return { t: repeatSteps(g, { from: split, to: level.steps, total: level.steps }, t, fullStep, keep) }
}

/** Objects widen by half a pixel of the level's resolution (none at full resolution). */
function coneOf(level: MarchLevel): number {
  return level.scale > 2 ? level.scale * 0.5 : 0
}

/**
 * Steps `from` to `to` (of `total`) of a march, as one ONNX Loop: `step` maps t to the next t,
 * and `keep` bounds it after every 16th step and the last (often enough that a long march
 * cannot overflow; rarely enough to cost nothing).
 */
export function repeatSteps(
  g: GraphBuilder,
  range: { from: number; to: number; total: number },
  t0: Value,
  step: (t: Value) => Value,
  keep: (t: Value) => Value,
): Value {
  const n = range.to - range.from
  if (n <= 0) return t0
  const [t] = g.loop(n, [t0], ({ index, carried: [t] }) => {
    const next = step(t!)
    const i = g.op('Add', [index, g.int0(range.from)])
    const every16 = g.op('Equal', [g.op('Mod', [i, g.int0(16)]), g.int0(15)])
    const last = g.op('Equal', [i, g.int0(range.total - 1)])
    return [g.where(g.op('Or', [every16, last]), keep(next), next)]
  })
  return t!
}

/**
 * The same relaxed march against the envelope alone: per step one single-channel lookup and a
 * dozen nodes (the full scene is ~35 nodes and two lookups, one of them nine channels). Where the
 * ray starts inside the envelope (a viewer among trees) it stays put for the full steps.
 */
function cheapMarch(
  g: GraphBuilder,
  fields: Fields,
  cam: Camera,
  rays: Rays,
  t0: Value,
  relax: number,
  steps: number,
): Value {
  const xz = fieldXz(g, cam, rays)
  const step = (t: Value): Value => {
    const c = envelopeClearance(g, fields.top, cam, rays, t, xz)
    // Never back up past where the cheap steps began: a ray that starts under the envelope (among
    // trees) waits there for the full steps instead of retreating to the camera.
    return g.max(relaxedStep(g, t, c, relax), t0)
  }
  return repeatSteps(g, { from: 0, to: steps, total: steps }, t0, step, (t) => g.min(t, T_CAP))
}

/** Height of the point at t above the ground alone (one single-channel lookup). */
export function groundClearance(g: GraphBuilder, fields: Fields, cam: Camera, rays: Rays, t: Value): Value {
  return envelopeClearance(g, fields.height, cam, rays, t, fieldXz(g, cam, rays))
}

/** Height of the point at t above a height field (the envelope: negative under it, an object may be near). */
function envelopeClearance(
  g: GraphBuilder,
  field: Value,
  cam: Camera,
  rays: Rays,
  t: Value,
  xz: FieldXz,
): Value {
  const grid = g.transpose(g.add(g.mul(t, xz.dir), xz.origin), [0, 2, 3, 1])
  return g.sub(g.add(g.mul(t, rays.dy), cam.oy), g.gridSample(field, grid))
}

/** The field-grid half of the rays' packed directions and the camera's packed position. */
interface FieldXz {
  dir: Value
  origin: Value
}
function fieldXz(g: GraphBuilder, cam: Camera, rays: Rays): FieldXz {
  return { dir: g.slice(rays.dir4, [0], [2], [1]), origin: g.slice(cam.origin4, [0], [2], [1]) }
}

/** True where the ground, not an object, is the surface nearest the point sampled. */
export function groundNearest(g: GraphBuilder, s: SceneSample): Value {
  return g.op('Not', [g.less(s.cObj, s.yRel)])
}

/** True where the ray at t is on (or in) a surface, within about a pixel. */
export function converged(g: GraphBuilder, s: SceneSample, t: Value, slack = 0.05): Value {
  return g.less(s.c, hitTolerance(g, t, slack))
}

/** The clearance under which a ray at t counts as on a surface: about a pixel, plus `slack` m. */
export function hitTolerance(g: GraphBuilder, t: Value, slack = 0.05): Value {
  return g.fma(t, HIT_TOLERANCE, slack)
}

/** Rows above a pixel whose ground hit bounds the pixel's own distance (see underGroundAbove). */
const BOUND_ROWS = 4
/**
 * Metres out from which ground hits bound the rays under them. The gaps are far off (crests at
 * 0.5-1 km); near a river bank at the spawn a bound from 0 m put 10 % of a detail frame's ground
 * 0.4 m nearer than the march found it (the march of a ray into water ends on the bed, and the
 * rows under it are shaded on the bank), and the wide splats it had replaced stayed.
 */
const BOUND_FROM = 100

/**
 * A ray under one that met the ground at horizontal distance x is below that ground there, so it
 * met a surface within x (objects stand on the ground; nothing overhangs it). Grazing rays at a
 * dune's crest or a far ridge stepped past that front face and ended on the land behind or in the
 * sky: rows of sky under a skyline 0.5-1 km off, a pixel or two high. Each pixel's horizontal reach
 * is capped by the ground hits up to BOUND_ROWS rows above it in its column (a few rows only: in a
 * pitched frame a column turns a little in azimuth, and across many rows the ray above looks past
 * another edge). Horizontal, not along the ray: a steeper ray meets a slope facing it at about the
 * same horizontal distance, and so farther along itself.
 */
function underGroundAbove(g: GraphBuilder, rays: Rays, t: Value, groundHit: Value): Value {
  const fromAbove = (v: Value): Value => g.concat([g.slice(v, [0], [1], [2]), g.slice(v, [0], [-1], [2])], 2)
  const across = g.sqrt(g.add(g.mul(rays.dx, rays.dx), g.mul(rays.dz, rays.dz)))
  let bound = g.where(g.op('And', [groundHit, g.greater(t, BOUND_FROM)]), g.mul(t, across), T_CAP)
  for (let i = 1; i < BOUND_ROWS; i++) bound = g.min(bound, fromAbove(bound))
  // The first step reads the row above only: a pixel's own hit does not bound it. A ray looking
  // (almost) straight down is not bounded: its reach across is (almost) nothing.
  const reach = fromAbove(bound)
  return g.where(g.greater(across, 0.05), g.min(t, g.div(reach, g.max(across, 0.05))), t)
}

/**
 * The farthest distance in each pixel's 3x3 neighbourhood short of T_MAX, or the farthest of all
 * where every ray around went past it. Rays into the open sky grow to T_CAP; a ray that ran out of
 * steps among trees stops wherever it got to, so its distance is a start that goes on from there.
 * A far start taken from every ray was the sky wherever one ray around passed between far crowns:
 * in a dense pine forest the pixels of crowns 100-200 m off, whose near start lay on a nearer crown
 * around them, had no start of their own, and the forest's far wall came out as specks in the sky.
 */
function farthestShortAround(g: GraphBuilder, t: Value, farthest: Value): Value {
  const short = g.op('MaxPool', [g.where(g.less(t, T_MAX), t, g.s(0))], AROUND)
  return g.where(g.greater(short, 0), short, farthest)
}

/**
 * The far start's march where it settled on a surface; elsewhere `otherwise` (the farthest coarse
 * distance around, the sky where any ray around went past everything). Kept unsettled, a grazing
 * ray over dunes that went on from a neighbour's unsettled end wandered off the sand: the geometry
 * test's desert had 17 pixels off every surface with 6 steps, 76-149 with 16-32, and has 7 now.
 */
function settledFar(
  g: GraphBuilder,
  fields: Fields,
  cam: Camera,
  rays: Rays,
  t0: Value,
  otherwise: Value,
  level: MarchLevel,
): Value {
  const { t, c } = march(g, fields, cam, rays, t0, level, true)
  return g.where(g.less(c!, hitTolerance(g, t)), t, otherwise)
}

/**
 * Marches every level of the schedule and returns the full-resolution distance. `raysAt(s)`
 * gives the rays of the 1/s resolution grid; `start` the first level's start distances.
 */
export function marchSchedule(
  g: GraphBuilder,
  fields: Fields,
  cam: Camera,
  opts: RenderOptions,
  raysAt: (scale: number) => Rays,
  start: (rays: Rays) => Value,
): Value {
  let t: Value | null = null
  let prevScale = 0
  let debugIndex = 0
  for (const level of opts.levels) {
    const s = level.scale
    const rays = raysAt(s)
    if (t === null) {
      t = march(g, fields, cam, rays, start(rays), level).t
    } else {
      const f = prevScale / s
      const backoff = (v: Value): Value => g.max(g.mul(upsample(g, v, f), BACKOFF), T_START)
      if (!level.dual) {
        t = march(g, fields, cam, rays, backoff(t), level).t
      } else {
        const minT = nearestAround(g, t)
        // The farthest distance around, unsettled rays included: a far start taken as it is
        // (reuseFar) must be a surface or the sky, and the farthest short of the sky would lend
        // a pixel a neighbour's point in the open, widening every crown against the sky.
        const maxT = g.op('MaxPool', [t], AROUND)
        const tNear = march(g, fields, cam, rays, backoff(minT), level).t
        const farLevel = { ...level, steps: level.farSteps ?? level.steps, cheap: 0 }
        const tFar = level.reuseFar
          ? upsample(g, maxT, f)
          : settledFar(
              g,
              fields,
              cam,
              rays,
              backoff(farthestShortAround(g, t, maxT)),
              backoff(maxT),
              farLevel,
            )
        const atNear = scene(g, fields, cam, rays, tNear, coneOf(level))
        const hit = converged(g, atNear, tNear)
        t = g.where(hit, tNear, tFar)
        if (s === 1) t = underGroundAbove(g, rays, t, g.op('And', [hit, groundNearest(g, atNear)]))
      }
    }
    prevScale = s
    if (opts.debug) g.output(t, `debug_t${debugIndex++}`, [1, 1, 'h', 'w'])
  }
  if (!t || prevScale !== 1) throw new Error('render schedule must end at full resolution')
  return t
}
