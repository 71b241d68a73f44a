#!/usr/bin/env node
// `npm test`: typecheck, lint and format check, then every test tier. On a fresh machine it first
// gets what it lacks (Debian's chromium for the browser tier), so the README's one command is enough.
//
// Typecheck, lint and the unit tier run at the same time (each is mostly one thread, and each
// waits on the disk at times); their output is held and printed whole, one step after another.
// The integration and browser tiers run alone after them: they time model runs and frames, which
// a busy CPU would slow past their timeouts.
import { spawn, spawnSync } from 'node:child_process'
import { Buffer } from 'node:buffer'
import { existsSync } from 'node:fs'

const CHROMIUM = '/usr/bin/chromium'

function secondsSince(t0) {
  return ((Date.now() - t0) / 1000).toFixed(1)
}

function run(label, cmd, args) {
  const t0 = Date.now()
  console.log(`\n=== ${label}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit' })
  if (r.status !== 0) {
    console.error(`\n✗ ${label} failed (${secondsSince(t0)} s)`)
    process.exit(r.status ?? 1)
  }
  console.log(`✓ ${label} (${secondsSince(t0)} s)`)
}

/** Runs a step with its output held; resolves with its exit status and output. */
function runHeld(label, cmd, args) {
  const t0 = Date.now()
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '1' },
    })
    const out = []
    child.stdout.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => out.push(d))
    child.on('close', (code) =>
      resolve({ label, code: code ?? 1, output: Buffer.concat(out), secs: secondsSince(t0) }),
    )
    child.on('error', (err) =>
      resolve({ label, code: 1, output: Buffer.from(String(err)), secs: secondsSince(t0) }),
    )
  })
}

/** Runs steps at the same time; prints each one's output whole; exits on the first failure. */
async function runTogether(steps) {
  console.log(`\n=== at the same time: ${steps.map((s) => s[0]).join(', ')}`)
  const results = await Promise.all(steps.map(([label, cmd, args]) => runHeld(label, cmd, args)))
  for (const r of results) {
    console.log(`\n=== ${r.label}`)
    process.stdout.write(r.output)
    console.log(r.code === 0 ? `✓ ${r.label} (${r.secs} s)` : `\n✗ ${r.label} failed (${r.secs} s)`)
  }
  const failed = results.find((r) => r.code !== 0)
  if (failed) process.exit(failed.code)
}

/**
 * Debian's chromium, and Mesa's EGL with llvmpipe, which draws WebGL several times faster than
 * Chromium's own SwiftShader on a machine with no GPU (tests/e2e/browser-env.ts). Without Mesa the
 * browser tier still runs, on SwiftShader, only slower: a machine we cannot install on gets a hint.
 */
const MESA_EGL = '/usr/share/glvnd/egl_vendor.d/50_mesa.json'
const BROWSER_PACKAGES = 'chromium libegl-mesa0 libgl1-mesa-dri'

function ensureChromium() {
  if (existsSync(CHROMIUM) && existsSync(MESA_EGL)) return
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot) {
    const hint = `sudo apt-get update && sudo apt-get install -y ${BROWSER_PACKAGES}`
    if (existsSync(CHROMIUM)) {
      console.warn(`Mesa's EGL is missing: the browser tests draw on SwiftShader, slowly ("${hint}").`)
      return
    }
    console.error(`Chromium is missing: run "${hint}", then npm test again.`)
    process.exit(1)
  }
  run('install Debian chromium and Mesa (first run only)', 'bash', [
    '-c',
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${BROWSER_PACKAGES} >/dev/null`,
  ])
}

const STEPS = {
  typecheck: ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  lint: ['lint + format check', 'npm', ['run', '--silent', 'lint']],
  unit: ['unit tests (Node)', 'npx', ['vitest', 'run', '--project', 'unit']],
  integration: [
    'integration tests (ORT, loopback servers)',
    'npx',
    ['vitest', 'run', '--project', 'integration'],
  ],
  e2e: ['end-to-end tests (headless Chromium + IWER)', 'npx', ['vitest', 'run', '--project', 'e2e']],
}

const only = process.argv[2]
if (only && !(only in STEPS)) {
  console.error(`unknown step "${only}"; steps: ${Object.keys(STEPS).join(', ')}`)
  process.exit(2)
}
const t0 = Date.now()
if (only) {
  if (only === 'e2e') ensureChromium()
  run(...STEPS[only])
} else {
  // Checked first, so a fresh machine fails fast instead of after the other tiers.
  ensureChromium()
  await runTogether([STEPS.typecheck, STEPS.lint, STEPS.unit])
  run(...STEPS.integration)
  run(...STEPS.e2e)
}
console.log(`\nAll checks passed (${secondsSince(t0)} s).`)
