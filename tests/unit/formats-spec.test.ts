/**
 * Byte-level checks against the published layouts (Niantic's spz README and reference encoder,
 * the INRIA .ply header, antimatter15's .splat records, glTF 2.0 + KHR_gaussian_splatting), so the
 * files are right by the spec and not only by our own reader.
 */
import { gunzipSync, gzipSync } from 'node:zlib'
import { validateBytes } from 'gltf-validator'
import { describe, expect, it } from 'vitest'
import { createSplatBatch, type SplatBatch } from '../../src/core/lift/splat-batch'
import {
  ATTR_OPACITY,
  ATTR_ROTATION,
  ATTR_SCALE,
  ATTR_SH0,
  heightFieldCollider,
  importLimits,
  packQuatSmallestThree,
  readSpz,
  SH_C0,
  unpackQuatSmallestThree,
  writeGlb,
  writePly,
  writeSplat,
  writeSpz,
} from '../../src/core/formats'
import { randomBatch } from '../support/formats-fixtures'

/** One splat at (1.5, -2, 0.25), identity rotation, scale 1, grey, fully opaque. */
function oneSplat(): SplatBatch {
  const b = createSplatBatch(1)
  b.count = 1
  b.centers.set([1.5, -2, 0.25])
  b.scales.set([1, 1, 1])
  b.quats.set([0, 0, 0, 1])
  b.colors.set([0.5, 0.5, 0.5])
  b.opacities.set([1])
  return b
}

describe('.spz v3 bytes', () => {
  it('writes the header, fixed-point positions and quantised fields the reference encoder does', async () => {
    const raw = gunzipSync(await writeSpz(oneSplat()))
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
    expect(raw.length).toBe(16 + 9 + 1 + 3 + 3 + 4)
    expect(String.fromCharCode(...raw.subarray(0, 4))).toBe('NGSP')
    expect(v.getUint32(4, true)).toBe(3)
    expect(v.getUint32(8, true)).toBe(1)
    expect([raw[12], raw[13], raw[14], raw[15]]).toEqual([0, 12, 0, 0]) // SH 0, 12 fractional bits
    const fixed = (o: number): number => ((raw[o]! | (raw[o + 1]! << 8) | (raw[o + 2]! << 16)) << 8) >> 8
    expect([fixed(16), fixed(19), fixed(22)]).toEqual([1.5 * 4096, -2 * 4096, 0.25 * 4096])
    expect(raw[25]).toBe(255) // alpha = sigmoid(logit(1)) * 255
    expect([...raw.subarray(26, 29)]).toEqual([128, 128, 128]) // DC 0 -> 0.5 * 255 rounded
    expect([...raw.subarray(29, 32)]).toEqual([160, 160, 160]) // (ln 1 + 10) * 16
    expect(v.getUint32(32, true)).toBe(0xc0000000) // largest = w (index 3), others 0
  })

  it('packs "smallest three" as index<<30 then 10-bit sign+magnitude fields, x first', () => {
    const h = Math.SQRT1_2
    // 90 deg about z: (0, 0, h, h); largest is z (index 2, ties keep the first), w = h positive.
    const word = packQuatSmallestThree(0, 0, h, h)
    expect(word >>> 30).toBe(2)
    expect(word & 1023).toBe(511) // w magnitude = sqrt(1/2) -> 511, sign 0
    expect((word >>> 10) & 1023).toBe(0) // y
    expect((word >>> 20) & 1023).toBe(0) // x
    // A negative largest component flips every sign (-q is the same rotation); like the reference
    // encoder, zeros then carry a sign bit, which decodes to the same quaternion.
    const q = new Float32Array(4)
    unpackQuatSmallestThree(packQuatSmallestThree(0, 0, -h, -h), q, 0)
    const want = [0, 0, h, h]
    q.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 6))
  })

  it('reads a hand-built version 2 file (3-byte rotations) with SH degree 1', async () => {
    const raw = new Uint8Array(16 + 9 + 1 + 3 + 3 + 3 + 9)
    const v = new DataView(raw.buffer)
    v.setUint32(0, 0x5053474e, true)
    v.setUint32(4, 2, true)
    v.setUint32(8, 1, true)
    raw.set([1, 8, 1, 0], 12) // SH degree 1, 8 fractional bits, antialiased
    raw.set([0x00, 0x01, 0x00], 16) // x = 256 / 256 = 1
    raw[25] = 51 // alpha 0.2
    raw.set([255, 128, 0], 26)
    raw.set([144, 160, 176], 29) // ln s = -1, 0, 1
    raw.set([128, 128, 128], 32) // xyz ~ 0 -> w ~ 1
    const got = await readSpz(gzipSync(raw), importLimits())
    expect(got.version).toBe(2)
    expect(got.shDegree).toBe(1)
    expect(got.antialiased).toBe(true)
    const s = got.splats
    expect(s.centers[0]).toBe(1)
    expect(s.opacities[0]).toBeCloseTo(0.2, 6)
    expect(s.colors[0]).toBeCloseTo(Math.min(1, 0.5 + SH_C0 * ((255 / 255 - 0.5) / 0.15)), 6)
    expect(s.scales[0]).toBeCloseTo(Math.exp(-1), 6)
    expect(s.scales[2]).toBeCloseTo(Math.exp(1), 5)
    expect(s.quats[3]).toBeCloseTo(1, 4)
  })
})

describe('.ply header', () => {
  it('is the INRIA layout: binary little endian, vertex element first, 17 float properties', () => {
    const bytes = writePly(oneSplat())
    const text = new TextDecoder().decode(bytes)
    const header = text.slice(0, text.indexOf('end_header\n') + 'end_header\n'.length)
    const lines = header.trim().split('\n')
    expect(lines.slice(0, 3)).toEqual(['ply', 'format binary_little_endian 1.0', 'element vertex 1'])
    const props = lines.filter((l) => l.startsWith('property')).map((l) => l.split(' ')[2])
    expect(props).toEqual(
      'x y z nx ny nz f_dc_0 f_dc_1 f_dc_2 opacity scale_0 scale_1 scale_2 rot_0 rot_1 rot_2 rot_3'.split(
        ' ',
      ),
    )
    const v = new DataView(bytes.buffer, header.length)
    // OpenCV axes in the file: y and z negated.
    expect([v.getFloat32(0, true), v.getFloat32(4, true), v.getFloat32(8, true)]).toEqual([1.5, 2, -0.25])
    expect(v.getFloat32(24, true)).toBe(0) // f_dc_0 = (0.5 - 0.5) / C0
    expect(v.getFloat32(36, true)).toBeCloseTo(Math.log((1 - 1e-6) / 1e-6), 3) // logit, clamped
    expect(v.getFloat32(40, true)).toBe(0) // log(1)
    // Identity in three.js axes is a half turn about x in OpenCV axes: (w, x, y, z) = (0, 1, 0, 0).
    expect([52, 56, 60, 64].map((o) => Math.abs(v.getFloat32(o, true)))).toEqual([0, 1, 0, 0])
  })
})

describe('.splat records', () => {
  it('are 32 bytes: float position and scale, RGBA bytes, rotation bytes w x y z', () => {
    const b = oneSplat()
    b.opacities[0] = 0.5
    const bytes = writeSplat(b)
    expect(bytes.length).toBe(32)
    const v = new DataView(bytes.buffer)
    expect([v.getFloat32(0, true), v.getFloat32(4, true), v.getFloat32(8, true)]).toEqual([1.5, 2, -0.25])
    expect([...bytes.subarray(24, 28)]).toEqual([128, 128, 128, 128])
    expect([...bytes.subarray(28, 32)].map((x) => Math.abs(x - 128))).toEqual([0, 127, 0, 0]) // 1 clamps to 255
  })
})

describe('.glb', () => {
  const b = randomBatch(400, 11, 20)
  const glb = writeGlb(b, { collider: heightFieldCollider(b) })

  it('passes the Khronos glTF validator apart from the extension it does not know', async () => {
    const report = await validateBytes(glb)
    const unexpected = report.issues.messages.filter(
      (m) =>
        m.severity <= 1 &&
        !(
          m.code === 'MESH_PRIMITIVE_INVALID_ATTRIBUTE' &&
          m.pointer?.startsWith('/meshes/0/primitives/0/attributes/KHR_gaussian_splatting:')
        ),
    )
    expect(unexpected).toEqual([])
    expect(report.issues.messages.some((m) => m.code === 'UNSUPPORTED_EXTENSION')).toBe(true)
  })

  it('holds a POINTS primitive with the ratified attribute names and a triangle collider', () => {
    const v = new DataView(glb.buffer)
    expect(v.getUint32(0, true)).toBe(0x46546c67)
    const jsonLength = v.getUint32(12, true)
    const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength))) as {
      meshes: {
        name: string
        primitives: { mode: number; attributes: Record<string, number>; extensions?: object }[]
      }[]
      nodes: { name: string }[]
      extensionsUsed: string[]
      extensionsRequired?: string[]
    }
    expect(json.extensionsUsed).toEqual(['KHR_gaussian_splatting'])
    expect(json.extensionsRequired).toBeUndefined() // the point-cloud fallback stays usable
    const splats = json.meshes[0]!.primitives[0]!
    expect(splats.mode).toBe(0)
    expect(Object.keys(splats.attributes).sort()).toEqual(
      ['COLOR_0', 'POSITION', ATTR_OPACITY, ATTR_ROTATION, ATTR_SCALE, ATTR_SH0].sort(),
    )
    expect(splats.extensions).toEqual({
      KHR_gaussian_splatting: { kernel: 'ellipse', colorSpace: 'srgb_rec709_display' },
    })
    expect(json.meshes[1]!.primitives[0]!.mode).toBe(4)
    expect(json.nodes.map((n) => n.name)).toEqual(['splats', 'collider'])
  })
})
