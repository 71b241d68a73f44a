/**
 * Once per e2e run (vitest `globalSetup`): the app built as users get it, one vite dev server and
 * one Chromium for every test file. Each file connects to the browser and works in a browser
 * context of its own (its own storage), so files stay independent while the build and the
 * browser's start-up are paid once. Pages load the bundle (a few seconds' build, then ~12
 * requests an open); the dev server still serves `/src/` modules to the pages that import them
 * (storage tests, seeding) and the whole unbundled app to a URL with UNBUNDLED_PARAM.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildApp, launchChromiumServer, startDevServer } from './browser-env'

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = await mkdtemp(join(tmpdir(), 'worldwalk-e2e-'))
  const bundle = join(runDir, 'app')
  await buildApp(bundle)
  const { server, url } = await startDevServer({ bundle })
  const browser = await launchChromiumServer().catch(async (e: unknown) => {
    await server.close()
    throw e
  })
  project.provide('e2e', { url, wsEndpoint: browser.wsEndpoint(), runDir })
  return async () => {
    await browser.close().catch(() => undefined)
    await server.close()
    await rm(runDir, { recursive: true, force: true })
  }
}
