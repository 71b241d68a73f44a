/**
 * `npm run bench [-- --only <area>[,<area>]] [--quick]`: runs every tests/bench/*.bench.ts and
 * prints one JSON object per line on stdout (progress goes to stderr).
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BenchModule } from './harness'

function parseArgs(argv: string[]): { only: Set<string> | null; quick: boolean } {
  let only: Set<string> | null = null
  let quick = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--only') {
      const v = argv[++i]
      if (!v) throw new Error('--only needs an area name')
      only = new Set(v.split(','))
    } else if (a?.startsWith('--only=')) only = new Set(a.slice(7).split(','))
    else if (a === '--quick') quick = true
    else throw new Error(`unknown bench argument: ${a}`)
  }
  return { only, quick }
}

async function main(): Promise<void> {
  const { only, quick } = parseArgs(process.argv.slice(2))
  const dir = import.meta.dirname
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort()
  const modules: BenchModule[] = []
  for (const f of files) modules.push((await import(pathToFileURL(join(dir, f)).href)) as BenchModule)
  const known = new Set(modules.map((m) => m.area))
  for (const name of only ?? [])
    if (!known.has(name)) throw new Error(`no bench area "${name}" (have: ${[...known].join(', ')})`)
  for (const m of modules) {
    if (only && !only.has(m.area)) continue
    console.error(`bench: ${m.area}`)
    for await (const r of m.bench({ quick })) console.log(JSON.stringify(r))
  }
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
