/**
 * The processes an e2e run needs: the app's vite dev server and headless Debian Chromium. Free of
 * vitest imports, so the global setup (tests/e2e/global-setup.ts), the benches and the harness all
 * use it. One run starts one of each (global setup) and every test file connects to them.
 *
 * Chromium facts this relies on are in ../shared/STACK-NOTES.md: the launch flags (no network
 * chatter, llvmpipe or SwiftShader) and the host name `localhost` (WebXR needs a secure context; the emulator
 * checks for localhost).
 */
import { createServer as createNetServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserServer } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** Where screenshots go (gitignored). */
export const OUTPUT_DIR = join(ROOT, 'tests/output')
export const CHROMIUM_PATH = process.env.WORLDWALK_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Flags verified on this machine kind (see STACK-NOTES.md). No --user-data-dir: launch() makes a
 * fresh profile.
 *
 * WebGL draws through ANGLE on Mesa's llvmpipe (`--use-angle=gl-egl`, Debian's libegl-mesa0 and
 * libgl1-mesa-dri): on this CPU-only machine it draws the test world's ~15k splats in ~40 ms a
 * frame where SwiftShader (Subzero) took ~210 ms, and the browser tier is mostly drawing. Without
 * Mesa's EGL, Chromium falls back to SwiftShader by itself (`--enable-unsafe-swiftshader`): slower,
 * the same tests. `--disable-gpu` would force SwiftShader, so it is not passed.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=gl-egl',
  '--ignore-gpu-blocklist',
  '--enable-unsafe-swiftshader',
]

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createNetServer()
    srv.once('error', rej)
    srv.listen(0, 'localhost', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => res(port))
    })
  })
}

/** Starts the app's vite dev server (the project's vite.config.ts) on a free port of `localhost`. */
export async function startDevServer(): Promise<{ server: ViteDevServer; url: string }> {
  const port = await freePort()
  const server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    // Its own dependency cache, so a test run never races a developer's `npm run dev` over node_modules/.vite.
    cacheDir: join(ROOT, 'node_modules/.vite-e2e'),
    logLevel: 'warn',
    clearScreen: false,
    server: { host: 'localhost', port, strictPort: true, open: false, hmr: false },
  })
  await server.listen()
  return { server, url: `http://localhost:${port}/` }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
}

/** Chromium as a server that test files connect to (`chromium.connect(server.wsEndpoint())`). */
export async function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
}

/** What the global setup hands every test file (vitest `provide` / `inject`). */
export interface SharedBrowser {
  /** The dev server's base URL, e.g. http://localhost:41234/ */
  url: string
  /** Chromium's Playwright endpoint. */
  wsEndpoint: string
  /** A folder for this run only (the grown-world fixture lives here). */
  runDir: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: SharedBrowser
  }
}
