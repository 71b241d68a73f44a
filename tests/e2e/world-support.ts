import type { AppPage } from './harness'

/** What the counter and wait helpers read: only the page (the benches drive pages of their own). */
type PageOf = Pick<AppPage, 'page'>

/**
 * Small frames and a small panorama: SwiftShader draws every splat on the CPU (5k splats ~10 fps),
 * so the tests ask for 22 x 32x32 frames per cell, a few thousand splats, and check correctness.
 */
export const WORLD_TEST_QUERY = 'test&levels=32&panorama=128'

/** The session's counters, read through the ?test hook. */
export interface WorldCounters {
  ready: boolean
  frames: number
  restoredFrames: number
  modelCalls: number
  splats: number
  inFlight: number
  /** Model requests and storage reads (frames coming back as the viewer nears) not answered yet. */
  unanswered: number
  /** Lifts sent to the worker and not yet filed into the splat store. */
  lifting: number
  /** Splat pages changed and not yet built into meshes (a few per display frame). */
  unbuilt: number
  /** False while a stored world is being restored (the session streams only after). */
  streaming: boolean
  hasPanorama: boolean
  backend: string | null
  source: string | null
  restarts: number
}

export async function worldCounters(app: PageOf): Promise<WorldCounters> {
  return app.page.evaluate(() => {
    const w = window.__worldwalk?.world
    if (!w) {
      return {
        ready: false,
        frames: 0,
        restoredFrames: 0,
        modelCalls: 0,
        splats: 0,
        inFlight: 0,
        unanswered: 0,
        lifting: 0,
        unbuilt: 0,
        streaming: false,
        hasPanorama: false,
        backend: null,
        source: null,
        restarts: 0,
      }
    }
    const s = w.session.stats
    const active = w.selector.status().active
    return {
      ready: true,
      frames: s.frames,
      restoredFrames: s.restoredFrames,
      modelCalls: s.modelCalls,
      splats: s.splats,
      inFlight: w.session.inFlight,
      unanswered: w.session.pending.size,
      lifting: w.session.liftBacklog,
      unbuilt: w.session.dirtyPages.size,
      streaming: w.session.streaming,
      hasPanorama: s.hasPanorama,
      backend: active?.backend ?? null,
      source: active?.kind ?? null,
      restarts: w.worker.info.restarts,
    }
  })
}

/** Every tile frame the world holds: grown in this page plus restored from storage. */
export function worldFrames(c: WorldCounters): number {
  return c.frames + c.restoredFrames
}

/** Polls until `cond` holds for the counters; returns the counters that satisfied it. */
export async function waitForWorld(
  app: PageOf,
  cond: (c: WorldCounters) => boolean,
  timeoutMs = 90_000,
): Promise<WorldCounters> {
  const end = Date.now() + timeoutMs
  let last = await worldCounters(app)
  while (!cond(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for the world: ${JSON.stringify(last)}`)
    await app.page.waitForTimeout(200)
    last = await worldCounters(app)
  }
  return last
}

/**
 * True once the viewer's cell is fully covered: nothing in flight and the session idle for a
 * while, with a world there (grown here, or restored from storage).
 */
export async function waitForIdle(app: PageOf, timeoutMs = 120_000): Promise<WorldCounters> {
  const end = Date.now() + timeoutMs
  let stableSince = Date.now()
  let last = await worldCounters(app)
  for (;;) {
    await app.page.waitForTimeout(300)
    const now = await worldCounters(app)
    // A restore counts up restoredFrames and lifts them in a worker before streaming resumes:
    // neither model calls nor grown frames move meanwhile. Frames read back from storage as the
    // viewer returns to a place count nowhere until they are lifted: the 3 km walk's return once
    // found no splats at the spawn, most likely such a read outlasting the quiet spell.
    if (
      now.inFlight > 0 ||
      now.unanswered > 0 ||
      now.lifting > 0 ||
      now.unbuilt > 0 ||
      !now.streaming ||
      now.modelCalls !== last.modelCalls ||
      now.frames !== last.frames ||
      now.restoredFrames !== last.restoredFrames
    )
      stableSince = Date.now()
    last = now
    if (Date.now() - stableSince > 1500 && now.frames + now.restoredFrames > 0) return now
    if (Date.now() > end) throw new Error(`world never went idle: ${JSON.stringify(now)}`)
  }
}

/**
 * Runs `wait` with the page's drawing switched off (the frame loop, poses and streaming go on;
 * only the frame's draw to the canvas or headset is skipped), then draws `framesAfter` frames
 * again before returning. Renders into a render target still run: Spark builds its splat
 * buffers and the depths it sorts by that way, in XR from a timer after the frame, and a skipped
 * build left it sorting stale depths (a garbage order it kept until the head moved). In software
 * WebGL a drawn frame of the test world costs ~40 ms of the page's time on llvmpipe (~70 ms in
 * emulated VR; ~0.2-0.5 s on SwiftShader), and every model reply and storage write waits for a
 * task turn behind it: growing or storing a world is several times faster undrawn (a tab the
 * person left does not draw either). For waits on the world only, not
 * on anything drawn (thumbnails are taken from the canvas: not while this runs).
 */
export async function withoutDrawing<T>(app: AppPage, wait: () => Promise<T>, framesAfter = 2): Promise<T> {
  // After a reload the canvas (and the renderer) may not be up yet.
  await app.page.waitForFunction(() => window.__worldwalk?.three != null, null, { timeout: 60_000 })
  await app.page.evaluate(() => {
    const gl = window.__worldwalk!.three!.gl as { render: (...a: unknown[]) => void; __draw?: unknown }
    type Draw = (this: typeof gl, ...a: unknown[]) => void
    const draw = (gl.__draw ??= gl.render) as Draw
    const r = gl as unknown as { getRenderTarget: () => { isXRRenderTarget?: boolean } | null }
    gl.render = function (this: typeof gl, ...a: unknown[]) {
      // The canvas (no target) and the headset's layer (an XR target) are the frame's draw.
      const target = r.getRenderTarget()
      if (target !== null && !target.isXRRenderTarget) draw.apply(this, a)
    }
  })
  try {
    return await wait()
  } finally {
    await app.page.evaluate(() => {
      const gl = window.__worldwalk!.three!.gl as { render: (...a: unknown[]) => void; __draw?: unknown }
      if (gl.__draw) gl.render = gl.__draw as (...a: unknown[]) => void
      delete gl.__draw
    })
    await app.waitForFrames(framesAfter)
  }
}

/** waitForIdle with drawing off (see withoutDrawing): for waits on the world, not on pixels. */
export function waitForIdleUndrawn(app: AppPage, timeoutMs?: number): Promise<WorldCounters> {
  return withoutDrawing(app, () => waitForIdle(app, timeoutMs))
}

/** waitForWorld with drawing off (see withoutDrawing): for waits on the world, not on pixels. */
export function waitForWorldUndrawn(
  app: AppPage,
  cond: (c: WorldCounters) => boolean,
  timeoutMs?: number,
): Promise<WorldCounters> {
  return withoutDrawing(app, () => waitForWorld(app, cond, timeoutMs))
}

/** What the database holds, read raw (no app code), and every way it could be inconsistent. */
export interface StorageReport {
  worlds: { id: string; version: number; documentVersion: number | null; listed: number; panorama: boolean }[]
  problems: string[]
}

/**
 * Reads the app's database with plain IndexedDB calls and checks that it is whole: each world's
 * current manifest exists and is of the record's version, every frame it lists exists and is not
 * newer than the world, and the document (when present) parses at the record's version.
 * Self-contained: it runs in the page (`page.evaluate(inspectStorage, name)`).
 */
export async function inspectStorage(dbName = 'worldwalk'): Promise<StorageReport> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = indexedDB.open(dbName)
    r.onsuccess = () => res(r.result)
    r.onerror = () => rej(new Error(String(r.error)))
  })
  const all = <T>(store: string): Promise<T[]> =>
    new Promise((res, rej) => {
      const r = db.transaction(store).objectStore(store).getAll()
      r.onsuccess = () => res(r.result as T[])
      r.onerror = () => rej(new Error(String(r.error)))
    })
  type Rec = { id: string; version: number; manifest: number; document?: unknown }
  type Man = { id: string; worldVersion: number; frames: string[]; panorama: string | null }
  type Fr = { id: string; worldVersion: number }
  const records = await all<Rec>('worlds')
  const manifests = new Map((await all<Man>('manifests')).map((m) => [m.id, m]))
  const frames = new Map((await all<Fr>('frames')).map((f) => [f.id, f]))
  db.close()
  const problems: string[] = []
  const worlds: StorageReport['worlds'] = []
  for (const rec of records) {
    const m = manifests.get(`${rec.id}@${rec.manifest}`)
    if (!m) problems.push(`${rec.id}: manifest ${rec.manifest} missing`)
    else if (m.worldVersion !== rec.version)
      problems.push(`${rec.id}: manifest of version ${m.worldVersion}, record ${rec.version}`)
    for (const id of [...(m?.frames ?? []), ...(m?.panorama ? [m.panorama] : [])]) {
      const f = frames.get(id)
      if (!f) problems.push(`${rec.id}: lists missing frame ${id}`)
      else if (f.worldVersion > rec.version) problems.push(`${rec.id}: frame ${id} newer than the world`)
    }
    let documentVersion: number | null = null
    if (rec.document !== undefined) {
      const doc = JSON.parse(JSON.stringify(rec.document)) as { version?: unknown; regions?: unknown }
      if (typeof doc.version !== 'number' || !Array.isArray(doc.regions))
        problems.push(`${rec.id}: bad document`)
      else documentVersion = doc.version
      if (documentVersion !== rec.version)
        problems.push(`${rec.id}: document at ${documentVersion}, record at ${rec.version}`)
    }
    worlds.push({
      id: rec.id,
      version: rec.version,
      documentVersion,
      listed: m?.frames.length ?? 0,
      panorama: Boolean(m?.panorama),
    })
  }
  return { worlds, problems }
}

/** One poll of a walker: where it is, whether it stands on ground nobody walks on, and ahead. */
export interface WalkerPoll {
  x: number
  z: number
  /** On a column the ground says is not walked onto (water, lava, a house). */
  onWater: boolean
  /** How far in from the nearest walkable column the ground knows now (0 on land). */
  inFromBank: number
  /** The same for where the walker stood at the poll before, by the ground known now. */
  inFromBankBefore: number
  /**
   * Such a column 0.4, 0.8 or 1.2 m ahead. At 1.2 m alone a walker stopped at a tree's trunk or a
   * bush, a 1 m column met aslant, could look past it at open ground and never count as arrived.
   */
  waterAhead: boolean
}

/**
 * The polls at which the walker had walked deeper into the water. The ground is learnt as frames
 * land, so a column walked onto as land may be learnt as water a moment later (a frame taken from
 * the next cell sees the shore 1-2 m from where a coarser one from afar put it): the walker may
 * then find itself in the water without having stepped in. What it must never do is walk deeper
 * than that. So each poll is compared with where the walker stood at the poll before, both by the
 * ground known now: up to a column and a running step (1.5 m) in counts as at the edge; past that,
 * it must not be farther in than the spot it came from.
 */
export function walkedDeeperIn(seen: readonly WalkerPoll[]): WalkerPoll[] {
  return seen.filter((p) => p.onWater && p.inFromBank > Math.max(1.5, p.inFromBankBefore + 0.25))
}

/**
 * Runs forward (Shift+W) until 2 s after the walker first has unwalkable ground just ahead, or
 * `timeoutMs`, polling every 300 ms (see walkedDeeperIn for what the polls can show).
 */
export async function runUntilStopped(
  app: AppPage,
  timeoutMs: number,
): Promise<{ seen: WalkerPoll[]; reachedAt: number }> {
  const probe = (before: readonly [number, number] | null): Promise<WalkerPoll> =>
    app.page.evaluate((before) => {
      const w = window.__worldwalk!
      const camera = w.three!.camera()
      // Yaw 0 looks down -Z (the camera's rotation order is YXZ).
      const yaw = camera.rotation.y
      const { x, z } = camera.position
      const ground = w.world!.session.ground
      const inFromBank = (x: number, z: number): number => {
        if (!ground.isWater(x, z)) return 0
        let d = Infinity
        for (let dx = -3; dx <= 3; dx += 0.25)
          for (let dz = -3; dz <= 3; dz += 0.25)
            if (ground.has(x + dx, z + dz) && !ground.isWater(x + dx, z + dz))
              d = Math.min(d, Math.hypot(dx, dz))
        return d
      }
      return {
        x,
        z,
        onWater: ground.isWater(x, z),
        inFromBank: inFromBank(x, z),
        inFromBankBefore: before ? inFromBank(before[0], before[1]) : 0,
        waterAhead: [0.4, 0.8, 1.2].some((d) => ground.isWater(x - d * Math.sin(yaw), z - d * Math.cos(yaw))),
      }
    }, before)
  const start = await app.page.evaluate(() => {
    const { x, z } = window.__worldwalk!.three!.camera().position
    return [x, z] as const
  })
  await app.page.keyboard.down('ShiftLeft')
  await app.page.keyboard.down('KeyW')
  const seen: WalkerPoll[] = []
  let reachedAt = Infinity
  const end = Date.now() + timeoutMs
  try {
    while (Date.now() < end && Date.now() < reachedAt + 2000) {
      await app.page.waitForTimeout(300)
      const last = seen[seen.length - 1]
      const p = await probe(last ? [last.x, last.z] : start)
      seen.push(p)
      if (p.waterAhead && reachedAt === Infinity) reachedAt = Date.now()
    }
  } finally {
    await app.page.keyboard.up('KeyW')
    await app.page.keyboard.up('ShiftLeft')
  }
  return { seen, reachedAt }
}
