/**
 * Once per e2e run (vitest `globalSetup`): one vite dev server and one Chromium for every test
 * file. Each file connects to the browser and works in a browser context of its own (its own
 * storage), so files stay independent while the server's module transforms and the browser's
 * start-up are paid once. Vite's first load optimises dependencies and transforms the app's
 * modules; later files are served from that work.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { launchChromiumServer, startDevServer } from './browser-env'

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = await mkdtemp(join(tmpdir(), 'worldwalk-e2e-'))
  const { server, url } = await startDevServer()
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
