/**
 * What covers the ground, baked per 4 m texel: material weights (snow, rock, sand, grass, soil),
 * albedo, sun/moon visibility and ambient occlusion, the height gradient, lava glow and river
 * water (`field_surface`), plus the densities and species mix the object field is drawn from.
 * Lighting that depends on the surface normal is left to the render stage, which perturbs the
 * normal with detail the 4 m field cannot hold.
 */
import { muteGreens, rgb } from './colour'
import type { GraphBuilder, Value } from './graph'
import type { Noise, Style } from './prepare-style'
import { duneSeaOf, type Signals } from './prepare-terrain'
import { FAR_CHANNELS, MOON_DIR } from './world-layout'

/** Central differences of a [1,1,N,N] field of `texel`-metre texels -> (dh/dx, dh/dz), [1,1,N,N] each. */
export function gradient(g: GraphBuilder, h: Value, texel: number): [Value, Value] {
  const padded = g.op('Pad', [h, g.ints([0, 0, 1, 1, 0, 0, 1, 1])], { mode: 'edge' })
  const k = 1 / (2 * texel)
  // prettier-ignore
  const kernel = g.constant([0, 0, 0, -k, 0, k, 0, 0, 0,   0, -k, 0, 0, 0, 0, 0, k, 0], [2, 1, 3, 3])
  const [gx, gz] = g.split(g.op('Conv', [padded, kernel]), 1, [1, 1])
  return [gx!, gz!]
}

/** The share of the grass in flower at `flowers` 1, in a drift: a meadow in full bloom. */
const FLOWER_COVER = 0.35

export interface SurfaceInputs {
  st: Style
  sig: Signals
  noise: Noise
  ground: Value
  riverWater: Value
  /** A volcano's lava, from the composition (prepare-terrain Composed). */
  coneLava: Value
  /** Raises the tree-patch noise (in its standard deviations) where a prompt's cover must show. */
  patchLift: Value
  x: Value
  z: Value
  xz: Value
  /** The grid: `size` texels per side over [-half, half] metres around `offset` ([1,2,1,1] m). */
  half: number
  size: number
  offset: Value
}

export interface Surface {
  /** [1, SURFACE_CHANNELS, N, N], see world-layout SURFACE. */
  surface: Value
  /**
   * [1, 16, N, N] inputs of the object field: tree (cacti and acacias included), shrub and
   * boulder density, conifer, palm and birch share, snow weight, foliage rgb, rock rgb, house
   * density, and the cacti's and acacias' shares of the trees.
   */
  cells: Value
}

/** A baked grid: its ground height and what covers it. */
export interface BakedGround extends Surface {
  ground: Value
  x: Value
  z: Value
  texel: number
}

export function bakeSurface(g: GraphBuilder, inp: SurfaceInputs): BakedGround {
  const { st, sig, noise, ground, x, z, half } = inp
  const texel = (2 * half) / (inp.size - 1)
  const [gx, gz] = gradient(g, ground, texel)
  const slope = g.sqrt(g.add(g.mul(gx, gx), g.mul(gz, gz)))
  const variation = g.add(g.mul(noise.hi[2]!, 0.3), g.mul(noise.lo[2]!, 0.2)) // ~[-1,1]
  const patch = g.mul(g.add(noise.lo[2]!, inp.patchLift), 0.3)
  const aboveWater = g.ramp(ground, 0.1, 0.5)

  // Rock where it is steep (and a little on high ground), broken up by noise; a rough world
  // ("rocky", "crags") bares it on gentler slopes too.
  // A rocky shore is bare rock from the waterline to ~3 m up (the sand a beach has), dark where
  // the sea wets it (at the style's grey it read as dirty sand), its boulders too.
  const rockyShore = g.mul(sig.rockyShore, g.ramp(ground, 3.5, 2.5))
  const rockColor = g.mul(st.rock, g.fma(g.mul(sig.rockyShore, g.ramp(ground, 4, 1)), -0.5, 1))
  const bare = g.add(
    g.add(g.mul(g.ramp(ground, 80, 320), 0.25), g.mul(g.ramp(st.roughness, 0.5, 0.9), 0.18)),
    g.mul(rockyShore, 0.9),
  )
  // In a sea of dunes a slip face stays sand up to its angle of repose (~34 degrees): counted as
  // rock, dune faces wore the rock's gullies as dark veins.
  const duneSlope = g.fma(duneSeaOf(g, st), -0.75, 1)
  const rockMask = g.ramp(g.fma(variation, 0.22, g.add(g.mul(slope, duneSlope), bare)), 0.36, 0.66)
  // Snow lies above a snow line the snow feature lowers (below the water line for a snowy, wintry
  // or frozen world: "a snowy pine forest" at snow 0.68 had its line at 26 m and stood in brown
  // grass), and slides off faces steeper than ~30-45 degrees, where the rock shows.
  const snowLine = g.sub(g.fma(st.snow, -420, 250), g.mul(sig.frozen, 260))
  // A world that asks for no snow has none, however high it rises (a red rock canyon's tallest
  // mesa wore a snow cap).
  // Below the line, "snow patches" and "a little snow" lie in patches 40-80 m across (the fine
  // band), on ground of any height: a fifth of it at snow 0.3, a third at 0.5 and up (a patch
  // threshold of z = 0.85 and 0.45 standard deviations), none under snow 0.2.
  const patchAt = g.fma(g.ramp(st.snow, 0.3, 0.5), -0.4, 0.85)
  const patches = g.mul(g.ramp(g.sub(noise.fine, patchAt), 0, 0.2), g.ramp(st.snow, 0.2, 0.3))
  const snow = g.mul(
    g.max(
      g.mul(g.ramp(g.sub(g.fma(variation, 25, ground), snowLine), 0, 20), g.ramp(st.snow, 0.03, 0.12)),
      patches,
    ),
    g.sub(1, g.ramp(g.fma(variation, 0.25, slope), 0.55, 1)),
  )
  // Sand: deserts, and beaches where land meets a sea or a lake.
  const shore = g.sat(g.add(g.add(sig.sea, g.mul(st.sand, 2)), g.mul(sig.lake, 0.35)))
  const beach = g.mul(g.ramp(ground, 1.1, 0.35), shore)
  const sandCover = g.sub(
    g.fma(variation, 0.35, g.fma(st.sand, 1.6, -0.35)),
    g.mul(g.mul(st.water, g.relu(ground)), 0.25),
  )
  const sandMask = g.sat(g.max(sandCover, beach))
  const wSnow = g.mul(snow, g.ramp(ground, -0.2, 0.2))
  const notSnow = g.sub(1, wSnow)
  const wRock = g.mul(rockMask, notSnow)
  const wSand = g.mul(g.mul(sandMask, notSnow), g.sub(1, wRock))
  const open = g.mul(g.mul(aboveWater, g.sub(1, wRock)), g.mul(notSnow, g.sub(1, g.mul(wSand, 0.85))))
  const wGrass = g.mul(g.sat(g.mul(st.vegetation, 2.2)), open)

  // Trees stand in patches whose share grows with the vegetation feature (a meadow has copses,
  // a forest is closed), on dry land, never on the start point; where the prompt names water,
  // they stand back from the view towards it so the water is seen between them.
  // The canopy closes from vegetation ~0.8 (prompts naming a forest blend to 0.79-0.85), is
  // patchy around 0.7 (woods), and leaves a meadow (~0.62) open grass with a rare wood. It used to
  // close from 0.6 up, so a "green meadow" seen from a hill was a lattice of crowns.
  const [fR, fG, fB] = g.split(st.foliage, 1, [1, 1, 1]) as [Value, Value, Value]
  const redOverGreen = g.div(fR, g.max(fG, 0.01))
  // Species: conifers where it is cold, high or the foliage is dark blue-green (pines, spruce);
  // palms where it is sandy and warm; birches where the foliage is a light yellow-green.
  const conifer = g.max(
    g.max(g.ramp(g.div(fB, g.max(fG, 0.01)), 0.27, 0.36), g.ramp(st.snow, 0.1, 0.3)),
    g.mul(g.ramp(st.relief, 0.6, 0.9), 0.6),
  )
  const notSnowy = g.sub(1, g.ramp(st.snow, 0.05, 0.15))
  const notConifer = g.sub(1, conifer)
  const palm = g.mul(g.mul(g.ramp(st.sand, 0.25, 0.45), notSnowy), notConifer)
  // Where a palm beach (terrain's palmBeach: a sea in a green, sandy world) grows palms.
  const warm = g.mul(notSnowy, notConifer)
  const treeCover = g.sat(
    g.mul(g.add(g.fma(patch, 1.5, g.mul(noise.hi[2]!, 0.35)), g.fma(st.vegetation, 6, -4)), 3),
  )
  const ahead = g.mul(g.ramp(g.mul(z, -1), 2, 6), g.sub(1, g.ramp(g.mul(z, -1), 30, 46)))
  // Palms on a beach lean over its sand beside the view of the sea: the wedge kept clear towards
  // the water narrows from ~33 to ~15 degrees either side (the palms stood 70 degrees off, out of
  // the first view).
  const palmShore = g.mul(sig.palmBeach, warm)
  const wedge = g.sat(g.mul(g.sub(g.fma(z, g.fma(palmShore, 0.38, -0.65), 2.5), g.abs(x)), 0.25))
  const water = g.max(g.max(sig.river, sig.lake), sig.sea)
  const corridor = g.sub(1, g.mul(g.mul(ahead, wedge), g.mul(water, 0.92)))
  const dist2 = g.add(g.mul(x, x), g.mul(z, z))
  // Trees stand back 6-9 m from the start point: frames are taken from the centre of the viewer's
  // 4 m cell (up to 2.8 m from the spawn), and a crown within a few metres of either fills the view.
  // Shrubs stand back 4.5-7 m (closer, a smooth dome filled a third of the view), boulders 3-5.5 m.
  const clearing = g.ramp(dist2, 9, 30)
  const shrubClearing = g.ramp(dist2, 20, 49)
  const treeClearing = g.ramp(dist2, 36, 81)
  const land = g.mul(g.ramp(ground, 0.45, 0.9), g.sub(1, g.mul(wRock, 0.8)))
  // A village stands where it was asked for: around the start point (out to 110-200 m) for a
  // world's prompt, over an edit's place for "add a village over there", and as hamlets where
  // the low noise band peaks elsewhere in a village world. A house on up to a third of the level,
  // dry cells there (in snow too: the roofs carry it), 9-12 m back from the start point like the
  // trees, thinned in gaps by the fine noise; the trees give way to it.
  const level = g.ramp(slope, 0.5, 0.3)
  const placed = g.max(g.max(g.ramp(dist2, 200 * 200, 110 * 110), st.edited), g.ramp(noise.lo[1]!, 1.3, 1.7))
  // The first view looks down -Z at it: 12-60 m ahead the houses stand closer, in no gaps.
  const inFirstView = g.mul(
    g.ramp(g.mul(z, -1), 10, 16),
    g.mul(g.ramp(g.mul(z, -1), 70, 50), g.ramp(g.abs(x), 45, 25)),
  )
  const gaps = g.max(g.ramp(g.fma(patch, 1.2, noise.hi[1]!), -0.6, 0), g.max(inFirstView, st.edited))
  const houseDensity = g.mul(
    g.mul(g.mul(g.sat(g.mul(st.village, 2.5)), g.mul(land, level)), g.mul(corridor, g.ramp(dist2, 81, 144))),
    g.mul(g.fma(inFirstView, 0.18, 0.32), g.mul(placed, gaps)),
  )
  // Trodden earth: paths wind between the houses (the fine band's zero crossings, a few metres
  // wide), the grass worn to soil on them.
  const trodden = g.mul(g.sat(g.mul(houseDensity, 3)), g.ramp(g.abs(noise.fine), 0.2, 0.06))
  const grassLeft = g.mul(wGrass, g.sub(1, trodden))
  // A swamp's trees stand in its shallow water as on its banks; palms on the sand down to a
  // sea's high-tide line (from 0.9 m up the start's own beach had none).
  const treeLand = g.max(
    g.max(land, g.mul(sig.swamp, g.ramp(ground, -0.8, -0.5))),
    g.mul(palmShore, g.ramp(ground, 0.35, 0.6)),
  )
  // Palms crowd a palm beach's sand around the start (its sandy point, the shore beside the
  // view), whatever the world's cover: "a tropical beach" at vegetation 0.71 had none in view.
  const palmGrove = g.mul(palmShore, g.mul(g.exp(g.mul(dist2, -1 / (70 * 70))), 0.6))
  // A forest has glades, 15-40 m across where the fine noise dips, and no tree in a few cells
  // around them: with a tree in nine cells of ten it stood in rows like an orchard. A dense forest
  // (vegetation over 0.85) has fewer; none is round the start, at a forest's edge with trees near.
  const gladeNoise = g.fma(g.relu(g.sub(st.vegetation, 0.85)), 8, noise.fine)
  const glades = g.max(g.ramp(gladeNoise, -1.1, -0.35), g.ramp(dist2, 60 * 60, 35 * 35))
  // The forest's cover with its glades open: grass, shrubs and flowers grow in a glade, not litter.
  const forestCover = g.mul(treeCover, glades)
  // Open grassland keeps a few trees standing alone or in threes and fours where the fine band
  // rises (a tree in ~40 cells): from a rise, a meadow with none was shrubs and boulders only, a
  // lawn strewn with specks, where a photograph of one has a lone oak to give it its scale.
  const parkland = g.mul(g.ramp(st.vegetation, 0.4, 0.55), g.ramp(st.vegetation, 0.85, 0.72))
  const loneTrees = g.mul(g.mul(parkland, wGrass), g.mul(g.ramp(noise.fine, 0.1, 0.7), 0.09))
  const treeDensity = g.mul(
    g.mul(g.mul(g.max(g.max(forestCover, palmGrove), loneTrees), treeLand), g.mul(corridor, treeClearing)),
    // The forest thins towards the tree line, up where the snow lies (not in a snowy valley).
    g.mul(
      g.fma(g.mul(wSnow, g.ramp(ground, 40, 160)), -0.45, 0.9),
      g.fma(g.mul(st.village, placed), -0.8, 1),
    ),
  )
  // Cacti stand where they were asked for, on level dry ground out of the snow (sand or not: "add
  // cacti over there" on a meadow puts them there), scattered one to every ~5 cells in a desert's
  // open ground, in drifts the fine noise thins, twice as many 12-60 m ahead of the first view
  // (the nearest stood 20 m off, a few pixels wide); trees give them room.
  const cactusLeaning = g.sat(g.mul(st.cactus, 2))
  const cactusDensity = g.mul(
    g.mul(g.mul(cactusLeaning, g.mul(land, level)), g.mul(corridor, treeClearing)),
    g.mul(
      g.mul(g.fma(noise.hi[1]!, 0.12, 0.2), g.fma(inFirstView, 1, 1)),
      g.mul(g.sub(1, wSnow), g.sub(1, treeDensity)),
    ),
  )
  // Shrubs grow in clumps (one per 8 m cell everywhere read as a planted lattice from a hill):
  // thickets where the fine band rises, round the lone trees and copses that rise with it. On the
  // coarser bands' mix they had, a meadow seen from a rise was strewn with them to the horizon.
  const clumps = g.ramp(g.fma(noise.lo[2]!, 0.3, noise.fine), 0.4, 0.8)
  // Snow buries them: on a snowfield shrubs and boulders strewn evenly over every slope read as
  // pepper (dark specks at every distance alike). A tenth of the boulders stay above the snow, in
  // scattered groups (a scree, a moraine); bare rock shows where the snow slides off (rockMask).
  const buried = g.fma(wSnow, -0.9, 1)
  const shrubDensity = g.mul(
    g.mul(g.sat(g.mul(st.vegetation, 1.4)), g.mul(land, shrubClearing)),
    g.mul(g.mul(g.fma(forestCover, -0.2, 0.42), clumps), buried),
  )
  // On grass too: strewn evenly over a meadow they were its pepper (a speck in every few cells
  // from a rise); a photograph's boulders lie in groups, where the ground breaks.
  const strewn = g.lerp(
    g.s(1),
    g.ramp(g.fma(noise.lo[1]!, 0.6, noise.hi[2]!), 0.1, 0.5),
    g.max(wSnow, wGrass),
  )
  // None rests on a face steeper than scree lies (~35-45 degrees): on a sea cliff they stood out
  // of the wall as flat grey discs.
  // On a rocky shore boulders stand out of the shallows too, the surf round them: off a bare
  // pavement the sea met "a rocky coast" in one straight line of foam.
  const inShallows = g.mul(sig.rockyShore, g.mul(g.ramp(ground, -1.4, -0.7), g.ramp(ground, 0.7, 0.3)))
  const boulderDensity = g.mul(
    g.mul(g.mul(g.max(g.ramp(ground, 0.3, 0.7), inShallows), clearing), g.ramp(slope, 1, 0.7)),
    g.mul(
      g.add(g.fma(st.roughness, 0.12, g.fma(rockyShore, 0.35, 0.02)), g.mul(rockMask, 0.3)),
      g.mul(strewn, buried),
    ),
  )

  // Albedo.
  let color = g.mul(st.ground, g.fma(variation, 0.35, 1))
  const sandColor = g.lerp(rgb(g, 0.62, 0.52, 0.36), st.ground, g.mul(st.sand, 0.6))
  color = g.lerp(color, g.mul(sandColor, g.fma(variation, 0.15, 1)), wSand)
  const dry = g.sat(g.fma(noise.lo[2]!, 0.35, 0.3))
  const lush = g.lerp(st.foliage, st.ground, 0.25)
  // Grass varies in patches tens of metres across (the fine band): drier and paler on some,
  // deeper green on others, as a meadow does in a photograph; one tone over the whole view read
  // as a lawn.
  // A green prompt keeps its grass green: the dry share halves where the foliage is as green as
  // "green" makes it (greenness 0.73), and stays as it was at the default foliage (0.6): "a green
  // meadow" stood in pale straw wherever the low noise band put a dry stretch at the start.
  // How green is read against red only (how far from yellow): a conifer's blue-green foliage
  // counted as half dry, and "a green valley with a lake and pine trees" stood in straw.
  const greenness = g.div(g.sub(fG, g.max(fR, fB)), g.max(fG, 1e-3))
  const unripe = g.div(g.sub(fG, fR), g.max(fG, 1e-3))
  const grassDry = g.mul(g.sat(g.fma(noise.fine, 0.25, g.mul(dry, 0.45))), g.sat(g.fma(unripe, -4, 3.4)))
  const grassTone = g.fma(noise.fine, 0.16, g.fma(variation, 0.4, 1))
  // 0.6: a sunlit meadow at one's feet was as bright as the sky (sRGB 178, 207, 119 under 148,
  // 172, 203); in a photograph grass is darker than the sky.
  const grass = g.mul(g.lerp(lush, rgb(g, 0.34, 0.3, 0.12), grassDry), g.mul(grassTone, 0.6))
  color = g.lerp(color, grass, grassLeft)
  // Under a closed canopy the floor is needle and leaf litter, not meadow grass (a pine forest's
  // clearing was pale olive-yellow grass from any distance).
  // A rainforest's floor is green undergrowth (ferns, seedlings) in the canopy's shade: laid with
  // litter and soil like a pine wood's, "a jungle" stood in olive-straw grass (sRGB ~130, 122, 74
  // at one's feet), which read as a dry savanna. Undergrowth wherever the prompt asks for the
  // densest vegetation in a deep green.
  const undergrowth = g.mul(g.ramp(st.vegetation, 0.88, 0.98), g.ramp(greenness, 0.7, 0.82))
  const floorShare = g.fma(undergrowth, -0.85, 1)
  const litter = g.mul(g.lerp(rgb(g, 0.15, 0.1, 0.055), st.ground, 0.4), g.fma(variation, 0.3, 1))
  // Not in the clearing the trees leave round the start, nor the corridor they leave towards the
  // water: open to the sky, grass grows there (laid with litter, "a green valley with a lake and
  // pine trees" stood on a beige bank, sRGB ~143, 134, 101 at one's feet).
  const underTrees = g.mul(forestCover, g.mul(corridor, treeClearing))
  color = g.lerp(color, litter, g.mul(g.mul(underTrees, grassLeft), g.mul(floorShare, 0.75)))
  const strata = g.fma(noise.hi[0]!, 0.16, g.fma(noise.hi[1]!, 0.1, 1))
  // Bare rock a little darker than its style colour: lit by a high sun through haze, mountain
  // faces at the style's albedo read as pale plaster, not stone.
  color = g.lerp(color, g.mul(rockColor, g.mul(strata, 0.8)), wRock)
  color = g.lerp(color, rgb(g, 0.8, 0.83, 0.88), wSnow)
  // Forest floor (needles, leaf litter) under trees; wet ground darker at the water's edge.
  color = g.lerp(color, g.mul(st.ground, 0.7), g.mul(treeDensity, g.mul(floorShare, 0.5)))
  // Undergrowth is darker than a lawn and patchy: ferns and seedlings in each other's shade.
  color = g.mul(color, g.fma(g.mul(undergrowth, forestCover), g.fma(variation, 0.3, -0.45), 1))
  color = g.mul(color, g.fma(g.mul(g.ramp(ground, 0.5, 0.05), g.sub(1, wSnow)), -0.35, 1))

  // Light: the sun by day, the moon by night, with a marched soft shadow over the terrain.
  const [sunX, sunY, sunZ] = g.split(st.sun, 1, [1, 1, 1])
  const night = g.less(sunY!, -0.02)
  const lx = g.where(night, g.s(MOON_DIR[0]), sunX!)
  const ly = g.where(night, g.s(MOON_DIR[1]), sunY!)
  const lz = g.where(night, g.s(MOON_DIR[2]), sunZ!)
  const horiz = g.sqrt(g.max(g.add(g.mul(lx, lx), g.mul(lz, lz)), 1e-6))
  const tanElev = g.div(ly, horiz)
  const stepDir = g.div(g.concat([lx, lz], 1), g.mul(horiz, half)) // grid units per metre
  const gridXz = g.mul(g.sub(inp.xz, inp.offset), 1 / half)
  let occlusion: Value | null = null
  for (let k = 0; k < 10; k++) {
    const d = 6 * 1.62 ** k
    const at = g.transpose(g.add(gridXz, g.mul(stepDir, d)), [0, 2, 3, 1])
    const hs = g.gridSample(ground, at)
    const rayH = g.add(ground, g.mul(tanElev, d))
    const occ = g.mul(g.sub(hs, rayH), 1 / (0.12 * d + 1))
    occlusion = occlusion ? g.max(occlusion, occ) : occ
  }
  // Canopy shade: dappled light on the forest floor.
  const dapple = g.sat(g.fma(noise.hi[1]!, 0.25, 0.5))
  const canopy = g.mul(treeDensity, g.fma(dapple, -0.3, 0.75))
  const shadow = g.sat(g.sub(1, occlusion!))
  const padded = g.op('Pad', [ground, g.ints([0, 0, 3, 3, 0, 0, 3, 3])], { mode: 'edge' })
  const blurred = g.op('AveragePool', [padded], { kernel_shape: [7, 7] })
  const ao = g.mul(g.clip(g.fma(g.sub(ground, blurred), 0.09, 0.85), 0.3, 1), g.fma(treeDensity, -0.3, 1))

  // Lava: glowing cracks along thin noise lines.
  const crack = g.exp(g.mul(g.mul(noise.hi[2]!, noise.hi[2]!), -1 / (0.12 * 0.12)))
  const lava = g.max(g.mul(g.mul(st.glow, crack), g.sub(1, g.max(treeDensity, grassLeft))), inp.coneLava)

  // Wildflowers: the share of the grass in flower, in drifts tens of metres across and thinning
  // out between them; none under trees. The render stage draws the flowers themselves.
  const drifts = g.ramp(g.fma(noise.lo[1]!, 0.7, noise.hi[0]!), -0.5, 0.7)
  // A prompt that names the flowers (flowers 0.9: "a field of flowers", "poppies", "lavender
  // fields") is a field in bloom: 1.6 times the cover, and no drift under a third of it. At 0.35
  // of the grass in drifts, "a field of flowers" was a green field with white dots at one's feet.
  const named = g.ramp(st.flowers, 0.7, 0.9)
  // And the start stands in a drift (a seed that put it between drifts showed green to 100 m).
  const bloom = g.max(drifts, g.mul(named, g.mul(g.exp(g.mul(dist2, -1 / (120 * 120))), 0.85)))
  const flowers = g.mul(
    g.mul(
      g.mul(st.flowers, g.fma(named, FLOWER_COVER * 0.6, FLOWER_COVER)),
      g.fma(bloom, g.fma(named, -0.15, 0.8), g.fma(named, 0.15, 0.2)),
    ),
    g.mul(g.mul(grassLeft, g.sub(1, treeDensity)), g.fma(forestCover, -0.75, 1)),
  )
  // Each drift's hue strays a little from the named one; a mixed meadow's (0.5, no colour named)
  // spreads over the whole palette.
  const offMixed = g.sub(st.flowerHue, 0.5)
  const mixed = g.exp(g.mul(g.mul(offMixed, offMixed), -400))
  const spread = g.fma(mixed, 0.47, 0.03)
  // A mixed meadow's drifts are coloured (white heads are sprinkled through every drift): a white
  // drift as dense as a named field's read as frost.
  const flowerHue = g.max(g.min(g.add(st.flowerHue, g.mul(spread, noise.hi[1]!)), 1), g.mul(mixed, 0.2))

  const surface = g.concat(
    [
      color,
      shadow,
      ao,
      gx,
      gz,
      wSnow,
      wRock,
      wSand,
      grassLeft,
      lava,
      inp.riverWater,
      canopy,
      flowers,
      flowerHue,
    ],
    1,
  )

  const birch = g.mul(g.ramp(fG, 0.29, 0.34), g.ramp(redOverGreen, 0.4, 0.55))
  // A savanna's acacias: lone umbrella trees scattered over open grass, up to one in ten cells
  // in loose groups hundreds of metres apart, hardly any between; in a world of sparse grass (vegetation 0.2-0.6) whose
  // foliage has the dry, warm cast of one (red at least 0.85 of green). Its canopy never closes
  // (treeCover needs vegetation ~0.7), so "a savanna with acacia trees" was grass to the horizon.
  const savanna = g.mul(
    g.ramp(redOverGreen, 0.85, 1.05),
    g.mul(g.ramp(st.vegetation, 0.2, 0.3), g.ramp(st.vegetation, 0.6, 0.5)),
  )
  const acaciaDensity = g.mul(
    g.mul(g.mul(savanna, g.mul(land, level)), g.mul(corridor, treeClearing)),
    g.mul(g.mul(g.fma(g.ramp(noise.lo[2]!, 0, 0.8), 0.1, 0.003), g.sub(1, wSnow)), g.sub(1, treeDensity)),
  )
  // Cacti and acacias are trees to the object field (one shape, a crown on a trunk); their shares
  // say which. Where none grows each is the world's own leaning (1 where cacti are asked for,
  // where it is a savanna): objects read these fields bilinearly, and a share of 0 beside a
  // cactus's texel made palms of cacti.
  const plants = g.add(g.add(treeDensity, cactusDensity), acaciaDensity)
  const shareOf = (density: Value, leaning: Value): Value =>
    g.div(g.fma(leaning, 0.02, density), g.add(plants, 0.02))
  const cactusShare = shareOf(cactusDensity, cactusLeaning)
  const acaciaShare = shareOf(acaciaDensity, g.mul(savanna, g.sub(1, cactusLeaning)))
  const cells = g.concat(
    [
      plants,
      shrubDensity,
      boulderDensity,
      conifer,
      palm,
      birch,
      wSnow,
      st.foliage,
      rockColor,
      houseDensity,
      cactusShare,
      acaciaShare,
    ],
    1,
  )
  return { surface, cells, ground, x, z, texel }
}

/**
 * The far field's two outputs: the height the far march steps against (water is the plane
 * y = 0) and [1, FAR_CHANNELS, F, F] albedo rgb, sun visibility, the gradient of that height and
 * water. Trees are too small to march out there: their crowns' colour covers the ground instead.
 */
export function farFields(g: GraphBuilder, baked: BakedGround): [Value, Value] {
  const height = g.max(baked.ground, 0)
  const [gx, gz] = gradient(g, height, baked.texel)
  const [albedo, shadow] = g.split(baked.surface, 1, [3, 1, 12])
  const [plants, , foliage, , , cactusShare] = g.split(baked.cells, 1, [1, 6, 3, 3, 1, 1, 1])
  // Cacti are too thin to colour the ground from afar; crowns are the near ones' muted green.
  const trees = g.mul(plants!, g.sub(1, cactusShare!))
  const canopy = g.mul(g.mul(muteGreens(g, foliage!, 0.6), 0.6), g.fma(trees, -0.2, 1))
  const color = g.lerp(albedo!, canopy, g.mul(trees, 0.85))
  const water = g.ramp(baked.ground, 0.05, -0.3)
  const surface = g.concat([color, shadow!, gx, gz, water], 1)
  if (FAR_CHANNELS !== 7) throw new Error('farFields writes 7 channels')
  return [height, surface]
}
