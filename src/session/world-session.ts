import type { Frame, FrameRequest } from '../core/frame'
import { RequestCancelledError } from '../core/frame-source'
import { WorldGround } from '../core/ground/world-ground'
import { SplatWorld, type FrameLifter, type SplatStore } from '../core/lift'
import { SpatialMemory } from '../core/memory'
import type { Pose, Vec3 } from '../core/pose'
import { FrameScheduler, type FrameKey, type InFlightRequest, type ScheduledRequest } from '../core/stream'
import type { Footprint } from '../core/stream/footprint'
import { invalidateChange } from '../core/world'
import {
  resolveSessionOptions,
  type ResolvedSessionOptions,
  type WorldSessionOptions,
} from './session-options'
import { createStats, logRequest, type RequestLogEntry, type WorldStats } from './session-stats'
import { nearPart } from './near-part'
import { enforceSplatBudget } from './splat-budget'
import { forwardOf, ViewerMotion } from './viewer-motion'
import type { SessionChange, WorldSpec } from './world-spec'

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
 * splat pages (core/lift SplatWorld). The render loop reads pages and never waits for any of this.
 * The app, the CLI's `generate` (explore.ts) and the benches all drive this one class.
 */
export class WorldSession {
  readonly memory: SpatialMemory
  readonly scheduler: FrameScheduler
  /** The lifter and the page store, kept in step (an edit clears both). */
  readonly splats: SplatWorld
  /** The ground learnt from lifted splats: the walkers follow it (core/ground createTerrainGround). */
  readonly ground = new WorldGround()
  /** Page ids whose splats changed since the renderer last looked; the renderer clears entries. */
  readonly dirtyPages = new Set<string>()
  /** The newest sky panorama (an equirect frame of this world), for the background. */
  panorama: Frame | null = null
  /** Bumped when the panorama or the whole world changes, so renderers rebuild. */
  worldRevision = 0
  world: WorldSpec
  readonly stats: WorldStats
  /** The last requests sent, oldest first (at most 256). */
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

  private readonly o: ResolvedSessionOptions
  private readonly flights = new Map<number, Flight>()
  /** Every request not yet answered (panorama included), for `settled()`. */
  private readonly pending = new Set<Promise<unknown>>()
  private readonly inFlightList: InFlightRequest[] = []
  private nearDepth: Float32Array = new Float32Array(0)
  /** After a failed request, no new ones before this time: a dead source is not hammered. */
  private retryAt = -Infinity
  private readonly viewer = new ViewerMotion()
  private lastSchedule = -Infinity
  private idle = false
  private readonly idleForward: Vec3 = [0, 0, -1]
  private readonly idleCell: Vec3 = [NaN, NaN, NaN]
  private readonly forward: Vec3 = [0, 0, -1]
  private panoramaFor = -1
  private nextPanoramaId = PANORAMA_ID_BASE
  private disposed = false

  constructor(
    private readonly options: WorldSessionOptions,
    world: WorldSpec,
  ) {
    this.o = resolveSessionOptions(options)
    this.world = world
    this.memory = new SpatialMemory()
    this.scheduler = new FrameScheduler({
      coverage: this.memory,
      levels: this.o.levels,
      source: { maxInFlight: this.o.maxInFlight, kind: this.o.maxInFlight > 1 ? 'edge' : 'local' },
    })
    this.splats = new SplatWorld()
    this.stats = createStats(world)
  }

  get lifter(): FrameLifter {
    return this.splats.lifter
  }

  get store(): SplatStore {
    return this.splats.store
  }

  get levels(): readonly number[] {
    return this.o.levels
  }

  /** The viewer's pose at the last tick (live: copy it to keep it). Edits are placed from it. */
  get viewerPose(): Pose {
    return this.viewer.pose
  }

  /**
   * Once per display frame with the viewer's world pose. Allocation-free unless it is time to ask
   * the scheduler (at most every SCHEDULE_INTERVAL_MS, and not at all while nothing is missing).
   */
  tick(px: number, py: number, pz: number, qx: number, qy: number, qz: number, qw: number): void {
    if (this.disposed) return
    const now = this.o.now()
    this.viewer.update(now, px, py, pz, qx, qy, qz, qw)
    if (!this.streaming || now - this.lastSchedule < SCHEDULE_INTERVAL_MS || now < this.retryAt) return
    if (this.idle && !this.viewChangedSinceIdle()) return
    this.lastSchedule = now
    this.schedule(now)
  }

  /** Replaces the world (a new prompt, or a restyle: a new version of the same world). */
  setWorld(world: WorldSpec): void {
    this.abortAll()
    this.world = world
    this.memory.invalidate(() => true)
    this.scheduler.invalidate(() => true)
    for (const id of this.splats.clear()) this.dirtyPages.add(id)
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
    this.abortAll()
    this.world = world
    const { pages } = invalidateChange(change, {
      scheduler: this.scheduler,
      memory: this.memory,
      splats: this.splats,
    })
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

  /** Resolves once every request sent so far has answered or failed (the CLI steps the loop with it). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  dispose(): void {
    this.disposed = true
    this.abortAll()
  }

  private abortAll(): void {
    for (const f of this.flights.values()) f.ctrl.abort()
    this.flights.clear()
  }

  /** Sends a request and remembers its promise until it settles. */
  private send(request: FrameRequest, signal?: AbortSignal): Promise<Frame> {
    const p = this.options.source.render(request, signal)
    const tracked = p.then(
      () => undefined,
      () => undefined,
    )
    this.pending.add(tracked)
    void tracked.then(() => this.pending.delete(tracked))
    return p
  }

  private viewChangedSinceIdle(): boolean {
    const cell = this.scheduler.grid.cellOf(this.viewer.pose.position)
    if (cell[0] !== this.idleCell[0] || cell[1] !== this.idleCell[1] || cell[2] !== this.idleCell[2])
      return true
    const f = this.idleForward
    const now = forwardOf(this.viewer.pose.rotation, this.forward)
    return now[0] * f[0] + now[1] * f[1] + now[2] * f[2] < Math.cos(IDLE_TURN)
  }

  private markIdle(): void {
    this.idle = true
    const cell = this.scheduler.grid.cellOf(this.viewer.pose.position)
    this.idleCell[0] = cell[0]
    this.idleCell[1] = cell[1]
    this.idleCell[2] = cell[2]
    forwardOf(this.viewer.pose.rotation, this.idleForward)
  }

  private schedule(now: number): void {
    if (this.o.panoramaWidth > 0 && this.panoramaFor !== this.world.version && !this.panorama) {
      this.requestPanorama()
    }
    this.inFlightList.length = 0
    for (const f of this.flights.values()) this.inFlightList.push(f.req)
    const decision = this.scheduler.next({
      now,
      pose: this.viewer.pose,
      velocity: this.viewer.velocity,
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
    const focus = this.focus
    logRequest(
      this.requestLog,
      req,
      focus !== null && this.scheduler.predicateOf(focus)(req.key),
      this.o.now(),
    )
    this.send(req.request, ctrl.signal).then(
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
    const near = nearPart(frame, this.o.maxLiftDepth, this.nearDepth)
    this.nearDepth = near.scratch
    const changed = this.splats.addFrame(near.frame, (b) => {
      for (let i = 0; i < b.count; i++)
        this.ground.record(b.centers[3 * i]!, b.centers[3 * i + 1]!, b.centers[3 * i + 2]!, b.scales[3 * i]!)
    })
    for (const id of changed) this.dirtyPages.add(id)
    const [px, , pz] = this.viewer.pose.position
    enforceSplatBudget(this.splats.store, this.o.splatBudget, px, pz, this.dirtyPages)
    this.refreshCounts()
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
    this.send(request).then(
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
