/**
 * Shading of solid surfaces in the render stage: ground and objects. The 4 m fields give each
 * ground point its albedo, light and materials; what they cannot hold (gullies on rock faces,
 * grass blades, pebbles, rock strata, sand ripples, flowers, leaf clusters, bark) is evaluated at
 * the hit point (render-rock, render-flowers, render-plants), from 40 m down to 5 mm, each
 * octave faded out once it is finer than about two pixels, so near ground is sharp and far
 * ground does not shimmer.
 */
import { MATERIAL } from '../../src/core/material'
import { rgb } from './colour'
import type { GraphBuilder, Value } from './graph'
import type { Camera, Rays } from './render-camera'
import { fadeOf, noiseAt, noiseOne, normalize3, rotated, type Detail } from './render-detail'
import type { SceneSample } from './render-march'
import { flowersOf } from './render-flowers'
import { grassBladesOf } from './render-grass'
import { birchMarksOf, cactusRibsOf, leafGrainOf } from './render-plants'
import { gulliesOf } from './render-rock'
import { skyLightOf, type Atmosphere } from './render-sky'
import { OBJECT_ANGLE, sampleWrappedNchw } from './world-layout'

/**
 * Detail octaves: wavelength (m), and the weight of each noise channel [bump, slope x, slope z,
 * speckle] in the sum: bump grows with wavelength (a 1/f spectrum), slopes stay level, speckle
 * (albedo grain) comes from the fine octaves.
 */
const OCTAVES: [number, number[]][] = [
  [4.5, [2.9, 1, 1, 0.25]],
  [1.8, [1.5, 1, 1, 0.35]],
  [0.72, [0.8, 1, 1, 0.7]],
  [0.29, [0.4, 1, 1, 1]],
  [0.115, [0.22, 0.9, 0.9, 1]],
]

/**
 * Slopes snow's relief adds to its normal: sastrugi (per unit of their noise, and their lee faces
 * per unit below `leeFrom`) and drifts (per unit of the two coarsest ground octaves' slopes).
 */
const SNOW_RELIEF = { sastrugi: 1, leeFrom: 0.2, lee: 6, drift: 1.5 }

/** How far past the terminator foliage still takes light (of n.l): wrap lighting. */
const FOLIAGE_WRAP = 0.45
/**
 * Ground this far under the water line (m) is all lake bed; above it (to 5 cm) the bank's own
 * cover. The bed's colour (linear) and its share of the albedo there.
 */
const SUBMERGED = 0.1
const SILT: [number, number, number] = [0.11, 0.095, 0.07]
const SILT_SHARE = 0.6

/**
 * Blades and grains: three octaves finer than OCTAVES (tufts ~10 cm across, blades and flecks
 * ~4 and ~1.5 cm), summed and clipped hard, so gaps between tufts are dark and tips light as in a
 * photograph of grass a few metres away, where smooth noise read as a smear. Clipping a zero-mean
 * sum keeps the mean, so the ground's brightness does not change as the octaves fade in. They fade by the footprint
 * along the ground (foreshortened by the ray's incidence, half-way to anisotropic), so the
 * grazing ground towards the horizon does not alias.
 */
function grainOf(g: GraphBuilder, detail: Detail, xz: Value, along: Value): Value {
  // Blades lie along the wind: their octaves are stretched three times along one direction.
  const [wx, wz] = g.split(xz, 1, [1, 1]) as [Value, Value]
  const windward = g.concat(
    [g.fma(wx, 0.8, g.mul(wz, 0.6)), g.mul(g.fma(wx, -0.6, g.mul(wz, 0.8)), 1 / 3)],
    1,
  )
  const tuft = noiseOne(g, detail, xz, 0.04, 2.3, 0.37, 3)
  const blade = noiseOne(g, detail, windward, 0.014, 0.08, 0.83, 0)
  const fleck = noiseOne(g, detail, windward, 0.005, -0.11, 0.29, 1)
  // Faded in later than OCTAVES (from ~1 px, full at 3 px): blurred lattice noise's features are
  // 2-3 wavelengths across, so even at 1 px they are wider than a pixel.
  const term = (n: Value, lambda: number, w: number): Value =>
    g.mul(n, g.mul(fadeOf(g, along, lambda * 1.5), w))
  const sum = g.add(g.add(term(tuft, 0.04, 0.5), term(blade, 0.014, 0.45)), term(fleck, 0.005, 0.4))
  return g.clip(g.mul(sum, 2.5), -1, 1)
}

/**
 * A pixel's footprint along the ground (m), foreshortened by the ray's incidence half-way to
 * anisotropic: what the ground's finest detail (grain, flowers) fades by.
 */
function alongGround(g: GraphBuilder, rays: Rays, footprint: Value, gx: Value, gz: Value): Value {
  const [nx, ny, nz] = normalize3(g, g.mul(gx, -1), g.s(1), g.mul(gz, -1))
  const incidence = g.abs(g.add(g.add(g.mul(rays.dx, nx), g.mul(rays.dy, ny)), g.mul(rays.dz, nz)))
  return g.div(footprint, g.sqrt(g.max(incidence, 0.04)))
}

/**
 * A house's round wall: plaster or timber with a little grain, four windows (0.7 m wide, 1-1.8 m
 * up, facing the object frame's axes) and a door under the one facing +x, fading into the wall's
 * colour once they are narrower than a few pixels. `window` says where the windows are: lamps
 * light them from dusk on.
 */
function wallOf(
  g: GraphBuilder,
  hit: SceneSample,
  wallRgb: Value,
  grain: Value,
  footprint: Value,
): { color: Value; window: Value } {
  const [lx, lz] = g.split(g.div(hit.local, g.max(hit.r, 1e-4)), 1, [1, 1]) as [Value, Value]
  const facing = g.sat(g.mul(g.sub(0.15, g.min(g.abs(lx), g.abs(lz))), 40))
  const front = g.sat(g.mul(g.sub(lx, 0.9), 40))
  const band = (lo: number, hi: number): Value =>
    g.mul(g.sat(g.mul(g.sub(hit.yRel, lo), 20)), g.sat(g.mul(g.sub(hi, hit.yRel), 20)))
  const seen = fadeOf(g, footprint, 0.7)
  const window = g.mul(g.mul(facing, band(1, 1.8)), g.mul(g.sub(1, front), seen))
  const door = g.mul(g.mul(facing, band(-1, 2)), g.mul(front, seen))
  const plaster = g.mul(wallRgb, g.fma(grain, 0.06, 1))
  const color = g.lerp(g.lerp(plaster, rgb(g, 0.03, 0.03, 0.035), window), rgb(g, 0.14, 0.08, 0.04), door)
  return { color, window }
}

export interface SolidInputs {
  cam: Camera
  rays: Rays
  atm: Atmosphere
  detail: Detail
  hit: SceneSample
  /** Distance along the ray (m), [1,1,H,W]. */
  t: Value
  /** `field_surface` sampled at the ground point, and `field_looks` at the object. */
  surface: Value
  looks: Value
  /** Direct light the objects leave the ground point (render-shadow.ts), 0 ... 1, [1,1,H,W]. */
  objectLight: Value
}

export interface Solid {
  color: Value
  /** Material class id, float [1,1,H,W]. */
  material: Value
}

export function shadeSolid(g: GraphBuilder, inp: SolidInputs): Solid {
  const { cam, rays, atm, detail, hit, t } = inp
  const xz = g.add(g.mul(t, rays.xzDir), cam.originXz)
  const py = g.add(g.mul(t, rays.dy), cam.oy)
  const footprint = g.max(g.mul(t, cam.pixelAngle), 1e-3)
  const parts = g.split(inp.surface, 1, [3, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1])
  const [field, shadow, ao, grad, snow, rock, sand, grassField, lava, , canopy, flowerField, flowerHue] =
    parts as Value[]
  // Under the water line the ground is a bed of silt: the fields are 4 m texels, so a grassy
  // bank's grass ran on under the water, and its blades stood in the shallows as long pale strokes.
  const dry = g.sat(g.mul(g.add(py, SUBMERGED), 1 / (SUBMERGED + 0.05)))
  const grass = g.mul(grassField!, dry)
  const flowerCover = g.mul(flowerField!, dry)
  const albedo = g.lerp(rgb(g, ...SILT), field!, g.fma(dry, 1 - SILT_SHARE, SILT_SHARE))
  const [gx, gz] = g.split(grad!, 1, [1, 1]) as [Value, Value]

  // Ground detail: the octaves summed channel-wise into [bump, slope x, slope z, speckle].
  let acc: Value | null = null
  const octave: Value[] = []
  const fades: Value[] = []
  OCTAVES.forEach(([lambda, w], k) => {
    const coords = rotated(g, detail, xz, lambda, 0.5 + 1.37 * k, 0.19 * k)
    const n = sampleWrappedNchw(g, detail.tex, detail.info, coords)
    const fade = fadeOf(g, footprint, lambda)
    const term = g.mul(n, g.mul(fade, g.constant(w, [1, 4, 1, 1])))
    acc = acc ? g.add(acc, term) : term
    octave.push(n)
    fades.push(fade)
  })
  const [bump, slopeX, slopeZ, fine] = g.split(acc!, 1, [1, 1, 1, 1]) as Value[]
  const groundFootprint = alongGround(g, rays, footprint, gx!, gz!)
  const grain = grainOf(g, detail, xz, groundFootprint)
  const blades = grassBladesOf(g, { cam, rays, t, footprint, flowerCover })
  const flowers = flowersOf(g, detail, xz, groundFootprint, flowerCover, flowerHue!)
  const channel = (k: number, c: number): Value => g.slice(octave[k]!, [c], [c + 1], [1])
  const mid = g.mul(channel(1, 3), fades[1]!)
  // Rock strata: bands ~0.8 m apart in height, wavering, ~15 m long along the ground.
  const [wx, wz] = g.split(xz, 1, [1, 1]) as [Value, Value]
  const along = g.mul(g.fma(wx, 0.6, g.mul(wz, 0.8)), 0.8 / 15)
  const bands = noiseOne(g, detail, g.concat([g.fma(bump!, 0.15, py), along], 1), 0.8, 0, 0.5, 0)
  const strata = g.mul(bands, fadeOf(g, footprint, 0.8))
  const gully = gulliesOf(g, detail, xz, gx!, gz!, footprint)
  // Cracks are the zero crossings of a ground octave: drawn on a cliff face (a sea cliff, a
  // canyon wall, steeper than ~40 degrees) they ran as wavering contour lines, a map rather than
  // rock, so they fade out there and the strata, level bands that a real face shows, carry it.
  const steep = g.ramp(g.sqrt(g.add(g.mul(gx!, gx!), g.mul(gz!, gz!))), 0.6, 1.2)
  const crack = g.mul(g.mul(g.sat(g.fma(g.abs(channel(2, 0)), -6, 1)), fades[2]!), g.sub(1, steep))
  const pebble = g.mul(g.sat(g.mul(g.sub(channel(3, 3), 0.35), 4)), fades[3]!)
  const sparkle = g.mul(g.sat(g.mul(g.sub(channel(4, 3), 0.8), 10)), fades[4]!)
  // Sand ripples: crests ~0.5 m apart, stretched eight times along their length. They fade by
  // the whole grazing footprint (footprint / incidence), not the geometric mean the isotropic
  // grain uses: seen across the ground, crests finer than a pixel row read as horizontal stripes.
  // Coordinates for ridges across a wind: along `across` (a unit xz direction), and `stretch` times
  // slower along the ridges. Sand's ripples and snow's sastrugi.
  const ridgeCoords = ([cx, cz]: [number, number], stretch: number): Value =>
    g.concat([g.fma(wx, cx, g.mul(wz, cz)), g.mul(g.fma(wx, -cz, g.mul(wz, cx)), 1 / stretch)], 1)
  const rip = ridgeCoords([0.9, -0.44], 8)
  const grazing = g.div(g.mul(groundFootprint, groundFootprint), footprint)
  const ripple = g.mul(noiseOne(g, detail, rip, 0.5, 0, 0.71, 0), fadeOf(g, grazing, 0.5))

  // What the other materials leave of the ground is soil.
  const soilBeside = (grassWeight: Value): Value =>
    g.relu(g.sub(g.sub(g.sub(g.sub(1, snow!), rock!), sand!), grassWeight))
  const soil = soilBeside(grass)
  const weigh = (w: Value, v: Value): Value => g.mul(w, v)
  const factor = g.add(
    g.add(
      g.add(
        weigh(
          grass,
          g.add(g.fma(fine, 0.5, g.mul(mid, 0.25)), g.mul(grain, g.fma(blades.near, -0.55, 0.55))),
        ),
        weigh(soil, g.add(g.fma(pebble, 0.6, 0), g.fma(fine, 0.25, g.mul(grain, 0.2)))),
      ),
      g.add(
        weigh(
          rock!,
          g.sub(
            g.fma(strata, g.fma(steep, 0.3, 0.35), g.fma(mid, 0.2, g.fma(bump!, 0.12, g.mul(grain, 0.12)))),
            g.sub(g.mul(crack, 0.2), g.mul(gully, 0.8)),
          ),
        ),
        weigh(sand!, g.fma(ripple, 0.12, g.fma(fine, 0.1, g.mul(grain, 0.07)))),
      ),
    ),
    g.add(weigh(snow!, g.fma(mid, 0.05, g.mul(grain, 0.03))), 1),
  )
  // Blade tips catch the light yellow-green, the gaps between them are blue-green shade.
  const tint = g.fma(
    g.mul(g.add(g.mul(grain, g.sub(1, blades.near)), blades.tip), grass),
    g.constant([0.1, 0.04, -0.16], [1, 3, 1, 1]),
    1,
  )
  // Sand is smooth but for its ripples: under a low sun the octaves' bumps drew it as dark blotches.
  const relief = g.sub(
    g.add(g.fma(rock!, 2, 0.5), g.sub(g.mul(grass, 0.4), g.mul(snow!, 0.35))),
    g.mul(sand!, 0.35),
  )
  // Snow is smooth underfoot but never flat: wind lays it in drifts a few metres across and
  // carves sastrugi, ridges ~1.5 m apart across the wind with a gentle windward slope and a steep
  // lee face in the blue shade of the sky. Without them a snowfield was one white (a luminance
  // spread of 1.6 levels over the first view's snow), as no photograph of one is.
  const drift = (c: number): Value =>
    g.add(g.mul(channel(0, c), fades[0]!), g.mul(channel(1, c), g.mul(fades[1]!, 0.6)))
  const sastrugi = noiseOne(g, detail, ridgeCoords([0.6, 0.8], 4), 1.5, 0, 0.37, 0)
  // Their profile along the wind: rising gently where the noise is above its lee threshold,
  // dropping steeply below it.
  const profile = g.fma(
    g.relu(g.sub(g.mul(sastrugi, -1), SNOW_RELIEF.leeFrom)),
    -SNOW_RELIEF.lee,
    g.mul(sastrugi, SNOW_RELIEF.sastrugi),
  )
  const sastrugiSlope = g.mul(g.mul(profile, fadeOf(g, grazing, 1.5)), snow!)
  const bumpX = g.add(
    g.add(g.mul(slopeX, g.mul(relief, 0.22)), g.mul(g.mul(ripple, sand!), 0.3)),
    g.add(g.mul(sastrugiSlope, 0.6), g.mul(snow!, g.mul(drift(1), SNOW_RELIEF.drift))),
  )
  const bumpZ = g.add(
    g.mul(slopeZ, g.mul(relief, 0.22)),
    g.add(g.mul(sastrugiSlope, 0.8), g.mul(snow!, g.mul(drift(2), SNOW_RELIEF.drift))),
  )
  const [gnx, gny, gnz] = normalize3(g, g.sub(g.mul(gx, -1), bumpX), g.s(1), g.sub(g.mul(gz, -1), bumpZ))
  const cavity = g.clip(g.fma(bump!, 0.12, 1), 0.6, 1.2)

  // Objects: which part the ray hit.
  const isObj = g.op('And', [g.less(hit.cObj, hit.yRel), g.less(hit.cObj, hit.cTrunk)])
  const isTrunk = g.op('And', [g.less(hit.cTrunk, hit.yRel), g.op('Not', [isObj])])
  const [crownRgb, trunkRgb, kind] = g.split(inp.looks, 1, [3, 3, 1]) as [Value, Value, Value]
  const isRockObj = g.less(g.abs(g.sub(kind, 1)), 0.5)
  const isHouse = g.greater(kind, 1.5)
  const isBuilt = g.greater(kind, 0.5)
  const isCactus = g.less(kind, -0.5)
  // Neither leaves nor bark: a house, a boulder, a cactus.
  const bare = g.op('Or', [isBuilt, isCactus])
  // The object's axis direction in world xz (the object frame is turned by OBJECT_ANGLE).
  const C = Math.cos(OBJECT_ANGLE)
  const S = Math.sin(OBJECT_ANGLE)
  const radial = g.op('Conv', [g.div(hit.local, g.max(hit.r, 1e-4)), g.constant([C, S, -S, C], [2, 2, 1, 1])])
  const [rx, rz] = g.split(radial, 1, [1, 1]) as [Value, Value]
  const u = g.div(hit.r, g.max(hit.R, 1e-3))
  const vert = g.div(g.sub(hit.e, g.mul(hit.D, hit.f)), g.max(g.mul(hit.H, g.max(hit.f, 0.15)), 0.2))
  // Leaf clumps (plants) or cracks (boulders): noise at the hit point, in two sheared frames so
  // it varies with height as well.
  const shear = (a: number, b: number): Value => g.concat([g.fma(py, a, wx), g.fma(py, b, wz)], 1)
  const clumpA = noiseAt(g, detail, shear(0.6, -0.5), 0.9, 0.2, 0.33)
  const clumpB = noiseAt(g, detail, shear(-0.4, 0.7), 0.33, 1.1, 0.61)
  const fadeB = fadeOf(g, footprint, 0.33)
  const clump = g.add(g.mul(clumpA[0]!, 0.7), g.mul(clumpB[0]!, g.mul(fadeB, 0.5)))
  const side = g.add(g.mul(u, 1.1), g.mul(g.abs(clump), 0.3))
  // A roof is a plain cone (rising ~0.9 m per metre in), without the clumps' bumps; a cactus a
  // smooth dome.
  const [onx, ony, onz] = normalize3(
    g,
    g.where(
      isHouse,
      g.mul(rx, 0.9),
      g.where(isCactus, g.mul(rx, g.mul(u, 1.6)), g.add(g.mul(rx, side), g.mul(clumpA[1]!, 0.5))),
    ),
    g.where(isHouse, g.s(1), g.where(isCactus, vert, g.add(vert, g.mul(clumpB[2]!, g.mul(fadeB, 0.3))))),
    g.where(
      isHouse,
      g.mul(rz, 0.9),
      g.where(isCactus, g.mul(rz, g.mul(u, 1.6)), g.add(g.mul(rz, side), g.mul(clumpA[2]!, 0.5))),
    ),
  )
  // A conifer tier's top lies in the shade of the tier above it, its foot (the branch tips) in light.
  const underTier = g.fma(g.mul(hit.tier, hit.tier), -0.55, 1)
  // Between a leafy crown's clumps the leaves lie in the shade of the clumps round them.
  const clumpShade = g.fma(hit.clump, 0.25, 0.85)
  const crownAo = g.mul(g.mul(g.sat(g.fma(vert, 0.3, 0.7)), g.fma(u, 0.3, 0.7)), g.mul(underTier, clumpShade))
  const leaves = leafGrainOf(g, detail, [wx, py, wz], [onx, ony, onz], [atm.lx, atm.ly, atm.lz], footprint)
  const leafGrain = g.where(bare, g.s(0), leaves.grain)
  const leafLit = g.where(bare, g.s(0), leaves.lit)
  const ribs = cactusRibsOf(g, rx, rz, footprint, g.where(isCactus, g.s(1), g.s(0)))
  // Roofs are laid in courses ~0.3 m apart (tiles, slates, bundles of thatch): dark lines across.
  const course = g.mul(g.sat(g.mul(g.sub(g.fract(g.mul(py, 1 / 0.3)), 0.78), 6)), fadeOf(g, footprint, 0.3))
  const leaf = g.mul(
    crownRgb,
    g.where(
      isRockObj,
      // Lichen and weathering in blotches a metre across and in grain, darker down to where the
      // boulder meets the ground (the grass and soil round its foot shade it): in one tone, evenly
      // lit, a boulder read as a plaster dome.
      g.mul(
        g.fma(crack, -0.4, g.fma(strata, 0.2, g.fma(clump, 0.3, g.fma(grain, 0.4, 1)))),
        g.fma(g.sat(g.mul(hit.yRel, 1.5)), 0.45, 0.55),
      ),
      g.where(
        isHouse,
        g.fma(course, -0.35, g.fma(clumpA[0]!, 0.08, 1)),
        g.where(isCactus, ribs, g.mul(g.fma(clump, 0.45, 0.8), g.fma(leafGrain, 0.3, 1))),
      ),
    ),
  )
  const barkN = noiseOne(g, detail, g.concat([g.mul(g.add(wx, wz), 6), g.mul(py, 0.4)], 1), 1, 0, 0.17, 0)
  const marks = birchMarksOf(g, detail, py, hit.yRel, wx, wz, footprint, trunkRgb)
  const wall = wallOf(g, hit, trunkRgb, barkN, footprint)
  const bark = g.where(
    isHouse,
    wall.color,
    g.where(isCactus, g.mul(trunkRgb, ribs), g.mul(g.mul(trunkRgb, g.fma(barkN, 0.35, 0.85)), marks)),
  )

  // Light.
  const dotL = (nx: Value, ny: Value, nz: Value): Value =>
    g.add(g.add(g.mul(nx, atm.lx), g.mul(ny, atm.ly)), g.mul(nz, atm.lz))
  const lit = (nx: Value, ny: Value, nz: Value): Value => g.relu(dotL(nx, ny, nz))
  const skyLight = skyLightOf(g, atm)
  // A forest's baked canopy shade or the objects' own shadows, whichever is darker: the canopy
  // stands for the crowns between the sun and its floor that the shadow rays' few heights miss.
  const sunThrough = g.min(inp.objectLight, g.sub(1, canopy!))
  const groundDirect = g.mul(atm.light, g.mul(g.mul(lit(gnx, gny, gnz), shadow!), sunThrough))
  const groundAmbient = g.mul(skyLight, g.mul(g.mul(ao!, cavity), g.fma(gny, 0.4, 0.6)))
  const sparkleLight = g.mul(
    atm.light,
    g.mul(g.mul(sparkle, snow!), g.mul(g.mul(shadow!, inp.objectLight), 0.8)),
  )
  // Flowers take none of the grass's shade, and show between the blades in front of them.
  const bladeShade = g.lerp(1, blades.shade, grass)
  // Near, where the blades stand, flowers are heads on their stems; the ones lying on the ground
  // fade out there.
  const flat = g.mul(flowers.amount, g.fma(g.mul(blades.near, grass), -1, 1))
  const flowerSeen = g.sat(
    g.add(g.mul(flat, g.fma(g.mul(blades.cover, grass), -0.8, 1)), g.mul(blades.head, grass)),
  )
  const groundAlbedo = g.lerp(
    g.mul(g.mul(g.mul(albedo, tint), factor), bladeShade),
    flowers.color,
    flowerSeen,
  )
  const groundColor = g.add(
    g.add(g.mul(groundAlbedo, g.add(groundDirect, groundAmbient)), sparkleLight),
    g.mul(g.constant([3.2, 0.9, 0.15], [1, 3, 1, 1]), g.mul(lava!, g.fma(fine, 0.6, 1))),
  )
  // Foliage wraps the light past its terminator (leaves pass it through and scatter it), so a
  // crown's underside is shaded, not black: with plain n.l the lower half of every birch crown
  // was near black against a bright top.
  const objDot = dotL(onx, ony, onz)
  const objLit = g.where(
    isBuilt,
    g.relu(objDot),
    g.relu(g.mul(g.add(objDot, FOLIAGE_WRAP), 1 / (1 + FOLIAGE_WRAP))),
  )
  // The gaps between leaf clusters look into the crown: the sun reaches them less, the sky too.
  const gapShade = g.mul(g.sat(g.fma(leafGrain, 0.6, 0.7)), g.fma(leafLit, 0.45, 1))
  const objDirect = g.mul(
    atm.light,
    g.mul(g.mul(g.mul(objLit, g.fma(shadow!, 0.8, 0.2)), g.mul(underTier, clumpShade)), gapShade),
  )
  // Sunlit ground under a crown lights its underside (and leaves pass light through): with the
  // sky alone, darkened twice for facing down, the lower half of every crown in a wood was near
  // black under a bright top, split by one level line.
  const bounce = g.where(bare, g.s(0), g.mul(g.relu(g.mul(ony, -1)), 0.12))
  const objAmbient = g.add(
    g.mul(skyLight, g.mul(g.mul(crownAo, g.fma(ony, 0.3, 0.7)), g.fma(leafGrain, 0.2, 0.9))),
    g.mul(atm.light, g.mul(bounce, g.fma(shadow!, 0.5, 0.5))),
  )
  const objColor = g.mul(leaf, g.add(objDirect, objAmbient))
  const trunkDirect = g.mul(atm.light, g.mul(lit(rx, g.s(0), rz), g.mul(shadow!, 0.7)))
  // Lamplight in the windows from dusk on: warm, and bright enough to read across a valley.
  const lamps = g.mul(
    g.mul(wall.window, g.where(isHouse, g.s(1), g.s(0))),
    g.add(atm.night, g.mul(atm.dusk, 0.5)),
  )
  const trunkColor = g.add(
    g.mul(bark, g.add(trunkDirect, g.mul(skyLight, 0.5))),
    g.mul(rgb(g, 1.4, 0.7, 0.22), lamps),
  )
  const color = g.where(isObj, objColor, g.where(isTrunk, trunkColor, groundColor))

  // Material: the strongest ground material, or the object's class.
  const weights = g.concat([snow!, rock!, sand!, grassField!, soilBeside(grassField!), g.mul(lava!, 4)], 1)
  const index = g.op('ArgMax', [weights], { axis: 1, keepdims: 1 })
  const groundClass = g.op('Gather', [
    g.constant(
      [MATERIAL.snow, MATERIAL.rock, MATERIAL.sand, MATERIAL.grass, MATERIAL.soil, MATERIAL.lava],
      [6],
    ),
    index,
  ])
  const plantClass = g.where(isHouse, g.s(MATERIAL.building), g.s(MATERIAL.tree))
  const objClass = g.where(isRockObj, g.s(MATERIAL.rock), plantClass)
  const material = g.where(isObj, objClass, g.where(isTrunk, plantClass, groundClass))
  return { color, material }
}
