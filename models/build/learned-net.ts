/**
 * A small convolutional network with fixed-seed weights that follows the frame-model contract,
 * context frames included. It draws nothing meaningful: it exists so the tests can prove that a
 * learned model (a trained network exported to ONNX) drops into the runtime with no other change.
 *
 * Per pixel it sees the pixel's uv and the K context frames resampled to the output size; a
 * global embedding of pose, intrinsics, region table and context poses biases the first layer.
 */
import type { ModelManifestEntry } from '../../src/core/model-contract'
import { GraphBuilder, type Value } from './graph'
import { rng } from './textures'

export const LEARNED_ID = 'tiny-learned-test'
export const LEARNED_CONTEXT_FRAMES = 2
const HIDDEN = 12

function weights(next: () => number, count: number, fanIn: number): number[] {
  const scale = Math.sqrt(2 / fanIn)
  return Array.from({ length: count }, () => (next() * 2 - 1) * scale)
}

export function buildLearnedNet(seed = 1234): Uint8Array {
  const K = LEARNED_CONTEXT_FRAMES
  const next = rng(seed)
  const g = new GraphBuilder('tiny_learned_frame_model')
  const pose = g.input('pose', [4, 4])
  const intrinsics = g.input('intrinsics', [6])
  const uv = g.input('pixel_uv', [1, 'H', 'W', 2])
  // The region table as it was before `flowers` and `flowerHue` were appended: the runtime feeds
  // a model the columns it declares, which model-learned.test.ts proves with this one.
  const regions = g.input('regions', [8, 29])
  const ctxRgb = g.input('context_rgb', [K, 'H', 'W', 3])
  const ctxDepth = g.input('context_depth', [K, 'H', 'W', 1])
  const ctxPose = g.input('context_pose', [K, 4, 4])

  // Global conditioning vector: linear maps of every non-image input, summed.
  const dense = (x: Value, inDim: number): Value =>
    g.matmul(g.reshape(x, [1, inDim]), g.constant(weights(next, inDim * HIDDEN, inDim), [inDim, HIDDEN]))
  const regionMean = g.op('ReduceMean', [regions], { axes: [0], keepdims: 0 })
  const embed = g.add(
    g.add(dense(pose, 16), dense(intrinsics, 6)),
    g.add(dense(regionMean, 29), dense(ctxPose, K * 16)),
  )
  const bias = g.reshape(g.op('Tanh', [embed]), [1, HIDDEN, 1, 1])

  // Per-pixel features, channels-first: uv, context colour, context inverse-ish depth.
  const uvN = g.transpose(uv, [0, 3, 1, 2])
  const shapeOf = g.op('Shape', [uvN])
  const hw = g.slice(shapeOf, [2], [4], [0])
  const spatial = (x: Value, channels: number): Value =>
    g.op('Reshape', [x, g.concat([g.ints([1, channels]), hw], 0)])
  const rgbFeat = spatial(g.transpose(ctxRgb, [0, 3, 1, 2]), K * 3)
  const depthFeat = spatial(g.div(ctxDepth, g.add(ctxDepth, 10)), K)
  const inputs = g.concat([uvN, rgbFeat, depthFeat], 1)
  const inC = 2 + 4 * K

  const conv = (x: Value, cin: number, cout: number, k: number): Value => {
    const w = g.constant(weights(next, cout * cin * k * k, cin * k * k), [cout, cin, k, k])
    const b = g.constant(weights(next, cout, 8), [cout])
    const pad = (k - 1) / 2
    return g.op('Conv', [x, w, b], { kernel_shape: [k, k], pads: [pad, pad, pad, pad] })
  }
  const h1 = g.relu(g.add(conv(inputs, inC, HIDDEN, 3), bias))
  const h2 = g.relu(conv(h1, HIDDEN, HIDDEN, 3))
  const out = conv(h2, HIDDEN, 4, 1)
  const [rgbRaw, depthRaw] = g.split(out, 1, [3, 1])
  const rgb = g.op('Sigmoid', [rgbRaw!])
  const depth = g.fma(g.op('Softplus', [depthRaw!]), 20, 0.5)
  g.output(g.transpose(rgb, [0, 2, 3, 1]), 'rgb', [1, 'H', 'W', 3])
  g.output(g.transpose(depth, [0, 2, 3, 1]), 'depth', [1, 'H', 'W', 1])
  return g.toBytes({
    producerVersion: '1',
    docString: 'Tiny fixed-seed conv net following the Worldwalk frame-model contract (tests only).',
  })
}

/** Its manifest entry, as a model shipped beside the reference one would declare it. */
export function learnedManifestEntry(file: string, sha256: string): ModelManifestEntry {
  return {
    id: LEARNED_ID,
    name: 'Tiny learned-style test network',
    version: '1',
    file,
    sha256,
    units: 'metres',
    axes: 'three.js: right-handed, +Y up, camera looks down -Z',
    cameraModels: ['perspective', 'equirect'],
    sizes: { min: 8, max: 512, multipleOf: 8 },
    contextFrames: LEARNED_CONTEXT_FRAMES,
    deterministic: true,
    description: 'Fixed-seed weights; proves the drop-in path for learned models.',
  }
}
