#!/usr/bin/env node
// `npm test`: typecheck, lint and format check, then every test tier. On a fresh machine it first
// gets what it lacks (Debian's chromium for the browser tier), so the README's one command is enough.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = '/usr/bin/chromium'

function run(label, cmd, args, env = {}) {
  const t0 = Date.now()
  console.log(`\n=== ${label}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const secs = ((Date.now() - t0) / 1000).toFixed(1)
  if (r.status !== 0) {
    console.error(`\n✗ ${label} failed (${secs} s)`)
    process.exit(r.status ?? 1)
  }
  console.log(`✓ ${label} (${secs} s)`)
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot) {
    console.error(
      `Chromium is missing: run "sudo apt-get update && sudo apt-get install -y chromium", then npm test again.`,
    )
    process.exit(1)
  }
  run('install Debian chromium (first run only)', 'bash', [
    '-c',
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
  ])
}

const only = process.argv[2]
const steps = {
  typecheck: () => run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']),
  lint: () => run('lint + format check', 'npm', ['run', '--silent', 'lint']),
  unit: () => run('unit tests (Node)', 'npx', ['vitest', 'run', '--project', 'unit']),
  integration: () =>
    run('integration tests (ORT, loopback servers)', 'npx', ['vitest', 'run', '--project', 'integration']),
  e2e: () => {
    ensureChromium()
    run('end-to-end tests (headless Chromium + IWER)', 'npx', ['vitest', 'run', '--project', 'e2e'])
  },
}
if (only && !(only in steps)) {
  console.error(`unknown step "${only}"; steps: ${Object.keys(steps).join(', ')}`)
  process.exit(2)
}
for (const [name, step] of Object.entries(steps)) if (!only || only === name) step()
console.log('\nAll checks passed.')
