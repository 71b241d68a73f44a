/**
 * `npx tsx scripts/model-golden.ts`: re-renders the golden frames of tests/data/model with
 * ORT-node. Only after an intended change to the reference model; look at the PNGs it writes.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GOLDEN_CASES } from '../tests/data/model/golden-requests'
import { loadNodeRuntime } from '../src/model/node-loader'
import { encodePng } from '../src/model/png'

const dir = join(import.meta.dirname, '..', 'tests', 'data', 'model')

async function main(): Promise<void> {
  const runtime = await loadNodeRuntime({ backend: 'node' })
  try {
    for (const c of GOLDEN_CASES) {
      const frame = await runtime.render(c.request)
      const { width, height } = c.request.camera
      await writeFile(join(dir, `${c.name}.rgba`), frame.rgba)
      await writeFile(join(dir, `${c.name}.depth.f32`), new Uint8Array(frame.depth.buffer))
      await writeFile(join(dir, `${c.name}.png`), encodePng(frame.rgba, width, height))
      console.log(`${c.name}: ${width}x${height}`)
    }
  } finally {
    await runtime.dispose()
  }
}

main().catch((err: unknown) => {
  console.error(`model-golden: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
