/**
 * End-to-end harness: a vite dev server and headless Debian Chromium (SwiftShader WebGL2), plus
 * helpers that look at the app's pixels. Reuse it for every e2e test:
 *
 * ```ts
 * let h: Harness
 * beforeAll(async () => { h = await startHarness() })
 * afterAll(async () => { await h?.close() })
 * it('renders', async () => {
 *   const app = await h.open({ query: 'test' })
 *   await app.waitForFrames(3)
 *   expectVisible(await app.canvasStats())
 *   await app.screenshot('my-test')
 *   app.expectNoErrors()
 *   app.expectOnlyLocalRequests()
 *   await app.close()
 * })
 * ```
 *
 * Chromium facts this relies on are in ../shared/STACK-NOTES.md: the launch flags (no network
 * chatter, SwiftShader), the `__name` shim for functions handed to `page.evaluate`, and the host
 * name `localhost` (WebXR needs a secure context; the emulator checks for localhost).
 */
import { mkdir } from 'node:fs/promises'
import { createServer as createNetServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'
import { expect } from 'vitest'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** Where screenshots go (gitignored). */
export const OUTPUT_DIR = join(ROOT, 'tests/output')
export const CHROMIUM_PATH = process.env.WORLDWALK_CHROMIUM ?? '/usr/bin/chromium'

/** Flags verified on this machine kind (see STACK-NOTES.md). No --user-data-dir: launch() makes a fresh profile. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]

/** Small by default: SwiftShader renders on the CPU, and cost grows with pixels. */
export const DEFAULT_VIEWPORT = { width: 640, height: 400 }

/** Vite's first load optimises dependencies and transforms ~hundreds of modules: allow for it. */
export const FIRST_LOAD_TIMEOUT_MS = 120_000

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

/** Pixel statistics of the canvas (or a horizontal slice of it), computed in the page. */
export interface PixelStats {
  width: number
  height: number
  contextLost: boolean
  /** Mean of R, G, B over the region, 0..255. */
  mean: [number, number, number]
  /** Standard deviation of luma over the region, 0..255. */
  lumaStd: number
  /** Distinct colours after quantising each channel to 5 bits. */
  distinctColors: number
  /** Mean luma of a GRID_W x GRID_H grid of cells, row by row: a thumbnail for "did the view change". */
  grid: number[]
}

export const GRID_W = 16
export const GRID_H = 10

/** A horizontal slice of the canvas, in fractions of its width: the left eye is {from: 0, to: 0.5}. */
export interface Slice {
  from: number
  to: number
}

export interface OpenOptions {
  /** Query string without '?', e.g. 'test' or 'test&emulate'. */
  query?: string
  viewport?: { width: number; height: number }
}

/** One page of the app with everything a test needs to look at it. */
export interface AppPage {
  page: Page
  context: BrowserContext
  /** console.error messages and uncaught page errors, in order. */
  errors: string[]
  /** Every URL the page requested. */
  requests: string[]
  /** Waits until the app's test hook has counted `n` more rendered frames (needs `?test`). */
  waitForFrames(n: number, timeoutMs?: number): Promise<void>
  /** Reads the canvas pixels (needs preserveDrawingBuffer, i.e. `?test` or `?emulate`). */
  canvasStats(slice?: Slice): Promise<PixelStats>
  /** Saves a PNG of the page to tests/output/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>
  /** Fails the test if the page logged errors (optionally ignoring some by pattern). */
  expectNoErrors(ignore?: RegExp[]): void
  /** Fails the test if any request went anywhere but this origin's localhost server. */
  expectOnlyLocalRequests(): void
  close(): Promise<void>
}

export interface Harness {
  url: string
  server: ViteDevServer
  browser: Browser
  open(options?: OpenOptions): Promise<AppPage>
  close(): Promise<void>
}

/** Starts the dev server and the browser. Call once per test file (beforeAll) and close() in afterAll. */
export async function startHarness(): Promise<Harness> {
  const { server, url } = await startDevServer()
  let browser: Browser
  try {
    browser = await launchChromium()
  } catch (e) {
    await server.close()
    throw e
  }
  return {
    url,
    server,
    browser,
    open: (options) => openApp(browser, url, options),
    async close() {
      await browser.close().catch(() => {})
      await server.close()
    },
  }
}

function isLocal(requestUrl: string, base: string): boolean {
  if (/^(data|blob):/.test(requestUrl)) return true
  const u = new URL(requestUrl)
  return u.origin === new URL(base).origin
}

/** Opens the app and waits until React has mounted and (under ?test) the first frames are drawn. */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  options: OpenOptions = {},
): Promise<AppPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? DEFAULT_VIEWPORT })
  // tsx/esbuild may wrap functions passed to page.evaluate in __name(); give the page a no-op.
  await context.addInitScript('globalThis.__name = (f) => f')
  const page = await context.newPage()
  const errors: string[] = []
  const requests: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('request', (req) => requests.push(req.url()))
  const url = new URL(options.query ? `?${options.query}` : '', baseUrl).href
  await page.goto(url, { waitUntil: 'load', timeout: FIRST_LOAD_TIMEOUT_MS })
  await page.waitForSelector('canvas', { timeout: FIRST_LOAD_TIMEOUT_MS })

  const app: AppPage = {
    page,
    context,
    errors,
    requests,
    async waitForFrames(n, timeoutMs = 60_000) {
      const start = await page.evaluate(() => window.__worldwalk?.frames ?? -1)
      if (start < 0) throw new Error('waitForFrames needs ?test (window.__worldwalk)')
      await page.waitForFunction((target) => (window.__worldwalk?.frames ?? 0) >= target, start + n, {
        timeout: timeoutMs,
        polling: 50,
      })
    },
    canvasStats: (slice) => readCanvasStats(page, slice),
    async screenshot(name) {
      await mkdir(OUTPUT_DIR, { recursive: true })
      const path = join(OUTPUT_DIR, `${name}.png`)
      await page.screenshot({ path })
      return path
    },
    expectNoErrors(ignore = []) {
      const real = errors.filter((e) => !ignore.some((re) => re.test(e)))
      expect(real, `page errors:\n${real.join('\n')}`).toEqual([])
    },
    expectOnlyLocalRequests() {
      const offsite = requests.filter((r) => !isLocal(r, baseUrl))
      expect(offsite, `requests that left localhost:\n${offsite.join('\n')}`).toEqual([])
    },
    close: () => context.close(),
  }
  return app
}

/**
 * Copies the WebGL canvas into a 2D canvas and measures it in the page. Prefers the app's own
 * renderer canvas (the emulator adds canvases of its own) and falls back to the first <canvas>.
 */
export async function readCanvasStats(page: Page, slice: Slice = { from: 0, to: 1 }): Promise<PixelStats> {
  return page.evaluate(
    ({ s, gw, gh }) => {
      const canvas = window.__worldwalk?.three?.gl.domElement ?? document.querySelector('canvas')
      if (!canvas) throw new Error('no canvas')
      const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl')
      const contextLost = gl ? gl.isContextLost() : true
      const x0 = Math.floor(canvas.width * s.from)
      const w = Math.max(1, Math.floor(canvas.width * s.to) - x0)
      const h = canvas.height
      const copy = document.createElement('canvas')
      copy.width = w
      copy.height = h
      const ctx = copy.getContext('2d', { willReadFrequently: true })
      if (!ctx) throw new Error('no 2d context')
      ctx.drawImage(canvas, x0, 0, w, h, 0, 0, w, h)
      const data = ctx.getImageData(0, 0, w, h).data
      let r = 0
      let g = 0
      let b = 0
      let l = 0
      let l2 = 0
      const colors = new Set<number>()
      const n = w * h
      const grid = new Array<number>(gw * gh).fill(0)
      const counts = new Array<number>(gw * gh).fill(0)
      for (let i = 0; i < data.length; i += 4) {
        const R = data[i]
        const G = data[i + 1]
        const B = data[i + 2]
        r += R
        g += G
        b += B
        const luma = 0.2126 * R + 0.7152 * G + 0.0722 * B
        l += luma
        l2 += luma * luma
        const px = (i >> 2) % w
        const py = Math.floor((i >> 2) / w)
        const cell = Math.floor((py * gh) / h) * gw + Math.floor((px * gw) / w)
        grid[cell] += luma
        counts[cell] += 1
        colors.add(((R >> 3) << 10) | ((G >> 3) << 5) | (B >> 3))
      }
      const lm = l / n
      return {
        width: w,
        height: h,
        contextLost,
        mean: [r / n, g / n, b / n] as [number, number, number],
        lumaStd: Math.sqrt(Math.max(0, l2 / n - lm * lm)),
        distinctColors: colors.size,
        grid: grid.map((v, i) => v / Math.max(1, counts[i])),
      }
    },
    { s: slice, gw: GRID_W, gh: GRID_H },
  )
}

/**
 * Guards against blank-canvas false passes: the context is alive, the image is neither black nor
 * a single flat colour, and it has real variation (a sky gradient alone is not enough).
 */
export function expectVisible(stats: PixelStats, label = 'canvas'): void {
  expect(stats.contextLost, `${label}: WebGL context lost`).toBe(false)
  expect(stats.width * stats.height, `${label}: empty canvas`).toBeGreaterThan(0)
  const brightness = (stats.mean[0] + stats.mean[1] + stats.mean[2]) / 3
  expect(brightness, `${label}: too dark (black frame?)`).toBeGreaterThan(20)
  expect(brightness, `${label}: too bright (white frame?)`).toBeLessThan(245)
  expect(stats.lumaStd, `${label}: pixels barely vary`).toBeGreaterThan(8)
  expect(stats.distinctColors, `${label}: too few colours`).toBeGreaterThan(40)
}

/** Mean absolute luma difference between two thumbnails (0..255): how much the view changed. */
export function viewChange(a: PixelStats, b: PixelStats): number {
  let sum = 0
  for (let i = 0; i < a.grid.length; i++) sum += Math.abs(a.grid[i] - (b.grid[i] ?? 0))
  return sum / a.grid.length
}
