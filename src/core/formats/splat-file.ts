/**
 * antimatter15's .splat (https://github.com/antimatter15/splat): headerless 32-byte records of
 * position (3 x float32), linear scale (3 x float32), RGBA (4 x uint8, colour already through the
 * SH DC term, alpha = opacity) and rotation (4 x uint8, w x y z, (q * 128) + 128). It is converted
 * from INRIA .ply files without changing axes, so it is in OpenCV axes like our .ply.
 *
 * Round-trip error of write -> read: positions and scales float32; colour and opacity 0.5/255;
 * rotation components 1/256 before renormalising (angle <= ~1 deg).
 */
import { createSplatBatch, type SplatBatch } from '../lift/splat-batch'
import { changeAxes, inverseChange, OPENCV_FROM_THREE } from './axes'
import { FormatError } from './format-error'
import { checkFinite, checkSplatCount, type ImportedSplats } from './imported'
import type { ImportLimits } from './limits'
import { normalizeQuatAt, toByte } from './splat-math'

export const SPLAT_RECORD_BYTES = 32

export function writeSplat(b: SplatBatch): Uint8Array {
  const s = changeAxes(b, OPENCV_FROM_THREE)
  const n = s.count
  const out = new Uint8Array(n * SPLAT_RECORD_BYTES)
  const view = new DataView(out.buffer)
  for (let i = 0; i < n; i++) {
    const o = i * SPLAT_RECORD_BYTES
    for (let a = 0; a < 3; a++) {
      view.setFloat32(o + 4 * a, s.centers[3 * i + a]!, true)
      view.setFloat32(o + 12 + 4 * a, s.scales[3 * i + a]!, true)
      out[o + 24 + a] = toByte(s.colors[3 * i + a]! * 255)
    }
    out[o + 27] = toByte(s.opacities[i]! * 255)
    out[o + 28] = toByte(s.quats[4 * i + 3]! * 128 + 128)
    for (let a = 0; a < 3; a++) out[o + 29 + a] = toByte(s.quats[4 * i + a]! * 128 + 128)
  }
  return out
}

/** Decodes a .splat file. It has no header, so its length must be a whole number of records. */
export function readSplat(bytes: Uint8Array, limits: ImportLimits): ImportedSplats {
  if (bytes.length > limits.maxBytes)
    throw new FormatError(
      'too-large',
      `${bytes.length} bytes, over the ${limits.maxBytes}-byte limit`,
      'splat',
    )
  if (bytes.length % SPLAT_RECORD_BYTES !== 0)
    throw new FormatError(
      'length-mismatch',
      `${bytes.length} bytes is not a whole number of ${SPLAT_RECORD_BYTES}-byte records`,
      'splat',
    )
  const n = bytes.length / SPLAT_RECORD_BYTES
  checkSplatCount(n, limits, 'splat')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const s = createSplatBatch(n)
  s.count = n
  for (let i = 0; i < n; i++) {
    const o = i * SPLAT_RECORD_BYTES
    for (let a = 0; a < 3; a++) {
      s.centers[3 * i + a] = view.getFloat32(o + 4 * a, true)
      s.scales[3 * i + a] = view.getFloat32(o + 12 + 4 * a, true)
      s.colors[3 * i + a] = bytes[o + 24 + a]! / 255
      s.quats[4 * i + a] = (bytes[o + 29 + a]! - 128) / 128
    }
    s.opacities[i] = bytes[o + 27]! / 255
    s.quats[4 * i + 3] = (bytes[o + 28]! - 128) / 128
  }
  checkFinite(s, 'splat')
  for (let i = 0; i < n; i++) normalizeQuatAt(s.quats, i)
  return {
    kind: 'splats',
    format: 'splat',
    splats: changeAxes(s, inverseChange(OPENCV_FROM_THREE)),
    shDegree: 0,
  }
}
