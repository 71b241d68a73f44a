/**
 * `npm run bench -- --only model`: frame times of the bundled reference model through the real
 * runtime (model run only, sessions warm), each against a baseline measured in the same run: the
 * same graph and shading with a naive schedule (one full-resolution relaxed march, no
 * coarse-to-fine), built by the same builder. `error_vs_reference` reports how far each schedule's
 * image is from a 400-step reference march, so the speed-up is not bought with a worse picture.
 */
import type { CameraSpec } from '../../src/core/camera'
import type { FrameRequest } from '../../src/core/frame'
import { yawPitchQuat } from '../../src/core/pose'
import { styleVector } from '../../src/core/style'
import type { FrameModelRuntime } from '../../src/model'
import { NAIVE, type RenderOptions } from '../../models/build/render-stage'
import { loadScheduleRuntime } from '../support/schedule-runtime'
import { quantile, round, type BenchContext, type BenchResult } from './harness'

export const area = 'model'

const REFERENCE: RenderOptions = { levels: [{ scale: 1, steps: 400, relax: 0.01 }] }

const regions: FrameRequest['regions'] = [
  {
    id: 'bench',
    center: [0, 0],
    radius: 1500,
    style: styleVector({ relief: 0.6, vegetation: 0.7, ridges: 0.4, water: 0.3 }),
    seed: 17,
  },
]

/**
 * The bench's frame `i` (also scripts/model-cost.ts): a walk around the spawn point, turning, so
 * every frame sees a different view.
 */
export function benchRequest(i: number, camera: CameraSpec): FrameRequest {
  return {
    id: i,
    pose: {
      position: [Math.sin(i) * 20, 1.7 + (i % 3), Math.cos(i) * 20],
      rotation: yawPitchQuat(i * 0.7, 0.04 - (i % 4) * 0.03),
    },
    camera,
    worldVersion: 1,
    regions,
  }
}

/** Model run times (ms) of `repeats` frames after 2 warm-up frames; the prepare stage runs in warm-up. */
async function frameTimes(rt: FrameModelRuntime, camera: CameraSpec, repeats: number): Promise<number[]> {
  for (let i = 0; i < 2; i++) await rt.render(benchRequest(i, camera))
  const out: number[] = []
  for (let i = 0; i < repeats; i++) {
    await rt.render(benchRequest(100 + i, camera))
    out.push(rt.lastTimings.renderMs)
  }
  return out
}

function results(
  name: string,
  budget: number,
  value: number[],
  baseline: number[],
  extra: object,
): BenchResult[] {
  return (
    [
      ['p50', 0.5],
      ['p95', 0.95],
    ] as const
  ).map(([q, at]) => {
    const v = quantile(value, at)
    const b = quantile(baseline, at)
    return {
      name: `model.${name}_${q}`,
      value: round(v, 2),
      unit: 'ms',
      baseline: round(b, 2),
      ratio: round(v / b, 3),
      ...(q === 'p50' ? { budget } : {}),
      ...extra,
    }
  })
}

/** Mean absolute rgb difference (0-255 scale) between two schedules over a few views. */
async function imageError(a: FrameModelRuntime, b: FrameModelRuntime, camera: CameraSpec): Promise<number> {
  let sum = 0
  let n = 0
  for (let i = 0; i < 3; i++) {
    const fa = await a.render(benchRequest(200 + i, camera))
    const fb = await b.render(benchRequest(200 + i, camera))
    for (let k = 0; k < fa.rgba.length; k += 4) {
      for (let c = 0; c < 3; c++) sum += Math.abs(fa.rgba[k + c]! - fb.rgba[k + c]!)
      n += 3
    }
  }
  return round(sum / n, 2)
}

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const repeats = ctx.quick ? 6 : 25
  const persp: CameraSpec = { model: 'perspective', width: 128, height: 128 }
  const equi: CameraSpec = { model: 'equirect', width: 512, height: 256 }

  const node = await loadScheduleRuntime('node')
  const nodeNaive = await loadScheduleRuntime('node', NAIVE)
  const reference = await loadScheduleRuntime('node', REFERENCE)
  try {
    const errors = {
      error_vs_reference: await imageError(node, reference, persp),
      baseline_error_vs_reference: await imageError(nodeNaive, reference, persp),
    }
    yield* results(
      'frame_128_node',
      40,
      await frameTimes(node, persp, repeats),
      await frameTimes(nodeNaive, persp, repeats),
      {
        backend: node.backend,
        ...errors,
      },
    )
    const eqRepeats = ctx.quick ? 3 : 10
    yield* results(
      'equirect_512x256_node',
      400,
      await frameTimes(node, equi, eqRepeats),
      await frameTimes(nodeNaive, equi, eqRepeats),
      { backend: node.backend },
    )
    const t0 = performance.now()
    await node.preparedFields(999, regions)
    yield {
      name: 'model.prepare_node',
      value: round(performance.now() - t0, 1),
      unit: 'ms',
      backend: node.backend,
    }
  } finally {
    await Promise.all([node.dispose(), nodeNaive.dispose(), reference.dispose()])
  }

  const web = await loadScheduleRuntime('web')
  const webNaive = await loadScheduleRuntime('web', NAIVE)
  try {
    yield* results(
      'frame_128_web',
      80,
      await frameTimes(web, persp, repeats),
      await frameTimes(webNaive, persp, repeats),
      {
        backend: web.backend,
      },
    )
  } finally {
    await Promise.all([web.dispose(), webNaive.dispose()])
  }
}
