import { SplatAccumulator, SplatMesh, defines, setPackedSplat, type PackedSplats } from '@sparkjsdev/spark'
import { concatChunks } from '../core/concat-chunks'
import { WORDS_PER_SPLAT, type SplatBatch } from '../core/lift'
import { RowPackedSplats, type SendRows } from './row-packed-splats'

const SPARK_ROW = defines.SPLAT_TEX_WIDTH

/**
 * Splats [from, from + n) of a batch's struct-of-arrays encoded straight into Spark's 16-byte
 * packed layout in `out` from splat `to` (no per-splat objects), centres relative to `origin`
 * (stored as float16s: see PageGroups.origin). The SplatStore's encoder (SplatEncoder.encode).
 */
export function encodeSplats(
  batch: SplatBatch,
  from: number,
  n: number,
  out: Uint32Array,
  to: number,
  origin: readonly [number, number, number],
): void {
  const { centers: c, scales: s, quats: q, colors: rgb, opacities: a } = batch
  const [ox, oy, oz] = origin
  for (let k = 0; k < n; k++) {
    const i = from + k
    const i3 = 3 * i
    const i4 = 4 * i
    const x = nearestFloat16(c[i3]! - ox)
    const y = nearestFloat16(c[i3 + 1]! - oy)
    const z = nearestFloat16(c[i3 + 2]! - oz)
    // Never narrower than the grid its centre is stored on (see HALF_STEP_SIGMA).
    const least = HALF_STEP_SIGMA * float16Step(Math.max(Math.abs(x), Math.abs(y), Math.abs(z)))
    setPackedSplat(
      out,
      to + k,
      x,
      y,
      z,
      Math.max(s[i3]!, least),
      Math.max(s[i3 + 1]!, least),
      s[i3 + 2]!,
      q[i4]!,
      q[i4 + 1]!,
      q[i4 + 2]!,
      q[i4 + 3]!,
      a[i]!,
      rgb[i3]!,
      rgb[i3 + 1]!,
      rgb[i3 + 2]!,
    )
  }
}

/**
 * A splat's width (standard deviation) at least this many steps of the float16 grid its centre is
 * stored on. Spark keeps centres as float16s, relative to the group's origin: 3 cm steps at 32-64 m
 * from it. A 256 px detail frame's splats near the viewer are 1-2 cm wide, and snapped to that grid
 * they drew the near water as a checkerboard of splats and gaps (the sky panorama behind showing
 * through); as wide as the lifter makes neighbours one footprint apart (0.6), they close it.
 */
const HALF_STEP_SIGMA = 0.6

/**
 * A double and its two 32-bit halves (high at [1]), to read and build powers of two from the
 * exponent bits: encoding runs for every splat filed on the main thread, and Math.log2 and a power
 * there tripled its cost (300k splats, 48 -> 150 ms in Node).
 */
const scratch = new Float64Array(1)
const halves = new Uint32Array(scratch.buffer)

/** 2^(exponent of `v` + shift): `v` a positive normal double, the result in range. */
function powerOfTwoNear(v: number, shift: number): number {
  scratch[0] = v
  const exponent = (halves[1]! >>> 20) & 0x7ff
  halves[1] = (exponent + shift) << 20
  halves[0] = 0
  return scratch[0]!
}

/** The step between neighbouring float16 values around magnitude `v` (normal range). */
export function float16Step(v: number): number {
  return v < 2 ** -14 ? 2 ** -24 : powerOfTwoNear(v, -10)
}

/**
 * The float16 value nearest `v`. Spark converts centres itself, but where there is no
 * Float16Array (Node; Safari before 18.2) its fallback truncates the mantissa: a lake's splats at
 * y = +-0.00001 100 m under their group's origin came out 0 or 6 cm up, two layers whose rows
 * alternated at a grazing angle. A value already on the grid converts exactly either way.
 */
export function nearestFloat16(v: number): number {
  const step = float16Step(Math.abs(v))
  return Math.round(v / step) * step
}

/** A whole batch packed (exactly `4 * count` words): a part to be joined into a mesh. */
export function packSplats(
  batch: SplatBatch,
  origin: readonly [number, number, number] = [0, 0, 0],
): Uint32Array {
  const packed = new Uint32Array(WORDS_PER_SPLAT * batch.count)
  encodeSplats(batch, 0, batch.count, packed, 0, origin)
  return packed
}

/**
 * One Spark mesh of already packed parts, joined by plain copies (no splat is encoded again), so
 * a mesh of many pages rebuilds at memcpy speed when one of them changes. With `sendRows`, a
 * refill sends the texture rows it changed, not the whole texture (refillSplatMesh).
 */
export function buildSplatMesh(
  parts: readonly Uint32Array[],
  name = 'splat-page',
  sendRows: SendRows | null = null,
): SplatMesh {
  const words = wordsIn(parts)
  const n = words / WORDS_PER_SPLAT
  const packed = concatChunks(parts, () => wholeRows(n), words)
  return meshOver(new RowPackedSplats({ packedArray: packed, numSplats: n }), sendRows, name)
}

/**
 * A packed array for `n` splats in whole texture rows: Spark stores splats in 2048-wide rows and
 * rounds a packed array's capacity down to whole rows, so an array sized to exactly n splats would
 * show none (or lose the last row).
 */
function wholeRows(n: number): Uint32Array {
  return new Uint32Array(WORDS_PER_SPLAT * SPARK_ROW * Math.max(1, Math.ceil(n / SPARK_ROW)))
}

function meshOver(packedSplats: RowPackedSplats, sendRows: SendRows | null, name: string): SplatMesh {
  packedSplats.sendRows = sendRows
  const mesh = new SplatMesh({ packedSplats, raycastable: false })
  mesh.name = name
  return mesh
}

/** Splats [from, to) of a mesh's array changed: their rows are sent (or, without rows, the whole). */
function splatsChanged(splats: PackedSplats, from: number, to: number): void {
  if (splats instanceof RowPackedSplats)
    splats.markRows(Math.floor(from / SPARK_ROW), Math.ceil(to / SPARK_ROW))
  else splats.needsUpdate = true
}

/**
 * A mesh's array is given back (the mesh built again at its size) once it holds less than this
 * share of its capacity. Growth doubles it (so a grown array is at least half full); a group that
 * lost most of its pages would otherwise keep an array and texture several times what it draws,
 * and a threshold under a half keeps a group that shrinks a little from being rebuilt each time.
 */
const SHRINK_BELOW = 1 / 3

/**
 * Writes packed parts into a mesh built by `buildSplatMesh`, in place: the same SplatMesh,
 * PackedSplats and texture, its array grown by Spark's doubling when they do not fit.
 * A new mesh per change cost a Spark generator, a shader program compiled for it (8-18 ms on the
 * main thread in the pacing bench's traces) and a texture. Parts before `firstChanged` are the
 * ones the array already holds (the same pages, unchanged, in the same places), so only the parts
 * from there are copied, and (for a mesh built with `sendRows`) only the texture rows from there
 * are sent: a page growing at the end of its group sends its own rows, not the group's. Returns
 * false, changing nothing, when the parts would fill less than SHRINK_BELOW of the array: build a
 * smaller mesh instead.
 */
export function refillSplatMesh(mesh: SplatMesh, parts: readonly Uint32Array[], firstChanged = 0): boolean {
  const splats = mesh.packedSplats
  if (!splats) return false
  const words = wordsIn(parts)
  const n = words / WORDS_PER_SPLAT
  if (n < splats.maxSplats * SHRINK_BELOW && splats.maxSplats > SPARK_ROW) return false
  const capacity = splats.maxSplats
  const array = splats.ensureSplats(n)
  let at = 0
  for (let i = 0; i < firstChanged; i++) at += parts[i]!.length
  let to = at
  for (let i = firstChanged; i < parts.length; i++) {
    array.set(parts[i]!, to)
    to += parts[i]!.length
  }
  splats.numSplats = n
  // A grown array is a new texture, sent whole.
  if (splats.maxSplats === capacity) splatsChanged(splats, at / WORDS_PER_SPLAT, n)
  else splats.needsUpdate = true
  // The new version makes Spark generate again, reading the texture (and sending its rows).
  mesh.updateVersion()
  return true
}

/**
 * A mesh to hold `capacity` splats, filled over several display frames by `fillSplatMesh`: a
 * placed import of a million splats, encoded and uploaded in one frame, held the main thread for
 * 172 ms (pacing bench). Its texture is allocated, not uploaded whole; each fill sends its own rows.
 */
export function createFillingMesh(capacity: number, sendRows: SendRows | null, name: string): SplatMesh {
  const packedSplats = new RowPackedSplats({ packedArray: wholeRows(capacity), numSplats: 0 })
  packedSplats.fillsByRows = true
  return meshOver(packedSplats, sendRows, name)
}

/**
 * Encodes up to `n` more of `batch`'s splats into a mesh from `createFillingMesh`, after those it
 * holds, and marks their rows to be sent; returns how many it holds now.
 */
export function fillSplatMesh(mesh: SplatMesh, batch: SplatBatch, n: number): number {
  const splats = mesh.packedSplats!
  const from = splats.numSplats
  const count = Math.max(0, Math.min(n, batch.count - from))
  if (count === 0) return from
  encodeSplats(batch, from, count, splats.packedArray!, from, [0, 0, 0])
  splats.numSplats = from + count
  splatsChanged(splats, from, from + count)
  mesh.updateVersion()
  return from + count
}

/** One batch as one Spark mesh, built in one go (the bench's bare page). */
export function buildPageMesh(batch: SplatBatch): SplatMesh {
  return buildSplatMesh([packSplats(batch)])
}

/**
 * Disposes a mesh and the shader material Spark compiled to draw it. Spark keeps one
 * RawShaderMaterial per mesh generator (`SplatAccumulator.generatorProgram`) and never disposes
 * it, so three.js's shader cache held every one, and through its uniforms the mesh's packed-splat
 * texture, for the page's life: ~4 KB per mesh ever rebuilt, 85 KB per world switch (measured by
 * the pacing bench's world switches, heap snapshots before and after).
 */
export function disposeSplatMesh(mesh: SplatMesh): void {
  for (const generator of [mesh.generator, mesh.covGenerator]) {
    if (generator) SplatAccumulator.generatorProgram.get(generator)?.prepareMaterial().dispose()
  }
  mesh.dispose()
}

function wordsIn(parts: readonly Uint32Array[]): number {
  let words = 0
  for (const p of parts) words += p.length
  return words
}
