/**
 * Terrain of the reference world: the generic height recipe (relief, ridges, dunes, mesas,
 * carved gullies, water level) and the composition around the start view. The viewer starts at
 * the origin looking down -Z, so what a prompt names is placed where that view sees it: a river
 * crossing the view 6-26 m ahead, a lake whose near shore is at the viewer's feet, a coastline
 * ~15 m ahead for a sea, a ring of peaks on the horizon for mountains, and rolling hills from
 * ~40 m out where the relief is middling (hills, a meadow, most forests).
 */
import { waterCastOf } from './colour'
import type { GraphBuilder, Value } from './graph'
import {
  CANYON_REACH,
  CANYON_RIVER_OFFSET,
  canyonAxisOf,
  canyonWalls,
  seaCliffs,
  volcanoCone,
} from './prepare-landforms'
import type { Noise, Style } from './prepare-style'

/** What the prompt asks of the land, each in [0, 1] per texel, read off the blended style. */
export interface Signals {
  river: Value
  lake: Value
  sea: Value
  mountains: Value
  /** Rolling hills around the start's valley: mid relief ("hills", "rolling", a forest's land). */
  hills: Value
  /** Frozen water: the prompt's water colour is ice-pale (the lexicon's "frozen", "icy"). */
  frozen: Value
  /**
   * A swamp: a lake of murky water (greener than it is blue) in a green world: shallow, with
   * trees standing in it.
   */
  swamp: Value
  /**
   * A cliffed coast: a sea whose land is high and ridged ("a cliff over the sea", "sea cliffs",
   * "a coastline with cliffs" blend to relief 0.39-0.42 and ridges 0.37-0.40; a beach, an island
   * and a dune coast stay under 0.36 and 0.2).
   */
  seaCliff: Value
  /**
   * A canyon to stand in ("a canyon", "a gorge", "the grand canyon", "a desert canyon", badlands,
   * "a canyon with a river"); a river's carving (canyon 0.3) and a mountain's (up to 0.25) stay
   * rivers and mountains.
   */
  canyon: Value
  /** A canyon the sea has filled ("a fjord": canyon 0.4, water 0.65): deep water between walls. */
  fjord: Value
  /**
   * A rocky shore: a sea in a rough world ("a rocky coast", "a rocky shore": roughness 0.5; a
   * beach's is 0.15, a sea cliff's 0.4, where the cliffs carry the rock).
   */
  rockyShore: Value
  /**
   * A palm beach: a sea in a green, sandy world (the model's palms grow where it is sandy:
   * "palm trees on a beach", "a tropical island", "a tropical beach").
   */
  palmBeach: Value
  /** A volcano: a glowing, high world ("a volcano", "volcanic", "lava" among mountains). */
  volcano: Value
}

/** Where the prompt's water is a sea (very high water), from the style's `water` feature. */
export function seaOf(g: GraphBuilder, water: Value): Value {
  return g.ramp(water, 0.62, 0.78)
}

export function signalsOf(g: GraphBuilder, st: Style): Signals {
  const sea = seaOf(g, st.water)
  const mountains = g.ramp(st.relief, 0.45, 0.8)
  const lake = g.mul(g.ramp(g.fma(st.canyon, -1.5, st.water), 0.26, 0.36), g.sub(1, sea))
  // A canyon, unless a true sea (a fjord's water, 0.65, is one 0.2 of the way to a sea's).
  const canyon = g.mul(g.ramp(st.canyon, 0.31, 0.4), g.sub(1, g.ramp(st.water, 0.75, 0.85)))
  const fjord = g.mul(canyon, g.ramp(st.water, 0.5, 0.6))
  const [waterR, waterG, waterB] = g.split(st.waterColor, 1, [1, 1, 1]) as [Value, Value, Value]
  const { frozen, murky } = waterCastOf(g, waterR, waterG, waterB)
  return {
    // Rivers run in carved channels: the canyon feature with water in it (a fjord's is the sea's).
    river: g.mul(g.mul(g.ramp(st.canyon, 0.04, 0.12), g.ramp(st.water, 0.15, 0.28)), g.sub(1, fjord)),
    // Still water without carving is a lake; very high water is sea.
    lake,
    sea,
    mountains,
    // Full from relief 0.41 ("rolling hills" 0.5, a forest's 0.4-0.46, "a meadow with rolling
    // hills" 0.37 at 0.82), a third for a meadow's 0.25. Mountains, dune seas and canyons
    // bring their own shapes.
    hills: g.mul(
      g.mul(g.sat(g.mul(g.mul(st.relief, st.relief), 6)), g.sub(1, mountains)),
      g.mul(g.sub(1, duneSeaOf(g, st)), g.sub(1, g.ramp(st.canyon, 0.2, 0.4))),
    ),
    frozen,
    swamp: g.mul(g.mul(murky, g.ramp(st.vegetation, 0.6, 0.7)), lake),
    seaCliff: g.mul(sea, g.mul(g.ramp(st.relief, 0.3, 0.38), g.ramp(st.ridges, 0.25, 0.35))),
    canyon,
    fjord,
    rockyShore: g.mul(sea, g.ramp(st.roughness, 0.42, 0.5)),
    palmBeach: g.mul(sea, g.mul(g.ramp(st.vegetation, 0.55, 0.7), g.ramp(st.sand, 0.25, 0.45))),
    volcano: g.mul(g.ramp(st.glow, 0.5, 0.7), g.mul(g.ramp(st.relief, 0.5, 0.7), g.sub(1, sea))),
  }
}

/** Ground height in metres from style and noise alone; water level is y = 0. */
export function groundHeight(g: GraphBuilder, st: Style, n: Noise): Value {
  // Relief sets the vertical scale: 3 m for a plain up to ~240 m for high mountains.
  const amplitude = g.fma(g.mul(st.relief, st.relief), 240, 3)
  const detail = g.fma(st.roughness, 0.16, 0.03)
  const base = g.add(g.mul(n.lo[0]!, 0.45), g.mul(n.hi[0]!, detail))
  // Mountains: ridged noise lifts crests into sharp ridgelines.
  const crest = g.relu(g.add(n.ridgeLo[1]!, 0.5))
  const ridged = g.mul(g.sub(g.mul(crest, crest), 0.6), g.fma(st.ridges, 0.45, 0.06))
  let h = g.mul(g.add(base, ridged), amplitude)
  // Dunes and hummocks: sharp high-band ridges where there is sand.
  const dune = g.relu(g.fma(n.ridgeHi[1]!, 0.35, 0.3))
  h = g.add(h, g.mul(g.mul(dune, dune), g.mul(st.sand, g.fma(st.ridges, 14, 3))))
  // Canyons: terraces (mesas) plus valleys carved along zero crossings of a low-band noise.
  const step = 9
  const scaled = g.mul(h, 1 / step)
  const fl = g.floor(scaled)
  const terraced = g.mul(g.add(fl, g.smoothstep(g.sub(scaled, fl), 0.55, 1)), step)
  h = g.lerp(h, terraced, g.mul(st.canyon, 0.85))
  const gully = g.exp(g.mul(g.mul(n.lo[3]!, n.lo[3]!), -1 / (0.22 * 0.22)))
  h = g.sub(h, g.mul(gully, g.fma(st.canyon, 60, g.mul(st.water, 7))))
  // Water level is fixed at y = 0; the water feature lowers the land instead (0 dry, 1 sea).
  return g.sub(h, g.mul(amplitude, g.fma(st.water, 1.9, -1.05)))
}

/** 1 where a world is a sea of dunes (sandy and ridged: "desert dunes"), 0 where it has none. */
export function duneSeaOf(g: GraphBuilder, st: Style): Value {
  return g.mul(g.ramp(st.sand, 0.6, 0.9), g.ramp(st.ridges, 0.4, 0.7))
}

/** Great dunes: crest spacing (m), and the share of it that is windward slope. */
const DUNE_SPACING = 160
const WINDWARD = 0.78
/** The crests' compass: their spacing runs along this bearing (radians from +z), half across the view. */
const DUNE_BEARING = 0.5

/**
 * Great dunes, metres: in a dune sea (sand and ridges both high) transverse dunes, crests every
 * ~160 m meandering with a low-band warp, each a long windward slope and a short steep slip face
 * meeting at a sharp crest, up to ~20 m high (at 28 m the render stage's march ended inside the
 * steeper faces for 1.8 % of a desert panorama's pixels). The hummocks alone (3-14 m, levelled near the start
 * with the rest of the land) left "desert dunes" a hazy plain; the caller adds these after the
 * levelling. A grid coarser than a quarter of the spacing gets their mean height instead: it
 * cannot hold them, and sampling them would alias into noise.
 */
export function greatDunes(
  g: GraphBuilder,
  st: Style,
  n: Noise,
  x: Value,
  z: Value,
  minWavelength: number,
): Value {
  const duneSea = duneSeaOf(g, st)
  const height = g.mul(g.mul(g.sat(g.fma(n.lo[2]!, 0.3, 0.75)), duneSea), 20)
  if (minWavelength > DUNE_SPACING / 4) return g.mul(height, 0.4)
  const along = g.fma(x, Math.sin(DUNE_BEARING), g.mul(z, Math.cos(DUNE_BEARING)))
  const warped = g.add(along, g.fma(n.lo[1]!, 60, g.mul(n.hi[0]!, 12)))
  const p = g.fract(g.mul(warped, 1 / DUNE_SPACING))
  const profile = g.min(g.mul(p, 1 / WINDWARD), g.mul(g.sub(1, p), 1 / (1 - WINDWARD)))
  // Raised to 1.3 the troughs flatten a little and the crest stays sharp; its mean is ~0.4.
  return g.mul(g.pow(profile, 1.3), height)
}

/**
 * Half the lake's extent along the view, metres: its far shore is ~2x this past the near one, close
 * enough that its trees stand above the water from eye height (at 270 m the lake read as a sea).
 */
const LAKE_REACH = 65

/** Metres the rolling hills rise at most above the land under them. */
const HILL_HEIGHT = 60

export interface Composed {
  ground: Value
  /** 1 in the river's channel (flowing water), 0 elsewhere. */
  riverWater: Value
  /** 1 where a volcano's lava lies (its crater's floor, its flow), 0 elsewhere. */
  coneLava: Value
}

/**
 * Places the prompt's features around the start view. `h` is the generic terrain already pulled
 * to 1 m at the origin; the result keeps exactly 1 m there (a pose at eye height stands on dry
 * land in every world).
 */
export function compose(g: GraphBuilder, x: Value, z: Value, h: Value, sig: Signals, n: Noise): Composed {
  const dist = g.sqrt(g.add(g.mul(x, x), g.mul(z, z)))
  // Mountains: a ring of ridged peaks on the horizon, 300-800 m out, up to ~450 m high.
  const peaks = g.relu(g.fma(n.ridgeLo[2]!, 0.35, 0.75))
  const ring = g.smoothstep(dist, 280, 760)
  // A volcano's cone stands ahead in place of the ring's peaks there (see volcanoCone).
  const volcano = volcanoCone(g, x, z, n)
  const ringPeaks = g.mul(g.mul(sig.mountains, ring), g.fma(peaks, 260, 60))
  // The ring's peaks are lowered across the view ahead too: 300-500 m off at its sides, they stood
  // as high in the view as the cone at 750 m and the first view was a valley again.
  const inView = g.ramp(g.div(g.mul(z, -1), g.max(dist, 1)), 0.25, 0.7)
  const clear = g.max(volcano.footprint, g.mul(inView, 0.8))
  let ground = g.add(h, g.mul(ringPeaks, g.sub(1, g.mul(clear, sig.volcano))))
  ground = g.lerp(ground, g.max(ground, volcano.height), sig.volcano)

  // River: a meandering channel across the view, its centre ~16 m ahead of the start point, so
  // from eye height it fills a band of the view below the horizon (at 26 m it was a grazing
  // sliver of sky glare), its near bank 6-11 m ahead. A weak river signal is a stream (the
  // lexicon's "stream", "creek", "brook"): a few metres wide and ~10 m ahead, where a stream that
  // narrow still shows (every stream was a 20 m river).
  // In a canyon the river runs down it instead, along the view, on the right of the floor.
  const riverSize = g.ramp(sig.river, 0.2, 0.9)
  const inCanyon = g.greater(sig.canyon, 0.5)
  const a1 = g.where(inCanyon, z, x)
  const phase1 = g.fma(a1, 1 / 90, 0.6)
  const phase2 = g.fma(a1, 1 / 31, 2.1)
  const zc = g.add(
    g.add(g.fma(g.op('Sin', [phase1]), 14, -30), g.mul(g.op('Sin', [phase2]), 7)),
    g.fma(riverSize, -7, 7),
  )
  const slope = g.add(g.mul(g.op('Cos', [phase1]), 14 / 90), g.mul(g.op('Cos', [phase2]), 7 / 31))
  const canyonAxis = canyonAxisOf(g, z, sig.fjord)
  const centre = g.where(inCanyon, g.add(canyonAxis.x, CANYON_RIVER_OFFSET), zc)
  const tilt = g.where(inCanyon, canyonAxis.slope, slope)
  const across = g.div(g.abs(g.sub(g.where(inCanyon, x, z), centre)), g.sqrt(g.fma(tilt, tilt, 1)))
  const dr = g.add(across, g.mul(n.hi[1]!, 0.8)) // banks that are not ruler-straight
  const halfW = g.fma(riverSize, 9.5, 0.5)
  const bankOut = g.relu(g.sub(dr, halfW))
  const bank = g.fma(bankOut, 0.06, 0.35)
  const flood = g.sat(g.mul(g.sub(g.add(halfW, 90), dr), 1 / 75))

  // Lake: an oval basin ahead whose near shore comes to ~7 m from the start point at every size
  // (centred at a fixed 150 m, a smaller lake's shore stood 50 m out: a line at the horizon).
  const lakeSize = g.fma(sig.lake, 0.45, 0.55)
  const lx = g.div(g.add(x, 10), g.mul(lakeSize, 150))
  const lz = g.div(g.add(z, g.fma(lakeSize, LAKE_REACH, 7)), g.mul(lakeSize, LAKE_REACH))
  // The shoreline wanders with the low band, except where it is nearest the viewer: there it wandered
  // up to ~25 m out, and the lake was a line at the horizon again. Near, only the fine band bends it.
  const wander = g.fma(n.lo[1]!, g.mul(g.smoothstep(dist, 25, 70), 0.08), g.mul(n.hi[1]!, 0.012))
  const q = g.add(g.sqrt(g.add(g.mul(lx, lx), g.mul(lz, lz))), wander)
  // The basin shelves at a 10 % grade in and out of the water, whatever the lake's size.
  // A swamp is no deeper than a trunk stands in (0.6 m) anywhere.
  const lakeFloor = g.max(
    g.fma(g.mul(g.sub(q, 1), lakeSize), LAKE_REACH * 0.1, 0.25),
    g.lerp(-6, -0.6, sig.swamp),
  )
  const lakeW = g.mul(g.ramp(sig.lake, 0, 0.2), g.smoothstep(q, 2.2, 1.2))

  // Hills: the land past ~40 m rises in rolling hills up to HILL_HEIGHT, a few hundred metres
  // apart, so a hilly prompt's view has slopes and a skyline of crests rather than a plain (the
  // start's levelling and the 1.1 km low band left "rolling hills" flat to the horizon).
  const hillRing = g.smoothstep(dist, 40, 220)
  // Billowed (|n|, its crease rounded off): rounded crests whatever the band's mean over the
  // few kilometres in view, which a seed can shift by most of a standard deviation.
  const billow = g.sub(g.sqrt(g.fma(n.mid, n.mid, 0.09)), 0.3)
  // And one hill stands ahead of the first view, ~330 m out, whatever the seed: the band's crease
  // ran along the view for some seeds ("hilly farmland": a flat far shore ahead, hills to the sides).
  const hx = g.mul(x, 1 / 260)
  const hz = g.mul(g.add(z, 330), 1 / 180)
  const ahead = g.exp(g.mul(g.add(g.mul(hx, hx), g.mul(hz, hz)), -1))
  const shape = g.max(g.sat(g.mul(billow, 0.5)), g.mul(ahead, 0.7))
  const hill = g.mul(shape, g.mul(g.mul(sig.hills, hillRing), HILL_HEIGHT))
  // They rise from the water a prompt names over a few hundred metres, not at its edge: added
  // before the carving below, they stood 30 m over a lake shore and a river bank on a 25-40
  // degree bank where the carving blends back into the land.
  const fromRiver = g.lerp(1, g.smoothstep(bankOut, 20, 200), g.ramp(sig.river, 0.05, 0.2))
  const fromLake = g.lerp(1, g.smoothstep(q, 1.2, 3), g.ramp(sig.lake, 0, 0.2))
  ground = g.add(ground, g.mul(hill, g.mul(fromRiver, fromLake)))

  // A canyon: walls around a level floor, carved before the river that runs down it.
  const walls = canyonWalls(g, x, canyonAxis.x, n, sig.fjord)
  // Its plateau ends ~600 m either side (not a 2 km strip round the planet).
  const inWalls = g.mul(
    sig.canyon,
    g.mul(
      g.sub(1, g.smoothstep(g.abs(z), CANYON_REACH * 0.7, CANYON_REACH)),
      g.sub(1, g.smoothstep(g.abs(x), CANYON_REACH * 0.5, CANYON_REACH * 0.8)),
    ),
  )
  const canyonGround = g.max(g.min(ground, 1.5), g.add(walls.floor, walls.rise))
  ground = g.lerp(ground, g.lerp(canyonGround, g.add(walls.floor, walls.rise), sig.fjord), inWalls)

  // The water, carved into the land.
  // (A canyon's floor is level already: flooding it levelled its walls within 90 m of the river.)
  ground = g.lerp(ground, g.min(ground, bank), g.mul(g.mul(sig.river, flood), g.sub(1, sig.canyon)))
  const channel = g.sat(g.mul(g.sub(g.add(halfW, 2), dr), 1 / 4))
  const riverWater = g.mul(g.ramp(sig.river, 0.05, 0.2), channel)
  ground = g.lerp(ground, g.fma(n.hi[2]!, 0.2, -1.3), riverWater)
  ground = g.lerp(ground, g.min(ground, lakeFloor), lakeW)

  // Sea: a coastline ~15 m ahead (at 30 m the sea was a thin band at the horizon from eye
  // height), a beach sloping into it, land rising gently behind. The low band bends it into bays
  // and points, but never nearer than 5 m: bent towards the start it stood the viewer on its
  // 1 m pad out in the sea ("sea cliffs at sunset": water from the feet to the horizon).
  const seaward = g.mul(g.add(g.add(z, 12), g.max(g.mul(n.lo[1]!, 14), -7)), -1)
  const coast = g.max(g.fma(seaward, -0.05, 0.3), -25)
  ground = g.lerp(ground, g.min(ground, coast), sig.sea)
  // A palm beach runs out into a sandy point on the right of the first view (25-40 degrees
  // right), ~20 m across and ~30 m out, where its palms stand against the sea (on the straight
  // shore they stood 70 degrees off, or, where the sea came within 5-9 m, not in view at all).
  const px = g.mul(g.sub(x, 16), 1 / 11)
  const point = g.mul(g.exp(g.mul(g.mul(px, px), -1)), g.sub(1, g.smoothstep(g.mul(z, -1), 26, 38)))
  const pointTop = g.fma(g.abs(g.sub(x, 16)), -0.03, 0.9)
  ground = g.lerp(ground, g.max(ground, pointTop), g.mul(point, sig.palmBeach))
  const cliffs = seaCliffs(g, x, seaward, n)
  ground = g.lerp(ground, g.max(ground, cliffs.top), g.mul(cliffs.land, sig.seaCliff))

  // The start point itself: 1 m above the water, on a small level pad.
  const pad = g.exp(g.mul(g.add(g.mul(x, x), g.mul(z, z)), -1 / (3.5 * 3.5)))
  ground = g.lerp(ground, 1, pad)
  return { ground, riverWater, coneLava: g.mul(volcano.lava, sig.volcano) }
}
