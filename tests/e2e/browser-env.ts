/**
 * The processes an e2e run needs: the app's vite dev server and headless Debian Chromium. Free of
 * vitest imports, so the global setup (tests/e2e/global-setup.ts), the benches and the harness all
 * use it. One run starts one of each (global setup) and every test file connects to them.
 *
 * Chromium facts this relies on are in ../shared/STACK-NOTES.md: the launch flags (no network
 * chatter, llvmpipe or SwiftShader) and the host name `localhost` (WebXR needs a secure context; the emulator
 * checks for localhost).
 */
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { dirname, extname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserServer } from 'playwright-core'
import { build, createServer, type Plugin, type ViteDevServer } from 'vite'

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

/**
 * Builds the app as `npm run build` does (the project's vite.config.ts) into `outDir`: the bundle
 * a user's browser runs, which a page loads in ~12 requests where the dev server's modules take
 * ~340 (a fresh context has no cache: measured ~4.1 -> ~1.9 s an open on this machine).
 */
export async function buildApp(outDir: string): Promise<void> {
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
}

/** A page that asks for this query parameter gets the dev server's modules, not the bundle. */
export const UNBUNDLED_PARAM = 'unbundled'

const BUNDLE_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
}

/**
 * Serves the built app's page and `assets/` ahead of the dev server's own middleware. Everything
 * else (models, speech, public files, and the `/src/` modules tests import into pages) is the dev
 * server's, as before: the same files the build copied.
 */
function servesBundle(dir: string): Plugin {
  const handle = async (
    server: ViteDevServer,
    req: IncomingMessage,
    res: ServerResponse,
    next: () => void,
  ) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname === '/' ? '/index.html' : normalize(url.pathname)
    const fromBundle =
      (path === '/index.html' && !url.searchParams.has(UNBUNDLED_PARAM)) || path.startsWith('/assets/')
    if (!fromBundle) return next()
    const bytes = await readFile(join(dir, path)).catch(() => null)
    if (!bytes) return next()
    res.statusCode = 200
    for (const [k, v] of Object.entries(server.config.server.headers ?? {}))
      if (v !== undefined) res.setHeader(k, v)
    res.setHeader('Content-Type', BUNDLE_TYPES[extname(path)] ?? 'application/octet-stream')
    res.end(bytes)
  }
  return {
    name: 'worldwalk-e2e-bundle',
    configureServer(server) {
      server.middlewares.use((req, res, next) => void handle(server, req, res, next))
    },
  }
}

/**
 * Starts the app's vite dev server (the project's vite.config.ts) on a free port of `localhost`.
 * With `bundle` (a folder buildApp wrote), pages get the built app unless their URL has
 * UNBUNDLED_PARAM; the dev server still serves `/src/` modules to pages that import them.
 */
export async function startDevServer(
  options: { bundle?: string } = {},
): Promise<{ server: ViteDevServer; url: string }> {
  const port = await freePort()
  const server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    plugins: options.bundle ? [servesBundle(options.bundle)] : [],
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
