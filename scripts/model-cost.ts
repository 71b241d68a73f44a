/**
 * `npx tsx scripts/model-cost.ts [--base DIR] [--size WxH] [--frames N] [--backend node|web]`:
 * the frame cost of the reference model in models/ (the bench's walk around the spawn point,
 * sessions warm, prepare excluded), optionally against another build of it in DIR (e.g. a copy of
 * models/ from before a change), measured interleaved in the same run so the ratio is fair on a
 * busy machine. Prints medians and the ratio, of wall time and of the process's CPU time per
 * frame (ORT-node runs one thread, so CPU time is the work itself, steady under load from other
 * processes where wall time is not).
 */
import type { FrameRequest } from '../src/core/frame'
import { loadNodeRuntime, type NodeBackend } from '../src/model/node-loader'
import type { FrameModelRuntime } from '../src/model'
import { benchRequest } from '../tests/bench/model.bench'

const args = process.argv.slice(2)
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name)
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt
}
const base = opt('--base', '')
const [width, height] = opt('--size', '128x128').split('x').map(Number) as [number, number]
const frames = Number(opt('--frames', '12'))
const backend = opt('--backend', 'node') as NodeBackend

const camera = { model: 'perspective', width, height } as const
const request = (i: number): FrameRequest => benchRequest(i, camera)

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!

async function main(): Promise<void> {
  const runtimes: [string, FrameModelRuntime][] = [['current', await loadNodeRuntime({ backend })]]
  if (base) runtimes.push(['base', await loadNodeRuntime({ backend, dir: base })])
  const times = new Map<string, number[]>(runtimes.map(([n]) => [n, []]))
  const cpu = new Map<string, number[]>(runtimes.map(([n]) => [n, []]))
  for (const [, rt] of runtimes) for (let i = 0; i < 2; i++) await rt.render(request(i))
  for (let i = 0; i < frames; i++) {
    for (const [name, rt] of runtimes) {
      const c0 = process.cpuUsage()
      await rt.render(request(100 + i))
      const c = process.cpuUsage(c0)
      times.get(name)!.push(rt.lastTimings.renderMs)
      cpu.get(name)!.push((c.user + c.system) / 1000)
    }
  }
  const cur = median(times.get('current')!)
  const out: Record<string, number | string> = {
    backend,
    size: `${width}x${height}`,
    current_ms: +cur.toFixed(2),
    current_cpu_ms: +median(cpu.get('current')!).toFixed(2),
  }
  if (base) {
    const b = median(times.get('base')!)
    out.base_ms = +b.toFixed(2)
    out.ratio = +(cur / b).toFixed(2)
    const bc = median(cpu.get('base')!)
    out.base_cpu_ms = +bc.toFixed(2)
    out.cpu_ratio = +(median(cpu.get('current')!) / bc).toFixed(2)
  }
  console.log(JSON.stringify(out))
  for (const [, rt] of runtimes) await rt.dispose()
}

main().catch((err: unknown) => {
  console.error(`model-cost: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
