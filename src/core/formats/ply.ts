/**
 * 3D Gaussian Splatting .ply, the INRIA trainer's layout: binary little-endian, one `vertex`
 * element with x y z nx ny nz f_dc_0..2 [f_rest_*] opacity (logit) scale_0..2 (log) rot_0..3
 * (w first). Positions are in OpenCV/COLMAP axes like the trainer's output (see axes.ts).
 *
 * Round-trip error of write -> read: float32 everywhere, so positions, scales and rotations come
 * back to float32 rounding (plus the axis flip, exact); colour and opacity through the DC and logit
 * transforms to within 1e-6.
 */
import { createSplatBatch, type SplatBatch } from '../lift/splat-batch'
import { changeAxes, inverseChange, OPENCV_FROM_THREE } from './axes'
import { FormatError } from './format-error'
import { checkFinite, checkSplatCount, type ImportedSplats } from './imported'
import type { ImportLimits } from './limits'
import { colorToDc, dcToColor, logit, logScale, normalizeQuatAt, sigmoid } from './splat-math'

const PROPERTIES = [
  'x', 'y', 'z', 'nx', 'ny', 'nz', 'f_dc_0', 'f_dc_1', 'f_dc_2', 'opacity',
  'scale_0', 'scale_1', 'scale_2', 'rot_0', 'rot_1', 'rot_2', 'rot_3',
] as const // prettier-ignore

/** Encodes the batch (three.js axes) as a degree-0 3DGS .ply in OpenCV axes. */
export function writePly(b: SplatBatch): Uint8Array {
  const n = b.count
  const s = changeAxes(b, OPENCV_FROM_THREE)
  // Niantic's reader wants `element vertex` straight after `format`; comments may sit anywhere.
  const header =
    ['ply', 'format binary_little_endian 1.0', `element vertex ${n}`]
      .concat(PROPERTIES.map((p) => `property float ${p}`))
      .concat(['comment Worldwalk export: OpenCV axes (x right, y down, z forward), metres', 'end_header'])
      .join('\n') + '\n'
  const head = new TextEncoder().encode(header)
  const out = new Uint8Array(head.length + n * PROPERTIES.length * 4)
  out.set(head)
  const f = new Float32Array(n * PROPERTIES.length)
  for (let i = 0, o = 0; i < n; i++) {
    f[o++] = s.centers[3 * i]!
    f[o++] = s.centers[3 * i + 1]!
    f[o++] = s.centers[3 * i + 2]!
    o += 3 // normals: unused by 3DGS, zero as the trainer writes them
    for (let c = 0; c < 3; c++) f[o++] = colorToDc(s.colors[3 * i + c]!)
    f[o++] = logit(s.opacities[i]!)
    for (let a = 0; a < 3; a++) f[o++] = logScale(s.scales[3 * i + a]!)
    f[o++] = s.quats[4 * i + 3]! // w first
    f[o++] = s.quats[4 * i]!
    f[o++] = s.quats[4 * i + 1]!
    f[o++] = s.quats[4 * i + 2]!
  }
  // Float32Array is platform-endian; every platform we target is little-endian, but do not assume.
  const view = new DataView(out.buffer, head.length)
  for (let i = 0; i < f.length; i++) view.setFloat32(4 * i, f[i]!, true)
  return out
}

type ScalarType = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'f32' | 'f64'

const TYPES: Record<string, ScalarType> = {
  char: 'i8', int8: 'i8', uchar: 'u8', uint8: 'u8', short: 'i16', int16: 'i16', ushort: 'u16',
  uint16: 'u16', int: 'i32', int32: 'i32', uint: 'u32', uint32: 'u32', float: 'f32', float32: 'f32',
  double: 'f64', float64: 'f64',
} // prettier-ignore

const SIZE: Record<ScalarType, number> = { i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, f32: 4, f64: 8 }

interface PlyProperty {
  name: string
  type: ScalarType
  offset: number
}

interface PlyHeader {
  count: number
  stride: number
  properties: Map<string, PlyProperty>
  dataOffset: number
}

/** Finds "end_header\n" within the header cap; returns the data offset. */
function headerEnd(bytes: Uint8Array, cap: number): number {
  const marker = 'end_header'
  const limit = Math.min(bytes.length, cap)
  outer: for (let i = 0; i + marker.length < limit; i++) {
    for (let j = 0; j < marker.length; j++) if (bytes[i + j] !== marker.charCodeAt(j)) continue outer
    let e = i + marker.length
    if (bytes[e] === 0x0d) e++
    if (bytes[e] === 0x0a) return e + 1
  }
  throw new FormatError(
    bytes.length > cap ? 'too-large' : 'bad-header',
    bytes.length > cap ? `no end_header within the ${cap}-byte header limit` : 'no end_header line',
    'ply',
  )
}

function parseHeader(bytes: Uint8Array, limits: ImportLimits): PlyHeader {
  const dataOffset = headerEnd(bytes, limits.maxHeaderBytes)
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, dataOffset))
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('comment') && !l.startsWith('obj_info'))
  if (lines[0] !== 'ply') throw new FormatError('unknown-format', 'missing "ply" magic line', 'ply')
  const format = lines[1]?.split(/\s+/)
  if (format?.[0] !== 'format') throw new FormatError('bad-header', 'missing format line', 'ply')
  if (format[1] !== 'binary_little_endian')
    throw new FormatError('unsupported', `${format[1]} PLY (only binary_little_endian is read)`, 'ply')
  let count = -1
  let stride = 0
  let elements = 0
  const properties = new Map<string, PlyProperty>()
  for (const line of lines.slice(2, -1)) {
    const parts = line.split(/\s+/)
    if (parts[0] === 'element') {
      elements++
      if (parts[1] !== 'vertex')
        throw new FormatError(
          'unsupported',
          `element "${parts[1]}": only plain 3DGS files (one vertex element) are read, not compressed or mesh PLY`,
          'ply',
        )
      if (elements > 1) throw new FormatError('bad-header', 'more than one vertex element', 'ply')
      if (!/^\d{1,10}$/.test(parts[2] ?? ''))
        throw new FormatError('bad-header', `vertex count "${parts[2]}"`, 'ply')
      count = Number(parts[2])
      checkSplatCount(count, limits, 'ply')
    } else if (parts[0] === 'property') {
      if (elements !== 1) throw new FormatError('bad-header', 'property before any element', 'ply')
      if (parts[1] === 'list')
        throw new FormatError('unsupported', 'list properties (a mesh, not splats)', 'ply')
      const type = TYPES[parts[1] ?? '']
      const name = parts[2]
      if (!type || !name || parts.length !== 3)
        throw new FormatError('bad-header', `property line "${line}"`, 'ply')
      if (properties.has(name)) throw new FormatError('bad-header', `duplicate property ${name}`, 'ply')
      properties.set(name, { name, type, offset: stride })
      stride += SIZE[type]
    } else {
      throw new FormatError('bad-header', `unexpected header line "${line.slice(0, 60)}"`, 'ply')
    }
  }
  if (lines[lines.length - 1] !== 'end_header')
    throw new FormatError('bad-header', 'malformed end_header', 'ply')
  if (count < 0) throw new FormatError('bad-header', 'no vertex element', 'ply')
  return { count, stride, properties, dataOffset }
}

function reader(view: DataView, p: PlyProperty): (base: number) => number {
  const o = p.offset
  switch (p.type) {
    case 'i8': return (b) => view.getInt8(b + o)
    case 'u8': return (b) => view.getUint8(b + o)
    case 'i16': return (b) => view.getInt16(b + o, true)
    case 'u16': return (b) => view.getUint16(b + o, true)
    case 'i32': return (b) => view.getInt32(b + o, true)
    case 'u32': return (b) => view.getUint32(b + o, true)
    case 'f32': return (b) => view.getFloat32(b + o, true)
    case 'f64': return (b) => view.getFloat64(b + o, true)
  } // prettier-ignore
}

/** SH degree from the number of f_rest_* properties (3 channels x ((d+1)^2 - 1)). */
function shDegreeOf(properties: Map<string, PlyProperty>): number {
  let rest = 0
  while (properties.has(`f_rest_${rest}`)) rest++
  const degree = [0, 9, 24, 45].indexOf(rest)
  if (degree < 0) throw new FormatError('bad-header', `${rest} f_rest properties match no SH degree`, 'ply')
  return degree
}

/** Decodes a 3DGS .ply (OpenCV axes) into three.js-axes splats; rejects other PLY files clearly. */
export function readPly(bytes: Uint8Array, limits: ImportLimits): ImportedSplats {
  if (bytes.length > limits.maxBytes)
    throw new FormatError('too-large', `${bytes.length} bytes, over the ${limits.maxBytes}-byte limit`, 'ply')
  const h = parseHeader(bytes, limits)
  const missing = ['x', 'y', 'z', 'f_dc_0', 'f_dc_1', 'f_dc_2', 'opacity', 'scale_0', 'scale_1', 'scale_2']
    .concat(['rot_0', 'rot_1', 'rot_2', 'rot_3'])
    .filter((p) => !h.properties.has(p))
  if (missing.length > 0)
    throw new FormatError('unsupported', `not a 3DGS splat file: no ${missing.join(', ')} properties`, 'ply')
  const shDegree = shDegreeOf(h.properties)
  const dataLength = bytes.length - h.dataOffset
  if (h.count * h.stride !== dataLength)
    throw new FormatError(
      'length-mismatch',
      `${h.count} vertices x ${h.stride} bytes = ${h.count * h.stride}, but ${dataLength} data bytes follow the header`,
      'ply',
    )
  const view = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, dataLength)
  const get = (name: string): ((base: number) => number) => reader(view, h.properties.get(name)!)
  const [x, y, z] = [get('x'), get('y'), get('z')]
  const dc = [get('f_dc_0'), get('f_dc_1'), get('f_dc_2')]
  const opacity = get('opacity')
  const scale = [get('scale_0'), get('scale_1'), get('scale_2')]
  const rot = [get('rot_1'), get('rot_2'), get('rot_3'), get('rot_0')] // file is w-first
  const n = h.count
  const s = createSplatBatch(n)
  s.count = n
  for (let i = 0; i < n; i++) {
    const base = i * h.stride
    s.centers[3 * i] = x(base)
    s.centers[3 * i + 1] = y(base)
    s.centers[3 * i + 2] = z(base)
    for (let c = 0; c < 3; c++) {
      const d = dc[c]!(base)
      // NaN would pass through the clamp as a colour; keep it so checkFinite reports it.
      s.colors[3 * i + c] = Number.isFinite(d) ? dcToColor(d) : d
      s.scales[3 * i + c] = Math.exp(scale[c]!(base))
    }
    const a = opacity(base)
    s.opacities[i] = Number.isFinite(a) ? sigmoid(a) : a
    for (let c = 0; c < 4; c++) s.quats[4 * i + c] = rot[c]!(base)
  }
  checkFinite(s, 'ply')
  for (let i = 0; i < n; i++) normalizeQuatAt(s.quats, i)
  return { kind: 'splats', format: 'ply', splats: changeAxes(s, inverseChange(OPENCV_FROM_THREE)), shDegree }
}
