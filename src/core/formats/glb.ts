/**
 * glTF 2.0 binary (.glb) with the splats as a POINTS primitive carrying the ratified
 * KHR_gaussian_splatting attributes (POSITION, KHR_gaussian_splatting:ROTATION / :SCALE (linear) /
 * :OPACITY (linear) / :SH_DEGREE_0_COEF_0, and COLOR_0 as the point-cloud fallback), plus an
 * optional triangle mesh named "collider" derived from depth (collider.ts). glTF and three.js
 * share axes (right-handed, +Y up, metres), so nothing is converted.
 *
 * The extension is in extensionsUsed but not extensionsRequired: a viewer without it still shows
 * the points. The collider has a fully transparent material so viewers do not draw a sheet over
 * the splats; engines import it as a mesh to use for collision.
 *
 * Round-trip error of write -> read: float32 for positions, rotations, scales and opacities;
 * colour through the SH DC term to 1e-6.
 */
import { createSplatBatch, type SplatBatch } from '../lift/splat-batch'
import type { ColliderMesh } from './collider'
import { FormatError } from './format-error'
import { checkFinite, checkSplatCount, type ImportedSplats } from './imported'
import type { ImportLimits } from './limits'
import { clamp01, colorToDc, dcToColor, normalizeQuatAt, toByte } from './splat-math'

const GLB_MAGIC = 0x46546c67 // "glTF"
const CHUNK_JSON = 0x4e4f534a
const CHUNK_BIN = 0x004e4942
const FLOAT = 5126
const UNSIGNED_BYTE = 5121
const UNSIGNED_SHORT = 5123
const UNSIGNED_INT = 5125
const BYTE = 5120
const SHORT = 5122
const ARRAY_BUFFER = 34962
const ELEMENT_ARRAY_BUFFER = 34963
const EXT = 'KHR_gaussian_splatting'
export const ATTR_ROTATION = `${EXT}:ROTATION`
export const ATTR_SCALE = `${EXT}:SCALE`
export const ATTR_OPACITY = `${EXT}:OPACITY`
export const ATTR_SH0 = `${EXT}:SH_DEGREE_0_COEF_0`

export interface GlbWriteOptions {
  /** A collider mesh to add as a second node; omit for splats only. */
  collider?: ColliderMesh | null
  /** asset.generator. @default 'Worldwalk' */
  generator?: string
}

interface Accessor {
  bufferView: number
  componentType: number
  count: number
  type: string
  normalized?: boolean
  min?: number[]
  max?: number[]
}

/** Accumulates 4-byte-aligned buffer views and their accessors. */
class BinBuilder {
  readonly parts: Uint8Array[] = []
  readonly views: { buffer: 0; byteOffset: number; byteLength: number; target?: number }[] = []
  readonly accessors: Accessor[] = []
  length = 0

  add(
    data: Float32Array | Uint8Array | Uint32Array | Uint16Array,
    acc: Omit<Accessor, 'bufferView'>,
    target?: number,
  ): number {
    const bytes = littleEndianBytes(data)
    this.views.push({
      buffer: 0,
      byteOffset: this.length,
      byteLength: bytes.length,
      ...(target ? { target } : {}),
    })
    this.parts.push(bytes)
    this.length += bytes.length
    const pad = (4 - (this.length % 4)) % 4
    if (pad) {
      this.parts.push(new Uint8Array(pad))
      this.length += pad
    }
    this.accessors.push({ bufferView: this.views.length - 1, ...acc })
    return this.accessors.length - 1
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length)
    let o = 0
    for (const p of this.parts) {
      out.set(p, o)
      o += p.length
    }
    return out
  }
}

function littleEndianBytes(data: Float32Array | Uint8Array | Uint32Array | Uint16Array): Uint8Array {
  if (data instanceof Uint8Array) return data
  const out = new Uint8Array(data.byteLength)
  const view = new DataView(out.buffer)
  const size = data.BYTES_PER_ELEMENT
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!
    if (data instanceof Float32Array) view.setFloat32(i * size, v, true)
    else if (size === 4) view.setUint32(i * size, v, true)
    else view.setUint16(i * size, v, true)
  }
  return out
}

/** Per-component min and max as float32 values, as the validator checks them. */
function minMax(data: Float32Array, comps: number): { min: number[]; max: number[] } {
  const min = new Array<number>(comps).fill(Infinity)
  const max = new Array<number>(comps).fill(-Infinity)
  for (let i = 0; i < data.length; i++) {
    const c = i % comps
    const v = data[i]!
    if (v < min[c]!) min[c] = v
    if (v > max[c]!) max[c] = v
  }
  return { min, max }
}

function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055
}

/** Encodes the splats (and an optional collider) as a .glb. */
export function writeGlb(b: SplatBatch, options: GlbWriteOptions = {}): Uint8Array {
  const n = b.count
  if (n === 0) throw new RangeError('glb: no splats to export')
  const bin = new BinBuilder()
  const positions = b.centers.slice(0, 3 * n)
  const quats = b.quats.slice(0, 4 * n)
  for (let i = 0; i < n; i++) normalizeQuatAt(quats, i)
  const sh0 = new Float32Array(3 * n)
  const fallback = new Uint8Array(4 * n)
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const v = b.colors[3 * i + c]!
      sh0[3 * i + c] = colorToDc(v)
      // COLOR_0 is linear in glTF; the splat colour is sRGB.
      fallback[4 * i + c] = toByte(srgbToLinear(clamp01(v)) * 255)
    }
    fallback[4 * i + 3] = toByte(b.opacities[i]! * 255)
  }
  const attributes: Record<string, number> = {
    POSITION: bin.add(
      positions,
      { componentType: FLOAT, count: n, type: 'VEC3', ...minMax(positions, 3) },
      ARRAY_BUFFER,
    ),
    COLOR_0: bin.add(
      fallback,
      { componentType: UNSIGNED_BYTE, normalized: true, count: n, type: 'VEC4' },
      ARRAY_BUFFER,
    ),
    [ATTR_ROTATION]: bin.add(quats, { componentType: FLOAT, count: n, type: 'VEC4' }, ARRAY_BUFFER),
    [ATTR_SCALE]: bin.add(
      b.scales.slice(0, 3 * n),
      { componentType: FLOAT, count: n, type: 'VEC3' },
      ARRAY_BUFFER,
    ),
    [ATTR_OPACITY]: bin.add(
      b.opacities.slice(0, n),
      { componentType: FLOAT, count: n, type: 'SCALAR' },
      ARRAY_BUFFER,
    ),
    [ATTR_SH0]: bin.add(sh0, { componentType: FLOAT, count: n, type: 'VEC3' }, ARRAY_BUFFER),
  }
  const meshes: unknown[] = [
    {
      name: 'splats',
      primitives: [
        {
          mode: 0,
          attributes,
          extensions: { [EXT]: { kernel: 'ellipse', colorSpace: 'srgb_rec709_display' } },
        },
      ],
    },
  ]
  const nodes: unknown[] = [{ name: 'splats', mesh: 0 }]
  const c = options.collider
  const materials: unknown[] = []
  if (c && c.indices.length > 0) {
    const vc = c.positions.length / 3
    const pos = bin.add(
      c.positions,
      { componentType: FLOAT, count: vc, type: 'VEC3', ...minMax(c.positions, 3) },
      ARRAY_BUFFER,
    )
    const nor = bin.add(c.normals, { componentType: FLOAT, count: vc, type: 'VEC3' }, ARRAY_BUFFER)
    const small = vc <= 65535
    const idx = bin.add(
      small ? Uint16Array.from(c.indices) : c.indices,
      { componentType: small ? UNSIGNED_SHORT : UNSIGNED_INT, count: c.indices.length, type: 'SCALAR' },
      ELEMENT_ARRAY_BUFFER,
    )
    materials.push({
      name: 'collider (invisible)',
      pbrMetallicRoughness: { baseColorFactor: [0.5, 0.5, 0.5, 0], metallicFactor: 0 },
      alphaMode: 'BLEND',
    })
    meshes.push({
      name: 'collider',
      primitives: [{ mode: 4, attributes: { POSITION: pos, NORMAL: nor }, indices: idx, material: 0 }],
    })
    nodes.push({
      name: 'collider',
      mesh: 1,
      extras: { worldwalk: { role: 'collider', cellSize: c.cellSize } },
    })
  }
  const binBytes = bin.bytes()
  const json = {
    asset: { version: '2.0', generator: options.generator ?? 'Worldwalk' },
    extensionsUsed: [EXT],
    scene: 0,
    scenes: [{ name: 'world', nodes: nodes.map((_, i) => i) }],
    nodes,
    meshes,
    ...(materials.length ? { materials } : {}),
    accessors: bin.accessors,
    bufferViews: bin.views,
    buffers: [{ byteLength: binBytes.length }],
  }
  return packGlb(json, binBytes)
}

function packGlb(json: unknown, bin: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(json))
  const jsonLength = Math.ceil(text.length / 4) * 4
  const total = 12 + 8 + jsonLength + 8 + bin.length
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)
  view.setUint32(0, GLB_MAGIC, true)
  view.setUint32(4, 2, true)
  view.setUint32(8, total, true)
  view.setUint32(12, jsonLength, true)
  view.setUint32(16, CHUNK_JSON, true)
  out.set(text, 20)
  out.fill(0x20, 20 + text.length, 20 + jsonLength) // JSON is padded with spaces
  view.setUint32(20 + jsonLength, bin.length, true)
  view.setUint32(24 + jsonLength, CHUNK_BIN, true)
  out.set(bin, 28 + jsonLength)
  return out
}

// ---- reading ----

type Json = Record<string, unknown>

function fail(code: 'bad-header' | 'unsupported' | 'length-mismatch', message: string): never {
  throw new FormatError(code, message, 'glb')
}

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function nonNegInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    fail('bad-header', `${what} must be a non-negative integer`)
  return v
}

const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 }
const COMPONENT_SIZE: Record<number, number> = {
  [BYTE]: 1,
  [UNSIGNED_BYTE]: 1,
  [SHORT]: 2,
  [UNSIGNED_SHORT]: 2,
  [UNSIGNED_INT]: 4,
  [FLOAT]: 4,
}

interface GlbDoc {
  json: Json
  bin: Uint8Array
}

function parseContainer(bytes: Uint8Array, limits: ImportLimits): GlbDoc {
  if (bytes.length > limits.maxBytes)
    throw new FormatError('too-large', `${bytes.length} bytes, over the ${limits.maxBytes}-byte limit`, 'glb')
  if (bytes.length < 20) fail('bad-header', 'shorter than a GLB header')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== GLB_MAGIC) throw new FormatError('unknown-format', 'no glTF magic', 'glb')
  if (view.getUint32(4, true) !== 2) fail('unsupported', `GLB version ${view.getUint32(4, true)} (only 2)`)
  if (view.getUint32(8, true) !== bytes.length)
    fail('length-mismatch', `header declares ${view.getUint32(8, true)} bytes, file has ${bytes.length}`)
  const jsonLength = view.getUint32(12, true)
  if (view.getUint32(16, true) !== CHUNK_JSON) fail('bad-header', 'first chunk is not JSON')
  if (jsonLength > limits.maxHeaderBytes)
    throw new FormatError(
      'too-large',
      `JSON chunk of ${jsonLength} bytes, over the ${limits.maxHeaderBytes}-byte limit`,
      'glb',
    )
  if (20 + jsonLength > bytes.length) fail('length-mismatch', 'JSON chunk runs past the end of the file')
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(20, 20 + jsonLength)))
  } catch (err) {
    fail('bad-header', `JSON chunk does not parse (${(err as Error).message})`)
  }
  if (!isRecord(json)) fail('bad-header', 'JSON chunk is not an object')
  let bin: Uint8Array = new Uint8Array(0)
  const binAt = 20 + Math.ceil(jsonLength / 4) * 4
  if (binAt + 8 <= bytes.length) {
    const binLength = view.getUint32(binAt, true)
    if (view.getUint32(binAt + 4, true) !== CHUNK_BIN) fail('bad-header', 'second chunk is not BIN')
    if (binAt + 8 + binLength > bytes.length)
      fail('length-mismatch', 'BIN chunk runs past the end of the file')
    bin = bytes.subarray(binAt + 8, binAt + 8 + binLength)
  }
  return { json, bin }
}

/** Reads accessor `index` as floats (normalised integers mapped to [0, 1] or [-1, 1]). */
function readAccessor(
  doc: GlbDoc,
  index: unknown,
  type: string,
  allowed: readonly number[],
  name: string,
): Float32Array {
  const accessors = doc.json.accessors
  const views = doc.json.bufferViews
  const buffers = doc.json.buffers
  if (!Array.isArray(accessors) || !Array.isArray(views) || !Array.isArray(buffers))
    fail('bad-header', 'missing accessors, bufferViews or buffers')
  const acc: unknown = accessors[nonNegInt(index, `${name} accessor index`)]
  if (!isRecord(acc)) fail('bad-header', `${name}: accessor ${String(index)} does not exist`)
  if (acc.sparse !== undefined) fail('unsupported', `${name}: sparse accessors`)
  if (acc.type !== type) fail('bad-header', `${name}: accessor type ${String(acc.type)}, expected ${type}`)
  const componentType = acc.componentType as number
  if (!allowed.includes(componentType))
    fail('unsupported', `${name}: component type ${String(componentType)}`)
  if (componentType !== FLOAT && acc.normalized !== true)
    fail('unsupported', `${name}: integer components must be normalized`)
  const count = nonNegInt(acc.count, `${name} count`)
  const comps = COMPONENTS[type]!
  const size = COMPONENT_SIZE[componentType]!
  const bv: unknown = views[nonNegInt(acc.bufferView, `${name} bufferView`)]
  if (!isRecord(bv)) fail('bad-header', `${name}: bufferView ${String(acc.bufferView)} does not exist`)
  if (bv.buffer !== 0 || !isRecord(buffers[0]) || buffers[0].uri !== undefined)
    fail('unsupported', `${name}: data outside the GLB's own BIN chunk`)
  const viewOffset = nonNegInt(bv.byteOffset ?? 0, 'bufferView.byteOffset')
  const viewLength = nonNegInt(bv.byteLength, 'bufferView.byteLength')
  if (viewOffset + viewLength > doc.bin.length)
    fail('length-mismatch', `${name}: bufferView runs past the BIN chunk`)
  const elem = comps * size
  const stride = bv.byteStride === undefined ? elem : nonNegInt(bv.byteStride, 'byteStride')
  if (stride < elem) fail('bad-header', `${name}: byteStride ${stride} smaller than an element (${elem})`)
  const accOffset = nonNegInt(acc.byteOffset ?? 0, `${name} byteOffset`)
  if (count > 0 && accOffset + (count - 1) * stride + elem > viewLength)
    fail(
      'length-mismatch',
      `${name}: ${count} elements x ${stride} bytes do not fit the ${viewLength}-byte view`,
    )
  const view = new DataView(doc.bin.buffer, doc.bin.byteOffset + viewOffset, viewLength)
  const out = new Float32Array(count * comps)
  for (let i = 0; i < count; i++) {
    const base = accOffset + i * stride
    for (let c = 0; c < comps; c++) {
      const o = base + c * size
      let v: number
      switch (componentType) {
        case FLOAT: v = view.getFloat32(o, true); break
        case UNSIGNED_BYTE: v = view.getUint8(o) / 255; break
        case UNSIGNED_SHORT: v = view.getUint16(o, true) / 65535; break
        case BYTE: v = Math.max(-1, view.getInt8(o) / 127); break
        default: v = Math.max(-1, view.getInt16(o, true) / 32767)
      } // prettier-ignore
      out[i * comps + c] = v
    }
  }
  return out
}

function accessorCount(doc: GlbDoc, index: unknown): number {
  const accessors = doc.json.accessors
  const acc: unknown = Array.isArray(accessors)
    ? accessors[typeof index === 'number' ? index : -1]
    : undefined
  return isRecord(acc) ? nonNegInt(acc.count, 'accessor count') : -1
}

/** Decodes the first KHR_gaussian_splatting primitive of a .glb (its mesh-local coordinates). */
export function readGlb(bytes: Uint8Array, limits: ImportLimits): ImportedSplats {
  const doc = parseContainer(bytes, limits)
  const meshes = Array.isArray(doc.json.meshes) ? (doc.json.meshes as unknown[]) : []
  let attrs: Json | undefined
  for (const m of meshes) {
    const prims: unknown = isRecord(m) ? m.primitives : undefined
    for (const p of Array.isArray(prims) ? (prims as unknown[]) : []) {
      if (isRecord(p) && isRecord(p.extensions) && isRecord(p.extensions[EXT]) && isRecord(p.attributes)) {
        attrs = p.attributes
        break
      }
    }
    if (attrs) break
  }
  if (!attrs) fail('unsupported', `no ${EXT} primitive (a plain mesh or point cloud, not splats)`)
  for (const a of ['POSITION', ATTR_ROTATION, ATTR_SCALE, ATTR_OPACITY])
    if (attrs[a] === undefined) fail('bad-header', `splat primitive has no ${a} attribute`)
  // Check the count before any accessor is decoded, so a huge declared count allocates nothing.
  const n = accessorCount(doc, attrs.POSITION)
  checkSplatCount(n, limits, 'glb')
  const names = Object.keys(attrs).filter(
    (k) => k === 'POSITION' || k === 'COLOR_0' || k.startsWith(`${EXT}:`),
  )
  for (const k of names)
    if (accessorCount(doc, attrs[k]) !== n) fail('bad-header', `${k} count differs from POSITION (${n})`)
  const s = createSplatBatch(n)
  s.count = n
  s.centers.set(readAccessor(doc, attrs.POSITION, 'VEC3', [FLOAT], 'POSITION'))
  s.quats.set(readAccessor(doc, attrs[ATTR_ROTATION], 'VEC4', [FLOAT, BYTE, SHORT], 'ROTATION'))
  s.scales.set(
    readAccessor(
      doc,
      attrs[ATTR_SCALE],
      'VEC3',
      [FLOAT, BYTE, UNSIGNED_BYTE, SHORT, UNSIGNED_SHORT],
      'SCALE',
    ),
  )
  s.opacities.set(
    readAccessor(doc, attrs[ATTR_OPACITY], 'SCALAR', [FLOAT, UNSIGNED_BYTE, UNSIGNED_SHORT], 'OPACITY'),
  )
  if (attrs[ATTR_SH0] !== undefined) {
    const dc = readAccessor(doc, attrs[ATTR_SH0], 'VEC3', [FLOAT], 'SH_DEGREE_0_COEF_0')
    for (let i = 0; i < 3 * n; i++) s.colors[i] = Number.isFinite(dc[i]) ? dcToColor(dc[i]!) : dc[i]!
  } else if (attrs.COLOR_0 !== undefined) {
    const acc = (doc.json.accessors as Json[])[attrs.COLOR_0 as number]
    const comps = acc?.type === 'VEC3' ? 3 : 4
    const col = readAccessor(
      doc,
      attrs.COLOR_0,
      comps === 3 ? 'VEC3' : 'VEC4',
      [FLOAT, UNSIGNED_BYTE, UNSIGNED_SHORT],
      'COLOR_0',
    )
    for (let i = 0; i < n; i++)
      for (let c = 0; c < 3; c++) s.colors[3 * i + c] = clamp01(linearToSrgb(clamp01(col[comps * i + c]!)))
  } else {
    s.colors.fill(1)
  }
  checkFinite(s, 'glb')
  for (let i = 0; i < n; i++) normalizeQuatAt(s.quats, i)
  let shDegree = 0
  while (attrs[`${EXT}:SH_DEGREE_${shDegree + 1}_COEF_0`] !== undefined) shDegree++
  return { kind: 'splats', format: 'glb', splats: s, shDegree, version: 2 }
}
