import type { Frame, FrameRequest } from '../core/frame'
import { RequestCancelledError, type FrameSource } from '../core/frame-source'
import { FrameLifter, SplatStore, createSplatBatch, type SplatBatch } from '../core/lift'
import { SpatialMemory } from '../core/memory'
import type { Pose, Vec3 } from '../core/pose'
import type { Region } from '../core/region'
import { FrameScheduler, type FrameKey, type InFlightRequest, type ScheduledRequest } from '../core/stream'
import type { Footprint } from '../core/stream/footprint'
import { invalidateChange } from '../core/world'
import { WorldGround } from '../core/ground/world-ground'

/** One world: its identity, description and region table at a version. */
export interface WorldSpec {
  id: string
  prompt: string
  version: number
  regions: readonly Region[]
}

/** Where frames go once they arrived (persistent storage); the session never waits for it. */
export interface FrameSink {
  saveFrame(world: WorldSpec, key: FrameKey, frame: Frame): void
  savePanorama(world: WorldSpec, frame: Frame): void
}

export interface WorldSessionOptions {
  /** Where frames come from: the app's SourceSelector (edge, else worker), a bench's local model. */
  source: Pick<FrameSource, 'render'>
  /** Frame sizes per level, coarsest first (the scheduler's levels). @default [64, 128] */
  levels?: readonly number[]
  /** Requests kept in flight (1 for the worker, more when an edge pipelines). @default 1 */
  maxInFlight?: number
  /**
   * Most splats resident; pages farthest from the viewer go first beyond it. @default 1.5M
   * The app passes 500K on standalone headsets (Spark's Quest default) and more on desktops.
   */
  splatBudget?: number
  /** Width of the sky panorama (height is half). 0 turns it off. @default 256 */
  panoramaWidth?: number
  /**
   * Pixels farther than this (metres of depth) are not lifted. @default 150
   * A far pixel of a 64x64 frame becomes a splat tens of metres wide, whose edges read as steps on
   * the skyline; the sky panorama draws the far field smoothly instead.
   */
  maxLiftDepth?: number
  /** The frame model is deterministic, so memory may drop frames it can ask for again. @default true */
  regenerable?: boolean
  sink?: FrameSink
  /** ms clock; tests drive it. @default performance.now */
  now?: () => number
}

/** Numbers for the status line, refreshed a few times a second (never per frame). */
export interface WorldStats {
  worldId: string
  prompt: string
  version: number
  /** Frames received from a source this session. */
  frames: number
  /** Frames brought back from storage. */
  restoredFrames: number
  /** Requests sent to a source (the model calls of this session). */
  modelCalls: number
  inFlight: number
  /** Exponential moving average of model time per frame, ms (NaN before the first). */
  modelMsEma: number
  splats: number
  pages: number
  /** Requests that failed for a reason other than cancellation. */
  errors: number
  lastError: string | null
  hasPanorama: boolean
}

/** One request as sent, for tests and the prompt bench (which frames came first after an edit). */
export interface RequestLogEntry {
  id: number
  worldVersion: number
  /** Frame size (pixels, square) and the ground point the frame's camera sits at. */
  size: number
  position: [number, number, number]
  dir: number
  level: number
  /** Unit view direction of the frame's camera (-Z of its rotation), world space. */
  forward: [number, number, number]
  /** Whether the key met the session's focus when it was issued. */
  focused: boolean
  at: number
}

/** An applied world edit as the session sees it (a WorldChange fits). */
export interface SessionChange {
  version: number
  footprints: readonly Footprint[]
}

interface Flight {
  req: ScheduledRequest
  ctrl: AbortController
}

/** Ids of panorama requests sit far above the scheduler's, so the two never collide. */
const PANORAMA_ID_BASE = 0x7000_0000
/** How often the scheduler is consulted at most: it allocates, so not every display frame. */
const SCHEDULE_INTERVAL_MS = 80
/** Pause after a failed request before asking again (ms). */
const RETRY_MS = 1000
/** A move longer than this within one display frame is a jump, not walking (metres). */
const TELEPORT_M = 0.5
/** Requests remembered in the log; old ones fall off. */
const REQUEST_LOG_MAX = 256
/**
 * A footprint this wide (metres) changes the far field too: the sky panorama is taken again.
 * Frames lift nothing beyond maxLiftDepth, so smaller edits leave the panorama as it is.
 */
const FAR_FIELD_RADIUS = 500
/** The view must turn this far (radians) or the viewer change cell before an idle scheduler looks again. */
const IDLE_TURN = 0.3

/**
 * The streaming loop, as a plain class (React only calls `tick`): viewer pose in, requests out
 * through the frame source, stale ones cancelled, frames into spatial memory and lifted into
 * splat pages. The render loop reads pages and never waits for any of this.
 */
export class WorldSession {
  readonly memory: SpatialMemory
  readonly scheduler: FrameScheduler
  readonly lifter: FrameLifter
  readonly store: SplatStore
  readonly ground = new WorldGround()
  /** Page ids whose splats changed since the renderer last looked; the renderer clears entries. */
  readonly dirtyPages = new Set<string>()
  /** The newest sky panorama (an equirect frame of this world), for the background. */
  panorama: Frame | null = null
  /** Bumped when the panorama or the whole world changes, so renderers rebuild. */
  worldRevision = 0
  world: WorldSpec
  readonly stats: WorldStats
  /** The last requests sent, oldest first (at most REQUEST_LOG_MAX). */
  readonly requestLog: RequestLogEntry[] = []
  /**
   * The ground area served first (the last edit's region) until everything around the viewer is
   * covered again; null when nothing was edited.
   */
  focus: Footprint | null = null
  /**
   * Off until the world is restored from storage: a tick before that would ask the model for
   * views that storage is about to bring back.
   */
  streaming = false

  private readonly o: Required<Omit<WorldSessionOptions, 'sink' | 'source'>>
  private readonly flights = new Map<number, Flight>()
  private readonly inFlightList: InFlightRequest[] = []
  private scratch: SplatBatch = createSplatBatch(4096)
  private nearDepth = new Float32Array(0)
  /** After a failed request, no new ones before this time: a dead source is not hammered. */
  private retryAt = -Infinity
  private readonly pose: Pose = { position: [0, 0, 0], rotation: [0, 0, 0, 1] }
  private readonly velocity: Vec3 = [0, 0, 0]
  private readonly lastPos: Vec3 = [0, 0, 0]
  private lastTick = NaN
  private lastSchedule = -Infinity
  private idle = false
  private readonly idleForward: Vec3 = [0, 0, -1]
  private readonly idleCell: Vec3 = [NaN, NaN, NaN]
  private panoramaFor = -1
  private nextPanoramaId = PANORAMA_ID_BASE
  private disposed = false

  constructor(
    private readonly options: WorldSessionOptions,
    world: WorldSpec,
  ) {
    this.o = {
      levels: options.levels ?? [64, 128],
      maxInFlight: options.maxInFlight ?? 1,
      splatBudget: options.splatBudget ?? 1_500_000,
      panoramaWidth: options.panoramaWidth ?? 256,
      maxLiftDepth: options.maxLiftDepth ?? 150,
      regenerable: options.regenerable ?? true,
      now: options.now ?? (() => performance.now()),
    }
    this.world = world
    this.memory = new SpatialMemory()
    this.scheduler = this.makeScheduler()
    this.lifter = new FrameLifter()
    this.store = new SplatStore()
    this.stats = {
      worldId: world.id,
      prompt: world.prompt,
      version: world.version,
      frames: 0,
      restoredFrames: 0,
      modelCalls: 0,
      inFlight: 0,
      modelMsEma: NaN,
      splats: 0,
      pages: 0,
      errors: 0,
      lastError: null,
      hasPanorama: false,
    }
  }

  get levels(): readonly number[] {
    return this.o.levels
  }

  /** The viewer's pose at the last tick (live: copy it to keep it). Edits are placed from it. */
  get viewerPose(): Pose {
    return this.pose
  }

  /**
   * Once per display frame with the viewer's world pose. Allocation-free unless it is time to ask
   * the scheduler (at most every SCHEDULE_INTERVAL_MS, and not at all while nothing is missing).
   */
  tick(px: number, py: number, pz: number, qx: number, qy: number, qz: number, qw: number): void {
    if (this.disposed) return
    const now = this.o.now()
    const p = this.pose.position
    p[0] = px
    p[1] = py
    p[2] = pz
    const r = this.pose.rotation
    r[0] = qx
    r[1] = qy
    r[2] = qz
    r[3] = qw
    const dt = (now - this.lastTick) / 1000
    const jump = Math.hypot(px - this.lastPos[0], py - this.lastPos[1], pz - this.lastPos[2])
    if (jump > TELEPORT_M) {
      // A teleport, or the eye snapping to newly learnt ground: not a walk to extrapolate.
      this.velocity[0] = this.velocity[1] = this.velocity[2] = 0
    } else if (dt > 0 && dt < 1) {
      // Smoothed over ~0.25 s, so a single jittery frame does not predict a walk.
      const a = Math.min(1, dt / 0.25)
      for (let i = 0; i < 3; i++)
        this.velocity[i] += a * ((p[i]! - this.lastPos[i]!) / dt - this.velocity[i]!)
    }
    this.lastTick = now
    this.lastPos[0] = px
    this.lastPos[1] = py
    this.lastPos[2] = pz
    if (!this.streaming || now - this.lastSchedule < SCHEDULE_INTERVAL_MS || now < this.retryAt) return
    if (this.idle && !this.viewChangedSinceIdle()) return
    this.lastSchedule = now
    this.schedule(now)
  }

  /** Replaces the world (a new prompt, or a restyle: a new version of the same world). */
  setWorld(world: WorldSpec): void {
    for (const f of this.flights.values()) f.ctrl.abort()
    this.flights.clear()
    this.world = world
    this.memory.invalidate(() => true)
    this.scheduler.invalidate(() => true)
    this.lifter.grid.clear()
    for (const id of this.store.pageIds()) {
      this.store.removePage(id)
      this.dirtyPages.add(id)
    }
    this.ground.clear()
    this.focus = null
    this.panorama = null
    this.panoramaFor = -1
    this.worldRevision++
    this.idle = false
    Object.assign(this.stats, {
      worldId: world.id,
      prompt: world.prompt,
      version: world.version,
      frames: 0,
      restoredFrames: 0,
      hasPanorama: false,
    })
    this.refreshCounts()
  }

  /**
   * A new version of the same world after an edit: only what meets `change.footprints` is thrown
   * away (frames in memory and coverage, splats and their occupancy), so everything else stays
   * on screen byte for byte; `focus` (the edited region) is then served first, coarse first.
   * Returns the ids of splat pages that changed.
   */
  applyChange(world: WorldSpec, change: SessionChange, focus: Footprint | null): string[] {
    for (const f of this.flights.values()) f.ctrl.abort()
    this.flights.clear()
    this.world = world
    const lifter = this.lifter
    const store = this.store
    // The session keeps its lifter and store apart (SplatWorld joins them): clear both, or the
    // occupancy grid would refuse the new region's splats as already covered.
    const splats = {
      removeWhere: (f: Footprint): string[] => {
        lifter.grid.removeWhere(f)
        return store.removeWhere(f)
      },
    }
    const { pages } = invalidateChange(change, { scheduler: this.scheduler, memory: this.memory, splats })
    for (const id of pages) this.dirtyPages.add(id)
    if (change.footprints.some((f) => f.radius >= FAR_FIELD_RADIUS)) {
      this.panorama = null
      this.panoramaFor = -1
      this.worldRevision++
      this.stats.hasPanorama = false
      // The whole ground may have moved (a new base region): walkers relearn it from new frames.
      this.ground.clear()
    }
    this.focus = focus
    this.idle = false
    this.lastSchedule = -Infinity
    this.stats.version = world.version
    this.stats.prompt = world.prompt
    this.refreshCounts()
    return pages
  }

  /** Serves `focus` first from the next schedule on (a refine: same world, finer frames there). */
  serveFirst(focus: Footprint): void {
    this.focus = focus
    this.idle = false
  }

  /**
   * A frame that exists already (from storage): into memory and lifted, no model call. `persisted`
   * because storage holds it, so memory may drop it under pressure.
   */
  restoreFrame(key: FrameKey, frame: Frame): void {
    this.memory.put(key, frame, { persisted: true, regenerable: this.o.regenerable })
    this.lift(frame)
    this.stats.restoredFrames++
    this.idle = false
  }

  restorePanorama(frame: Frame): void {
    this.setPanorama(frame)
  }

  /** True while everything around the viewer is covered and nothing is in flight. */
  get isIdle(): boolean {
    return this.idle && this.flights.size === 0
  }

  /** Every request in flight: the model calls that have not answered yet. */
  get inFlight(): number {
    return this.flights.size
  }

  dispose(): void {
    this.disposed = true
    for (const f of this.flights.values()) f.ctrl.abort()
    this.flights.clear()
  }

  private makeScheduler(): FrameScheduler {
    return new FrameScheduler({
      coverage: this.memory,
      levels: this.o.levels,
      source: { maxInFlight: this.o.maxInFlight, kind: this.o.maxInFlight > 1 ? 'edge' : 'local' },
    })
  }

  private viewChangedSinceIdle(): boolean {
    const cell = this.scheduler.grid.cellOf(this.pose.position)
    if (cell[0] !== this.idleCell[0] || cell[1] !== this.idleCell[1] || cell[2] !== this.idleCell[2])
      return true
    const f = this.idleForward
    const [x, y, z, w] = this.pose.rotation
    // Forward (-Z) of the current rotation, dotted with the forward at idle time.
    const fx = -2 * (x * z + w * y)
    const fy = -2 * (y * z - w * x)
    const fz = -(1 - 2 * (x * x + y * y))
    return fx * f[0] + fy * f[1] + fz * f[2] < Math.cos(IDLE_TURN)
  }

  private markIdle(): void {
    this.idle = true
    const cell = this.scheduler.grid.cellOf(this.pose.position)
    this.idleCell[0] = cell[0]
    this.idleCell[1] = cell[1]
    this.idleCell[2] = cell[2]
    const [x, y, z, w] = this.pose.rotation
    this.idleForward[0] = -2 * (x * z + w * y)
    this.idleForward[1] = -2 * (y * z - w * x)
    this.idleForward[2] = -(1 - 2 * (x * x + y * y))
  }

  private schedule(now: number): void {
    if (this.o.panoramaWidth > 0 && this.panoramaFor !== this.world.version && !this.panorama) {
      this.requestPanorama()
    }
    this.inFlightList.length = 0
    for (const f of this.flights.values()) this.inFlightList.push(f.req)
    const decision = this.scheduler.next({
      now,
      pose: this.pose,
      velocity: this.velocity,
      worldVersion: this.world.version,
      regions: this.world.regions,
      inFlight: this.inFlightList,
      focus: this.focus,
    })
    for (const c of decision.cancel) {
      const f = this.flights.get(c.id)
      if (!f) continue
      this.flights.delete(c.id)
      f.ctrl.abort()
    }
    for (const req of decision.issue) this.issue(req)
    if (decision.issue.length === 0 && decision.cancel.length === 0 && this.flights.size === 0) {
      // Everything around the viewer is covered: stay quiet until they move or turn.
      this.markIdle()
      this.focus = null
    }
    this.stats.inFlight = this.flights.size
  }

  private issue(req: ScheduledRequest): void {
    const ctrl = new AbortController()
    const world = this.world
    this.flights.set(req.id, { req, ctrl })
    this.stats.modelCalls++
    this.logRequest(req)
    this.options.source.render(req.request, ctrl.signal).then(
      (frame) => {
        if (this.flights.get(req.id)?.req === req) this.flights.delete(req.id)
        this.stats.inFlight = this.flights.size
        if (this.disposed || world !== this.world || ctrl.signal.aborted) return
        this.arrived(req, frame)
      },
      (err: unknown) => {
        if (this.flights.get(req.id)?.req === req) this.flights.delete(req.id)
        this.stats.inFlight = this.flights.size
        this.idle = false
        if (err instanceof RequestCancelledError || ctrl.signal.aborted) return
        this.retryAt = this.o.now() + RETRY_MS
        this.stats.errors++
        this.stats.lastError = err instanceof Error ? err.message : String(err)
      },
    )
  }

  private logRequest(req: ScheduledRequest): void {
    const p = req.request.pose.position
    const [x, y, z, w] = req.request.pose.rotation
    const focus = this.focus
    this.requestLog.push({
      id: req.id,
      worldVersion: req.key.worldVersion,
      size: req.request.camera.width,
      position: [p[0], p[1], p[2]],
      dir: req.key.dir,
      level: req.key.level,
      forward: [-2 * (x * z + w * y), -2 * (y * z - w * x), -(1 - 2 * (x * x + y * y))],
      focused: focus !== null && this.scheduler.predicateOf(focus)(req.key),
      at: this.o.now(),
    })
    if (this.requestLog.length > REQUEST_LOG_MAX) this.requestLog.shift()
  }

  private arrived(req: ScheduledRequest, frame: Frame): void {
    const now = this.o.now()
    this.memory.put(req.key, frame, { regenerable: this.o.regenerable })
    this.scheduler.frameArrived(req, now, frame.modelMs)
    this.options.sink?.saveFrame(this.world, req.key, frame)
    this.stats.frames++
    const ema = this.stats.modelMsEma
    this.stats.modelMsEma = Number.isNaN(ema) ? frame.modelMs : ema + 0.2 * (frame.modelMs - ema)
    this.lift(frame)
    this.idle = false
  }

  private lift(frame: Frame): void {
    this.scratch.count = 0
    this.scratch = this.lifter.lift(this.nearPart(frame), this.scratch)
    const b = this.scratch
    for (let i = 0; i < b.count; i++) {
      this.ground.record(b.centers[3 * i]!, b.centers[3 * i + 1]!, b.centers[3 * i + 2]!, b.scales[3 * i]!)
    }
    for (const id of this.store.add(b)) this.dirtyPages.add(id)
    this.enforceBudget()
    this.refreshCounts()
  }

  /** The frame with pixels beyond maxLiftDepth marked as sky (a scratch copy; the frame is kept whole). */
  private nearPart(frame: Frame): Frame {
    const max = this.o.maxLiftDepth
    const src = frame.depth
    if (this.nearDepth.length < src.length) this.nearDepth = new Float32Array(src.length)
    const depth = this.nearDepth.subarray(0, src.length)
    for (let i = 0; i < src.length; i++) depth[i] = src[i]! > max ? 0 : src[i]!
    return { ...frame, depth }
  }

  /** Over budget: drops whole pages, farthest from the viewer first (their frames stay in memory). */
  private enforceBudget(): void {
    if (this.store.count <= this.o.splatBudget) return
    const [px, , pz] = this.pose.position
    const size = this.store.pageSize
    const ids = this.store.pageIds()
    const dist = (id: string): number => {
      const page = this.store.page(id)!
      return Math.hypot((page.cx + 0.5) * size - px, (page.cz + 0.5) * size - pz)
    }
    ids.sort((a, b) => dist(b) - dist(a))
    for (const id of ids) {
      if (this.store.count <= this.o.splatBudget * 0.9) break
      this.store.removePage(id)
      this.dirtyPages.add(id)
    }
  }

  private refreshCounts(): void {
    this.stats.splats = this.store.count
    this.stats.pages = this.store.pageIds().length
  }

  private requestPanorama(): void {
    const world = this.world
    this.panoramaFor = world.version
    const w = this.o.panoramaWidth
    // From the spawn at standing height: the panorama is the far field and the sky, both of which
    // barely move over a walk.
    const request: FrameRequest = {
      id: this.nextPanoramaId++,
      pose: { position: [0, this.ground.fallback + 1.6, 0], rotation: [0, 0, 0, 1] },
      camera: { model: 'equirect', width: w, height: w / 2 },
      worldVersion: world.version,
      regions: world.regions,
    }
    this.stats.modelCalls++
    this.options.source.render(request).then(
      (frame) => {
        if (this.disposed || world !== this.world) return
        this.options.sink?.savePanorama(world, frame)
        this.setPanorama(frame)
      },
      (err: unknown) => {
        if (world !== this.world) return
        // Try again on the next schedule: the sky is worth a second call.
        this.panoramaFor = -1
        this.stats.lastError = err instanceof Error ? err.message : String(err)
      },
    )
  }

  private setPanorama(frame: Frame): void {
    this.panorama = frame
    this.panoramaFor = frame.worldVersion
    this.stats.hasPanorama = true
    this.worldRevision++
  }
}
