/**
 * The object field: one tree, shrub or boulder (or nothing) per OBJECT_CELL-metre cell, drawn
 * from the densities and species mix baked with the surface. The render stage marches these as
 * shapes (a crown of revolution on a trunk), so each object has the depth of its colour and sky
 * shows between crowns.
 *
 * Crown of revolution: with r the distance from the object's axis and f = 1 - (r / R)^p, the crown
 * spans heights [hc - Vb f, hc + Vt f] above the ground (empty where f < 0); p = 1 is a cone
 * (spruce), p ~ 2 a dome (oak, birch), p < 1 a flat spray (palm fronds). The trunk is a cylinder
 * of radius rt from the ground to hc. A house is the same shape: a round wall (the trunk, as wide
 * as a room) under a conical roof whose eaves overhang it, so the march needs no second shape.
 */
import type { GraphBuilder, Value } from './graph'
import { latticeTexture } from './textures'
import { muteGreens, rgb } from './colour'
import {
  FIELD_HALF,
  LEAFY_P_MAX,
  LEAFY_P_MIN,
  OBJECT_ANGLE,
  OBJECT_CELL,
  OBJECT_SIZE,
  objectRowShift,
  PALM_P,
  sampleWrappedNchw,
  TALLEST_OBJECT,
  type TileOffsets,
} from './world-layout'

interface Shape {
  R: Value | number
  p: Value | number
  hc: Value | number
  vt: Value | number
  vb: Value | number
  /** Trunk radius in metres; null for none. */
  rt: Value | number | null
}

export interface ObjectFields {
  /** [1, OBJECT_CHANNELS, M, M]: the march parameters (world-layout OBJECT_CHANNELS). */
  objects: Value
  /** [1, LOOK_CHANNELS, M, M]: crown rgb, trunk rgb, kind (0 plant, 1 boulder, 2 house, -1 cactus). */
  looks: Value
  /** [1, 1, M, M]: the top of each cell's object above the ground (m; 0 for none). */
  top: Value
  /** Tallest object top (m above its ground), for the sky slab. */
  tallest: number
}

export function bakeObjects(
  g: GraphBuilder,
  cells: Value,
  seedOffset: Value,
  tile: TileOffsets,
): ObjectFields {
  const M = OBJECT_SIZE
  const S = OBJECT_CELL
  // Cell centres in the object frame (around the tile's object offset, a whole number of cells,
  // so every tile draws a place's object from the same cell), then in the world (the object frame
  // is the world turned by OBJECT_ANGLE: o = Rot * w, so w = Rot^T * o).
  const centres = Array.from({ length: M }, (_, i) => -FIELD_HALF + S * (i + 0.5))
  const shape = g.ints([1, 1, M, M])
  const [offX, offZ] = g.split(tile.object, 1, [1, 1]) as [Value, Value]
  const ox = g.op('Expand', [g.add(g.constant(centres, [1, 1, 1, M]), offX), shape])
  const rowZ = g.add(g.constant(centres, [1, 1, M, 1]), offZ)
  const oz = g.op('Expand', [rowZ, shape])
  // A row's cells are shifted back along x by its shift (world-layout objectRowShift): their
  // objects stand, and sample the fields, there.
  const rowShift = objectRowShift(g, g.floor(g.mul(rowZ, 1 / S)))
  const shiftedX = g.sub(ox, g.mul(rowShift, S))
  const c = Math.cos(OBJECT_ANGLE)
  const s = Math.sin(OBJECT_ANGLE)
  const wx = g.add(g.mul(shiftedX, c), g.mul(oz, s))
  const wz = g.sub(g.mul(oz, c), g.mul(shiftedX, s))
  const grid = g.transpose(g.mul(g.sub(g.concat([wx, wz], 1), tile.field), 1 / FIELD_HALF), [0, 2, 3, 1])
  const at = g.split(g.gridSample(cells, grid, 'bilinear', 'zeros'), 1, [1, 1, 1, 1, 1, 1, 1, 3, 3, 1, 1, 1])
  const [treeD, shrubD, boulderD, conifer, palm, birch, snow, foliage, rock, houseD, cactus, acacia] =
    at as Value[] as [Value, Value, Value, Value, Value, Value, Value, Value, Value, Value, Value, Value]

  // Eight random numbers per cell in [0, 1), from two lattices of coprime periods (so the
  // pattern does not repeat within the field), shifted by the world's seed.
  const cellIdx = g.concat([g.mul(ox, 1 / S), g.mul(oz, 1 / S)], 1)
  const rand = (seed: number, period: number): Value[] => {
    const info = latticeTexture(seed, 4, period, 0)
    const tex = g.constant(info.data, [1, 4, info.size, info.size])
    const coords = g.add(g.mul(g.add(cellIdx, 0.5), 1 / period), seedOffset)
    const v = sampleWrappedNchw(g, tex, info, coords, 'nearest')
    return g.split(g.fma(v, 0.5, 0.5), 1, [1, 1, 1, 1])
  }
  const [u0, u1, u2, u3] = rand(0x0b1ec7, 64) as [Value, Value, Value, Value]
  const [u4, u5, u6, u7] = rand(0x7ee5, 61) as [Value, Value, Value, Value]

  // Trees of every age, 0.65-1.25 of a grown one: one size stood in rows like an orchard's, and a
  // young tree, narrower, also moves further off its cell's centre (`reach` below).
  const size = g.fma(u3, 0.6, 0.65)
  // Crown width apart from height (0.85-1.15): some trees are slender, some spread.
  const spread = g.fma(g.fract(g.fma(u2, 11.3, u7)), 0.3, 0.85)
  const big = g.fma(g.mul(u3, u3), 1.6, 0.5) // boulders: many small, a few big
  const shrubR = g.fma(g.mul(u3, u3), 1.2, 0.45)
  // A third of the cacti are barrels, the rest columns.
  const isBarrel = g.less(u7, 0.35)
  const stemR = g.fma(u6, 0.13, 0.24)
  const shapes: Record<string, Shape> = {
    // Conifers: some keep their lowest tiers near the ground, others stand on a bare trunk.
    conifer: {
      R: g.mul(g.fma(size, 1.7, 0.3), spread),
      p: 1,
      hc: g.fma(g.mul(u6, u6), 1.6, 0.9),
      vt: g.mul(size, 10.5),
      vb: 0.6,
      rt: 0.22,
    },
    broadleaf: {
      R: g.min(g.mul(g.mul(size, 2.7), spread), g.s(3.6)),
      p: 2.3,
      hc: g.mul(size, g.fma(u6, 1.6, 4.4)),
      vt: g.mul(size, 3),
      vb: g.mul(size, 2.4),
      rt: 0.28,
    },
    // Birches: a narrow oval crown that tapers to its top, drooping low down the trunk (a rounder,
    // symmetric lens on a tall bare trunk read as a lollipop).
    birch: {
      R: g.mul(g.mul(size, 1.4), spread),
      p: 2,
      hc: g.mul(size, g.fma(u6, 1.2, 5.8)),
      vt: g.mul(size, 4.6),
      vb: g.mul(size, 2.6),
      rt: 0.14,
    },
    // A palm's crown is eight fronds 2.6-4 m long (render-march crownRadius draws them for
    // PALM_P): a thin arch whose middle stands 0.8-1.6 m over its hc and whose tips droop to it.
    // A lens 2.3 m deep read as a mushroom, a flat 0.45 m cone 6.6 m wide as a lily pad.
    palm: { R: g.mul(size, 3.2), p: PALM_P, hc: g.mul(size, 8), vt: 1.6, vb: -0.8, rt: 0.16 },
    // Shrubs from knee-high tufts to bushes taller than a person: one size read as planted.
    shrub: { R: shrubR, p: 2, hc: 0.15, vt: g.mul(shrubR, 0.8), vb: 0.3, rt: null },
    // Boulders from flat slabs to tall blocks: one height for their width made every one the
    // same bun.
    boulder: {
      R: big,
      p: 2.6,
      hc: g.mul(big, -0.25),
      vt: g.mul(big, g.fma(u7, 0.5, 0.6)),
      vb: big,
      rt: null,
    },
    // Round houses: walls 2.4-2.9 m high and 2-2.6 m out, a cone roof 2.3-3.1 m high whose eaves
    // reach 0.7 m past them.
    house: {
      R: g.fma(u3, 0.6, 2.7),
      // A straight cone with neither a conifer's branch tiers (p <= 1.2) nor leaf clumps.
      p: 1.2,
      hc: g.fma(u6, 0.5, 2.4),
      vt: g.fma(u7, 0.8, 2.3),
      vb: 0.25,
      rt: g.fma(u3, 0.6, 2),
    },
    // Cacti: columns (a saguaro without its arms, an organ pipe's stem), a ribbed stem 0.45-0.7 m
    // across and 2.2-6.7 m tall whose top is rounded by a crown no wider than it; and barrels, a
    // ribbed dome 0.6-1.1 m across and up to 1.3 m tall, on no stem.
    cactus: {
      R: g.where(isBarrel, g.fma(u6, 0.25, 0.3), stemR),
      p: g.where(isBarrel, g.s(2.4), g.s(2)),
      hc: g.where(isBarrel, g.s(0.05), g.fma(g.mul(u3, u3), 4.5, 2.2)),
      vt: g.where(isBarrel, g.fma(u3, 0.5, 0.7), g.mul(stemR, 0.9)),
      vb: g.where(isBarrel, g.s(0.05), g.s(0.1)),
      rt: g.where(isBarrel, g.s(0.01), g.fma(u6, 0.12, 0.22)),
    },
    // Acacias: the savanna's umbrella, a flat-topped crown 5-9 m across and ~1.2 m deep on a bare
    // trunk 3-4.5 m tall.
    acacia: {
      R: g.fma(size, 2.4, 0.8),
      p: 4,
      hc: g.fma(size, 1.6, 2),
      vt: g.fma(u6, 0.3, 0.5),
      vb: 0.6,
      rt: 0.22,
    },
    none: { R: 0.001, p: 1, hc: -1000, vt: 0, vb: 0, rt: null },
  }
  // Which object stands in each cell: a house with probability houseD, else a tree with treeD,
  // else a shrub, else a boulder.
  const isHouse = g.less(u0, houseD)
  const isTree = g.less(u0, g.add(houseD, treeD))
  const isShrub = g.less(u0, g.add(g.add(houseD, treeD), shrubD))
  const isBoulder = g.less(u0, g.add(g.add(g.add(houseD, treeD), shrubD), boulderD))
  const isConifer = g.less(u1, conifer)
  const isPalm = g.less(u1, g.add(conifer, palm))
  const isBirch = g.greater(u1, g.sub(1, birch))
  // A second draw from the cell's numbers: cacti and acacias mix with any species.
  const draw = g.fract(g.fma(u1, 13.7, u4))
  const isCactus = g.less(draw, cactus)
  const isAcacia = g.op('And', [g.op('Not', [isCactus]), g.less(draw, g.add(cactus, acacia))])
  const pick = (f: (s: Shape) => Value | number): Value => {
    const v = (k: string): Value => {
      const x = f(shapes[k]!)
      return typeof x === 'number' ? g.s(x) : x
    }
    const decid = g.where(isBirch, v('birch'), v('broadleaf'))
    const tree = g.where(
      isCactus,
      v('cactus'),
      g.where(isAcacia, v('acacia'), g.where(isConifer, v('conifer'), g.where(isPalm, v('palm'), decid))),
    )
    const other = g.where(isShrub, v('shrub'), g.where(isBoulder, v('boulder'), v('none')))
    return g.where(isHouse, v('house'), g.where(isTree, tree, other))
  }
  const R = pick((s) => s.R)
  const vt = pick((s) => s.vt)
  const vb = pick((s) => s.vb)
  const rt = pick((s) => s.rt ?? -100 * S)
  // The object stays inside its cell: its centre moves at most as far as its crown allows.
  const reach = g.relu(g.sub(0.5, g.div(g.add(g.max(R, rt), 0.3), S)))
  const jitter = g.mul(g.fma(g.concat([u2, u5], 1), 2, -1), reach)
  const p = pick((s) => s.p)
  const hc = pick((s) => s.hc)
  // A leafy crown's layers of clumps (render-march crownRadius) steepen its sides: with the
  // profile's slope alone the march stepped into them, and lost 1.5 % of a birch grove's crown
  // pixels against the sky to a careful march (tests/integration/model-march.test.ts).
  const leafy = g.op('And', [g.greater(p, LEAFY_P_MIN), g.less(p, LEAFY_P_MAX)])
  const clumped = g.where(leafy, g.s(1.25), g.s(1))
  const steepest = g.mul(g.div(g.mul(p, g.max(vt, vb)), g.max(R, 0.05)), clumped)
  const lipschitz = g.op('Reciprocal', [g.sqrt(g.fma(steepest, steepest, 1))])
  const objects = g.concat(
    [
      g.add(jitter, 0.5),
      g.div(R, S),
      p,
      hc,
      g.mul(g.add(vt, vb), 0.5),
      g.mul(g.sub(vt, vb), 0.5),
      g.div(rt, S),
      lipschitz,
    ],
    1,
  )

  // Looks: crown tint by species and a per-object variation; snow on conifers in a snowy world.
  const vary = g.fma(u4, 0.5, 0.75)
  const leaf = (tint: [number, number, number]): Value => g.mul(foliage, rgb(g, ...tint))
  const decidLeaf = g.where(isBirch, leaf([1.2, 1.1, 0.75]), foliage)
  // Leaves in a photograph are a muted green (sunlit spruce ~sRGB 60, 80, 45; birch ~120, 150,
  // 60): the style's foliage is as saturated as the lexicon needs to tell species apart, and
  // crowns drawn in it were toy-coloured (a pine forest's sunlit crowns 44, 107, 73, teal; birches
  // lime 171, 198, 67), shrubs too; autumn's colours are as bright as
  // the lexicon makes them. Conifers are dark olive, not blue.
  const treeLeaf = g.where(
    isConifer,
    leaf([0.95, 0.85, 0.7]),
    g.where(isPalm, leaf([1.1, 1.2, 0.8]), decidLeaf),
  )
  const plant = g.lerp(
    g.mul(muteGreens(g, g.where(isTree, treeLeaf, leaf([0.9, 0.9, 0.8])), 0.6), vary),
    rgb(g, 0.7, 0.73, 0.78),
    g.mul(snow, 0.45),
  )
  // Cactus green: a dusty sage, the same on the stem and its rounded top.
  const cactusGreen = g.mul(rgb(g, 0.17, 0.22, 0.1), vary)
  // A boulder in a wood or among shrubs carries moss and lichen, darker and greener than bare
  // rock: in the style's rock colour, pale enough for a mountainside seen through haze, a boulder
  // in an oak wood's grass 8 m off was a white dome (sRGB ~191, 187, 181).
  const mossy = g.mul(g.sat(g.mul(g.add(treeD, shrubD), 1.5)), g.sub(1, snow))
  const stone = g.lerp(
    g.mul(rock, g.fma(u6, 0.35, 0.65)),
    g.mul(muteGreens(g, foliage, 0.6), 0.45),
    g.mul(mossy, g.fma(u4, 0.3, 0.25)),
  )
  const isRock = g.op('And', [g.op('Not', [isShrub]), isBoulder])
  const isCactusTree = g.op('And', [isTree, isCactus])
  // An acacia keeps its small leaves green through the dry season the grass under it is in.
  const acaciaLeaf = g.mul(muteGreens(g, g.lerp(foliage, rgb(g, 0.09, 0.13, 0.045), 0.65), 0.6), vary)
  const crown = g.where(
    isRock,
    stone,
    g.where(isCactusTree, cactusGreen, g.where(g.op('And', [isTree, isAcacia]), acaciaLeaf, plant)),
  )
  const bark = g.where(
    isConifer,
    rgb(g, 0.13, 0.085, 0.055),
    g.where(
      isPalm,
      // A palm's trunk is a pale grey-brown (darker, it read as a telephone pole).
      rgb(g, 0.42, 0.36, 0.28),
      g.where(isBirch, rgb(g, 0.72, 0.7, 0.64), rgb(g, 0.11, 0.08, 0.06)),
    ),
  )
  const trunk = g.where(
    isCactusTree,
    cactusGreen,
    // An acacia's bark is grey-brown and rough (a savanna's birch share is the foliage's, not its).
    g.mul(g.where(isAcacia, rgb(g, 0.2, 0.16, 0.12), bark), g.fma(u7, 0.3, 0.85)),
  )
  // Houses: roofs of thatch, red tile or slate, walls of whitewash, ochre plaster, timber or stone,
  // picked independently; snow lies on the roofs of a snowy world.
  const choose = (u: Value, colours: [number, number, number][]): Value =>
    colours
      .slice(1)
      .reduce<Value>(
        (acc, c, i) => g.where(g.less(u, (i + 1) / colours.length), acc, rgb(g, ...c)),
        rgb(g, ...colours[0]!),
      )
  const roof = g.lerp(
    choose(u4, [
      [0.36, 0.27, 0.15],
      [0.42, 0.14, 0.07],
      [0.16, 0.17, 0.19],
    ]),
    rgb(g, 0.75, 0.77, 0.8),
    g.mul(snow, 0.7),
  )
  const wall = choose(g.fract(g.fma(u4, 7.3, u7)), [
    [0.62, 0.6, 0.55],
    [0.55, 0.42, 0.26],
    [0.25, 0.17, 0.1],
    [0.4, 0.38, 0.35],
  ])
  // What the object is made of, for shading: 0 a plant, 1 a boulder, 2 a house, -1 a cactus.
  const kind = g.where(isHouse, g.s(2), g.where(isRock, g.s(1), g.where(isCactusTree, g.s(-1), g.s(0))))
  const looks = g.concat([g.where(isHouse, roof, crown), g.where(isHouse, wall, trunk), kind], 1)
  // Shape of `looks` with a boolean `where` can lose the batch shape: expand to be sure.
  // Crowns span [hc - vb f, hc + vt f] and trunks [0, hc]: nothing in the cell rises above hc + vt.
  const top = g.relu(g.add(hc, vt))
  return {
    objects,
    top,
    looks: g.op('Expand', [looks, g.ints([1, 7, M, M])]),
    tallest: TALLEST_OBJECT,
  }
}
