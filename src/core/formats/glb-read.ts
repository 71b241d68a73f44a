/** Reads the first KHR_gaussian_splatting primitive of a .glb, checking every length and index (see glb.ts). */
import { createSplatBatch } from '../lift/splat-batch'
import { FormatError } from './format-error'
import { checkFinite, checkSplatCount, type ImportedSplats } from './imported'
import type { ImportLimits } from './limits'
import { clamp01, dcToColor, normalizeQuatAt } from './splat-math'
import {
  GLB_MAGIC,
  CHUNK_JSON,
  CHUNK_BIN,
  FLOAT,
  UNSIGNED_BYTE,
  UNSIGNED_SHORT,
  UNSIGNED_INT,
  BYTE,
  SHORT,
  EXT,
  ATTR_ROTATION,
  ATTR_SCALE,
  ATTR_OPACITY,
  ATTR_SH0,
  linearToSrgb,
} from './glb-spec'
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
