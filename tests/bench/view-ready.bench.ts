/**
 * pacing.view_complete_0_5s / _2s: the share of the view covered at the finest level half a
 * second and two seconds after the head arrives (walk, turn, teleport traces), with and without
 * prediction, in the same run (tests/support/view-completeness.ts). The model's frame times are
 * measured here first: the reference model on onnxruntime-web (wasm) in a worker thread, as the
 * app's on-device worker runs it, at each level's size. The same traces are also run at three
 * times those times, about a standalone headset's CPU.
 */
import { ThreadRenderer } from '../../src/edge/thread-renderer'
import { sampleRequest } from '../support/fixtures'
import { teleportTrace, turnTrace, viewCompleteness, walkTrace } from '../support/view-completeness'
import { median, round, type BenchContext, type BenchResult } from './harness'

export const area = 'pacing'

const LEVELS = [64, 128, 256] as const

export async function* bench(ctx: BenchContext): AsyncGenerator<BenchResult> {
  const renderer = await ThreadRenderer.start({ backend: 'web' })
  const measured = new Map<number, number>()
  try {
    let id = 1
    for (const size of LEVELS) {
      const times: number[] = []
      for (let i = 0; i < (ctx.quick ? 2 : 5) + 1; i++) {
        const req = sampleRequest(id++, {
          camera: { model: 'perspective', width: size, height: size, fovYDeg: 90 },
        })
        const t0 = performance.now()
        await renderer.render(req)
        if (i > 0) times.push(performance.now() - t0)
      }
      measured.set(size, median(times))
    }
  } finally {
    await renderer.dispose()
  }
  const frameMs = (size: number) => measured.get(size) ?? NaN
  for (const [device, scale] of [
    ['this machine', 1],
    ['3x slower (a headset CPU)', 3],
  ] as const) {
    const latencyMs = (size: number) => scale * frameMs(size)
    for (const trace of [walkTrace(), turnTrace(), teleportTrace()]) {
      const without = viewCompleteness(trace, { predict: false, latencyMs })
      const withPrediction = viewCompleteness(trace, { predict: true, latencyMs })
      for (const [name, key] of [
        ['pacing.view_complete_0_5s', 'at0_5'],
        ['pacing.view_complete_2s', 'at2'],
      ] as const) {
        yield {
          name,
          value: round(withPrediction[key]),
          unit: 'share of view',
          baseline: round(without[key]),
          trace: trace.name,
          device,
          frame_ms: LEVELS.map((s) => round(latencyMs(s), 1)),
          model_calls: withPrediction.calls,
          model_calls_without: without.calls,
        }
      }
    }
  }
}
