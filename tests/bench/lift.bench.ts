/**
 * `npm run bench -- --only lift`: lifting throughput for a 256x256 frame against a naive
 * per-pixel-object lift measured in the same run, and de-duplication effectiveness.
 */
import type { CameraSpec } from '../../src/core/camera'
import type { Frame } from '../../src/core/frame'
import { FrameLifter } from '../../src/core/lift/frame-lifter'
import { pixelRays } from '../../src/core/lift/pixel-rays'
import { SplatWorld } from '../../src/core/lift/splat-world'
import { groundPlane, renderSyntheticFrame } from '../../src/core/lift/synthetic-frame'
import { pose, rotateVec, yawPitchQuat, type Vec3 } from '../../src/core/pose'
import { median, round, type BenchContext, type BenchResult } from './harness'

export const area = 'lift'

const cam256: CameraSpec = { model: 'perspective', width: 256, height: 256, fovYDeg: 90 }

/** The obvious implementation: one object (and a few arrays) per splat, no typed arrays, no dedup. */
function naiveLift(
  frame: Frame,
): { center: Vec3; scale: Vec3; normal: Vec3; color: Vec3; opacity: number }[] {
  const { rays, units, pixelAngle } = pixelRays(frame.camera)
  const out = []
  for (let i = 0; i < frame.depth.length; i++) {
    const d = frame.depth[i]!
    if (!(d > 0)) continue
    const local: Vec3 = [rays[3 * i]! * d, rays[3 * i + 1]! * d, rays[3 * i + 2]! * d]
    const w = rotateVec(frame.pose.rotation, local)
    const size = 0.6 * d * pixelAngle
    out.push({
      center: [
        w[0] + frame.pose.position[0],
        w[1] + frame.pose.position[1],
        w[2] + frame.pose.position[2],
      ] as Vec3,
      scale: [size, size, size * 0.1] as Vec3,
      normal: rotateVec(frame.pose.rotation, [-units[3 * i]!, -units[3 * i + 1]!, -units[3 * i + 2]!]),
      color: [frame.rgba[4 * i]! / 255, frame.rgba[4 * i + 1]! / 255, frame.rgba[4 * i + 2]! / 255] as Vec3,
      opacity: 0.98,
    })
  }
  return out
}

function throughput(repeats: number, run: () => number): number {
  const rates: number[] = []
  for (let r = 0; r < repeats + 2; r++) {
    const t0 = performance.now()
    const n = run()
    const ms = performance.now() - t0
    if (r >= 2) rates.push(n / (ms / 1000))
  }
  return median(rates)
}

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const repeats = ctx.quick ? 5 : 25
  // Looking down at the ground, so every pixel is surface: the worst case for lifting.
  const frame = renderSyntheticFrame(groundPlane(0), pose([0, 1.6, 0], yawPitchQuat(0.3, -0.9)), cam256)

  const baseline = throughput(repeats, () => naiveLift(frame).length)
  let lifters: FrameLifter[] = []
  const fresh = (o = {}): void => {
    lifters = Array.from({ length: repeats + 2 }, () => new FrameLifter(o))
  }
  fresh()
  const ours = throughput(repeats, () => lifters.pop()!.lift(frame).count)
  yield {
    name: 'lift.throughput_256',
    value: Math.round(ours),
    unit: 'splats/s',
    baseline: Math.round(baseline),
    ratio: round(ours / baseline),
    baselineIs: 'naive per-pixel objects, no de-duplication',
  }
  // A world with 200 edits elsewhere: de-duplication asks for the latest edit at every pixel.
  fresh()
  for (const l of lifters)
    for (let i = 0; i < 200; i++)
      l.removeWhere({ center: [500 + 40 * (i % 20), 500 + 40 * Math.floor(i / 20)], radius: 25 })
  const edited = throughput(repeats, () => lifters.pop()!.lift(frame).count)
  yield {
    name: 'lift.throughput_256_after_200_edits',
    value: Math.round(edited),
    unit: 'splats/s',
    baseline: Math.round(ours),
    ratio: round(edited / ours),
    baselineIs: 'the same lift with no edits made',
  }
  fresh({ dedup: false })
  const noDedup = throughput(repeats, () => lifters.pop()!.lift(frame).count)
  yield {
    name: 'lift.throughput_256_nodedup',
    value: Math.round(noDedup),
    unit: 'splats/s',
    baseline: Math.round(baseline),
    ratio: round(noDedup / baseline),
  }
  await Promise.resolve()

  const passes = (frames: Frame[]): number => {
    const world = new SplatWorld()
    for (const f of frames) world.addFrame(f)
    const once = world.store.count
    for (let r = 0; r < 4; r++) for (const f of frames) world.addFrame(f)
    return world.store.count / once
  }
  yield {
    name: 'lift.dedup_identical_5_over_1',
    value: round(passes([frame]), 4),
    unit: 'ratio',
    budget: 1.05,
  }
  // A walk around a small loop: new poses each lap would be the real case; identical laps here.
  const loop = [0, 1, 2, 3, 4, 5].map((i) =>
    renderSyntheticFrame(groundPlane(0), pose([i * 2, 1.6, i % 2], yawPitchQuat(i * 1.1, -0.5)), {
      ...cam256,
      width: 128,
      height: 128,
    }),
  )
  yield { name: 'lift.dedup_loop_5_over_1', value: round(passes(loop), 4), unit: 'ratio', budget: 1.05 }
  const jitter = loop.map((f, i) =>
    renderSyntheticFrame(
      groundPlane(0),
      pose([i * 2 + 0.2, 1.65, (i % 2) - 0.15], yawPitchQuat(i * 1.1 + 0.05, -0.52)),
      f.camera,
    ),
  )
  const world = new SplatWorld()
  for (const f of loop) world.addFrame(f)
  const first = world.store.count
  for (const f of jitter) world.addFrame(f)
  yield {
    name: 'lift.dedup_nearby_poses_added',
    value: round((world.store.count - first) / first, 4),
    unit: 'fraction',
    note: 'new splats from the same loop re-walked 20 cm and 3 degrees off, over the first lap',
  }
}
