/**
 * The detail noise the render stage evaluates at hit points: a small wrapped lattice texture
 * sampled at any wavelength and angle, and the fade that drops an octave once it is finer than
 * about two pixels, so near surfaces are sharp and far ones do not shimmer.
 */
import type { GraphBuilder, Value } from './graph'
import { latticeTexture, type WrappedTexture } from './textures'
import { sampleWrappedNchw } from './world-layout'

export interface Detail {
  tex: Value
  info: WrappedTexture
  /** Each channel of `tex` alone, [1,1,S,S]: GridSample's cost grows with the channels it reads. */
  channels: Value[]
}

export function detailTexture(g: GraphBuilder): Detail {
  const info = latticeTexture(0xde7a11, 4, 64, 1)
  const tex = g.constant(info.data, [1, 4, info.size, info.size])
  // Slices of a constant: onnxruntime folds them when it loads the model, the file stays small.
  const channels = [0, 1, 2, 3].map((c) => g.slice(tex, [c], [c + 1], [1]))
  return { tex, info, channels }
}

/** Noise at world xz [1,2,h,w] with wavelength `lambda` (m), turned by `angle`: [a, b, c, d]. */
export function noiseAt(
  g: GraphBuilder,
  d: Detail,
  xz: Value,
  lambda: number,
  angle: number,
  shift: number,
): Value[] {
  return g.split(
    sampleWrappedNchw(g, d.tex, d.info, rotated(g, d, xz, lambda, angle, shift)),
    1,
    [1, 1, 1, 1],
  )
}

/** One channel of noiseAt, [1,1,h,w], for a quarter of the sampling. */
export function noiseOne(
  g: GraphBuilder,
  d: Detail,
  xz: Value,
  lambda: number,
  angle: number,
  shift: number,
  channel: number,
): Value {
  return sampleWrappedNchw(g, d.channels[channel]!, d.info, rotated(g, d, xz, lambda, angle, shift))
}

/** Texture coordinates of world xz [1,2,h,w] for noise of wavelength `lambda`, turned by `angle`. */
export function rotated(
  g: GraphBuilder,
  d: Detail,
  xz: Value,
  lambda: number,
  angle: number,
  shift: number,
): Value {
  const k = 1 / (lambda * d.info.period)
  const c = Math.cos(angle) * k
  const s = Math.sin(angle) * k
  return g.add(g.op('Conv', [xz, g.constant([c, -s, s, c], [2, 2, 1, 1])]), shift)
}

/** 0 where a wavelength is under ~1.5 pixels at this footprint (m per pixel), 1 from ~4.5. */
export function fadeOf(g: GraphBuilder, footprint: Value, lambda: number): Value {
  return g.sat(g.fma(g.div(g.s(lambda / 3), footprint), 1, -0.5))
}

export function normalize3(g: GraphBuilder, x: Value, y: Value, z: Value): [Value, Value, Value] {
  const inv = g.op('Reciprocal', [g.sqrt(g.max(g.add(g.add(g.mul(x, x), g.mul(y, y)), g.mul(z, z)), 1e-8))])
  return [g.mul(x, inv), g.mul(y, inv), g.mul(z, inv)]
}
