/** Writes a .glb: the splats as a KHR_gaussian_splatting POINTS primitive, plus an optional collider (see glb.ts). */
import type { SplatBatch } from '../lift/splat-batch'
import type { ColliderMesh } from './collider'
import { clamp01, colorToDc, normalizeQuatAt, toByte } from './splat-math'
import {
  GLB_MAGIC,
  CHUNK_JSON,
  CHUNK_BIN,
  FLOAT,
  UNSIGNED_BYTE,
  UNSIGNED_SHORT,
  UNSIGNED_INT,
  ARRAY_BUFFER,
  ELEMENT_ARRAY_BUFFER,
  EXT,
  ATTR_ROTATION,
  ATTR_SCALE,
  ATTR_OPACITY,
  ATTR_SH0,
  srgbToLinear,
} from './glb-spec'
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
