/**
 * End-to-end harness: pages of the app in headless Chromium (software WebGL2: Mesa's llvmpipe, or
 * SwiftShader where Mesa is missing; see browser-env.ts), plus helpers
 * that look at the app's pixels. Reuse it for every e2e test:
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
 *   await app.close()
 * })
 * ```
 *
 * One vite dev server and one Chromium serve the whole run (tests/e2e/global-setup.ts); a
 * harness connects to that Chromium, and each `open()` gets a fresh browser context (its own
 * storage). `open({ seed: true })` starts the page on the default world already grown and stored
 * (tests/e2e/world-fixture.ts) instead of growing it again on SwiftShader.
 *
 * Every page opened here is watched: after each test (tests/e2e/guard.ts) the run fails if a page
 * logged an error or requested anything off this origin since the last check. Errors a test
 * causes on purpose are allowed by pattern (`open({ allowErrors })` or `app.allowErrors()`).
 *
 * The `__name` shim for functions handed to `page.evaluate` is in ../shared/STACK-NOTES.md.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expect, inject } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH, OUTPUT_DIR, startDevServer, type SharedBrowser } from './browser-env'
import { dumpWorld, seedWorld, type WorldFixture } from './world-fixture'
import { WORLD_TEST_QUERY, waitForIdle, waitForWorld, withoutDrawing } from './world-support'

export {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  launchChromium,
  OUTPUT_DIR,
  ROOT,
  startDevServer,
  UNBUNDLED_PARAM,
} from './browser-env'

/** Small by default: the software renderer draws on the CPU, and cost grows with pixels. */
export const DEFAULT_VIEWPORT = { width: 640, height: 400 }

/**
 * Pages draw at half a pixel per CSS pixel (`?scale=0.5`) unless a test asks otherwise: the
 * layout (and every click a test makes) stays the viewport's, while the renderer fills a quarter of
 * the pixels (on SwiftShader: gallery 121 -> 81 s, files 113 -> 90 s at 640x400 and more). In
 * emulated VR the canvas measured the viewport's full size at every scale (three resizes it for
 * the session from IWER's layer): both eyes draw unscaled, and cost per splat, not per pixel.
 */
export const E2E_RENDER_SCALE = 0.5

/** Vite's first load optimises dependencies and transforms ~hundreds of modules: allow for it. */
export const FIRST_LOAD_TIMEOUT_MS = 120_000

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
  /**
   * Store the default world (WORLD_TEST_QUERY's, grown once per run) in the page's IndexedDB
   * through the real WorldStore before the app starts: without `&fresh` in the query, the app
   * opens it from storage (no model call) instead of growing it on SwiftShader.
   */
  seed?: boolean
  /** Page errors this test causes on purpose (the after-each guard ignores them). */
  allowErrors?: RegExp[]
  /** Open in this context (same storage, e.g. a second tab) instead of a fresh one. */
  context?: BrowserContext
  /** `?scale=` for the page (null: the app's own, 1 under ?test). @default E2E_RENDER_SCALE */
  renderScale?: number | null
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
  /** `timeoutMs`: Playwright's 30 s unless given (a SwiftShader frame of ~500k splats takes seconds). */
  screenshot(name: string, timeoutMs?: number): Promise<string>
  /** Fails the test if the page logged errors (optionally ignoring some by pattern). */
  expectNoErrors(ignore?: RegExp[]): void
  /** Fails the test if any request went anywhere but this origin's localhost server. */
  expectOnlyLocalRequests(): void
  /** Errors matching these are expected from now on: the after-each guard ignores them. */
  allowErrors(...patterns: RegExp[]): void
  /** Closes the page (and its context, unless it was opened in one given to open()). */
  close(): Promise<void>
}

export interface Harness {
  url: string
  browser: Browser
  open(options?: OpenOptions): Promise<AppPage>
  close(): Promise<void>
}

/**
 * The run's shared server and browser, or null when a file runs without the global setup, or
 * outside vitest altogether (scripts/readme-screenshots.ts: `inject` throws there).
 */
function shared(): SharedBrowser | null {
  try {
    return inject('e2e') ?? null
  } catch {
    return null
  }
}

export interface HarnessOptions {
  /**
   * Chromium flags beyond CHROMIUM_ARGS (e.g. a fake microphone): this file then launches a
   * browser of its own (still on the run's vite server), since flags are per process.
   */
  chromiumArgs?: string[]
}

/**
 * Connects to the run's Chromium (tests/e2e/global-setup.ts). Call once per test file
 * (beforeAll) and close() in afterAll: that closes this file's contexts, not the browser.
 * Without the global setup (a bench, another config) it starts a server and a browser of its own.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const run = shared()
  let url: string
  let browser: Browser
  let stop: () => Promise<void>
  if (run && options.chromiumArgs) {
    url = run.url
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, ...options.chromiumArgs],
    })
    stop = () => browser.close()
  } else if (run) {
    url = run.url
    browser = await chromium.connect(run.wsEndpoint)
    stop = () => browser.close()
  } else {
    const own = await startDevServer()
    url = own.url
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])],
      })
    } catch (e) {
      await own.server.close()
      throw e
    }
    stop = async () => {
      await browser.close().catch(() => {})
      await own.server.close()
    }
  }
  return {
    url,
    browser,
    open: (options) => openApp(browser, url, options),
    close: () => stop().catch(() => {}),
  }
}

function isLocal(requestUrl: string, base: string): boolean {
  if (/^(data|blob):/.test(requestUrl)) return true
  const u = new URL(requestUrl)
  return u.origin === new URL(base).origin
}

/** Pages opened in this test file and how much of each the guard has already checked. */
const watched: { app: AppPage; base: string; allowed: RegExp[]; errors: number; requests: number }[] = []

/**
 * The guard every e2e file runs after each test (tests/e2e/guard.ts): since the last check, no
 * page of this file logged an error it did not allow, and none requested anything off this
 * origin (the app works offline). Each problem fails the test in which it happened, once.
 */
export function expectPagesCleanSinceLastCheck(): void {
  const problems: string[] = []
  for (const w of watched) {
    const errors = w.app.errors.slice(w.errors).filter((e) => !w.allowed.some((re) => re.test(e)))
    const offsite = w.app.requests.slice(w.requests).filter((r) => !isLocal(r, w.base))
    w.errors = w.app.errors.length
    w.requests = w.app.requests.length
    const at = w.app.page.isClosed() ? 'a closed page' : w.app.page.url()
    for (const e of errors) problems.push(`error on ${at}: ${e}`)
    for (const r of offsite) problems.push(`request that left localhost from ${at}: ${r}`)
  }
  expect(problems, problems.join('\n')).toEqual([])
}

/** Opens the app and waits until React has mounted and (under ?test) the first frames are drawn. */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  options: OpenOptions = {},
): Promise<AppPage> {
  const ownContext = !options.context
  const context =
    options.context ?? (await browser.newContext({ viewport: options.viewport ?? DEFAULT_VIEWPORT }))
  if (ownContext) {
    // tsx/esbuild may wrap functions passed to page.evaluate in __name(); give the page a no-op.
    await context.addInitScript('globalThis.__name = (f) => f')
    // vitest rewrites `import()` inside functions handed to page.evaluate into its own loader:
    // pages get a plain one to load app modules from the dev server (`__import('/src/...')`).
    await context.addInitScript('globalThis.__import = (p) => import(p)')
  }
  const page = await context.newPage()
  if (options.viewport && !ownContext) await page.setViewportSize(options.viewport)
  const errors: string[] = []
  const requests: string[] = []
  const allowed = [...(options.allowErrors ?? [])]
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    // "Failed to load resource" names no URL in its text: add where it came from.
    const where = msg.location().url
    errors.push(where && !msg.text().includes(where) ? `${msg.text()} (${where})` : msg.text())
  })
  // With where it was thrown: a page error seen once in CI and never again is only worth its stack.
  page.on('pageerror', (err) => {
    const at = (err.stack ?? '')
      .split('\n')
      .slice(1, 4)
      .map((l) => l.trim())
    errors.push(`pageerror: ${err.message}${at.length ? ` (${at.join(' < ')})` : ''}`)
  })
  page.on('request', (req) => requests.push(req.url()))

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
    async screenshot(name, timeoutMs) {
      await mkdir(OUTPUT_DIR, { recursive: true })
      const path = join(OUTPUT_DIR, `${name}.png`)
      await page.screenshot({ path, ...(timeoutMs !== undefined && { timeout: timeoutMs }) })
      return path
    },
    expectNoErrors(ignore = []) {
      const real = errors.filter((e) => ![...ignore, ...allowed].some((re) => re.test(e)))
      expect(real, `page errors:\n${real.join('\n')}`).toEqual([])
    },
    expectOnlyLocalRequests() {
      const offsite = requests.filter((r) => !isLocal(r, baseUrl))
      expect(offsite, `requests that left localhost:\n${offsite.join('\n')}`).toEqual([])
    },
    allowErrors(...patterns) {
      allowed.push(...patterns)
    },
    close: () => (ownContext ? context.close() : page.close()),
  }
  watched.push({ app, base: baseUrl, allowed, errors: 0, requests: 0 })

  if (options.seed) {
    const fixture = await defaultWorld(browser, baseUrl)
    // Any page of the app's origin reaches its IndexedDB; a static file keeps the app out of it.
    // A page of its own: Chromium asks a bare file's origin for /favicon.ico, which is not there.
    const seeder = await context.newPage()
    await seeder.goto(new URL('/favicon.svg', baseUrl).href)
    await seedWorld(seeder, fixture)
    await seeder.close()
  }
  const url = appUrl(baseUrl, options.query ?? '', options.renderScale)
  await page.goto(url, { waitUntil: 'load', timeout: FIRST_LOAD_TIMEOUT_MS })
  await page.waitForSelector('canvas', { timeout: FIRST_LOAD_TIMEOUT_MS })
  return app
}

/**
 * The app's URL for a query, with `scale=` added (unless it names one already or `scale` is null):
 * for every page a test opens or reloads, so a reload draws at the size the page opened at.
 */
export function appUrl(baseUrl: string, query: string, scale: number | null = E2E_RENDER_SCALE): string {
  const scaled = scale === null || new URLSearchParams(query).has('scale') ? query : `${query}&scale=${scale}`
  return new URL(`?${scaled.replace(/^&/, '')}`, baseUrl).href
}

/** Where this run keeps the grown default world (null: this process only). */
function fixturePath(): string | null {
  const run = shared()
  return run ? join(run.runDir, 'default-world.json') : null
}

let fixtureInMemory: WorldFixture | null = null

/**
 * The default world of WORLD_TEST_QUERY, grown once per run: read from the run's folder if a
 * file before this one grew it (or offered it, see offerDefaultWorld), else grown now in a
 * context of its own, from scratch, on the real model. The model is deterministic, so every
 * file sees the same world.
 */
export async function defaultWorld(browser: Browser, baseUrl: string): Promise<WorldFixture> {
  if (fixtureInMemory) return fixtureInMemory
  const path = fixturePath()
  if (path) {
    const text = await readFile(path, 'utf8').catch(() => null)
    if (text) return (fixtureInMemory = JSON.parse(text) as WorldFixture)
  }
  const app = await openApp(browser, baseUrl, { query: `${WORLD_TEST_QUERY}&fresh` })
  try {
    // Nothing here looks at the canvas: grown and stored without drawing, in a fraction of the time.
    await withoutDrawing(app, async () => {
      await waitForWorld(app, (w) => w.frames >= 22 && w.hasPanorama)
      await waitForIdle(app)
      await offerDefaultWorld(app)
    })
  } finally {
    await app.close()
  }
  return fixtureInMemory!
}

/**
 * Keeps the world this page grew (`WORLD_TEST_QUERY&fresh`, idle) as the run's default world,
 * unless one is kept already: a file that grows it anyway saves the others growing it again.
 */
export async function offerDefaultWorld(app: AppPage): Promise<void> {
  const path = fixturePath()
  if (fixtureInMemory) return
  if (path && (await readFile(path, 'utf8').catch(() => null))) return
  const fixture = await dumpWorld(app.page, WORLD_TEST_QUERY)
  fixtureInMemory = fixture
  if (path) {
    // Whole or not at all: write aside, then rename over.
    await writeFile(`${path}.tmp`, JSON.stringify(fixture))
    await rename(`${path}.tmp`, path)
  }
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
