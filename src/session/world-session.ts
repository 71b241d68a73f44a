import { Flights } from './flights'
import { FrameOrigins } from './frame-origins'
import type { Frame, FrameRequest } from '../core/frame'
import { RequestCancelledError } from '../core/frame-source'
import { WorldGround } from '../core/ground/world-ground'
import { SplatStore } from '../core/lift'
import { SpatialMemory } from '../core/memory'
import type { Pose } from '../core/pose'
import { FrameScheduler, isDetailKey, type FrameKey, type ScheduledRequest } from '../core/stream'
import type { Footprint } from '../core/stream/footprint'
import { invalidateChange } from '../core/world'
import { EYE_HEIGHT } from '../core/world/spawn'
import { SkyPanorama } from './sky-panorama'
import {
  resolveSessionOptions,
  schedulerOptionsOf,
  type ResolvedSessionOptions,
  type WorldSessionOptions,
} from './session-options'
import { createStats, logRequest, restartStats, type RequestLogEntry, type WorldStats } from './session-stats'
import { LiftQueue } from './lift-queue'
import { InProcessLifter, type Lifter, type LifterConfig } from './lifter'
import { ResidentArea } from './resident-area'
import { IdleView } from './idle-view'
import { PendingSet } from './pending-set'
import { TeleportDestination } from './teleport-destination'
import { UnexploredGround } from './unexplored-ground'
import { ViewerMotion } from './viewer-motion'
import type { SessionChange, WorldSpec } from './world-spec'

/** How often the scheduler is consulted at most: it allocates, so not every display frame. */
const SCHEDULE_INTERVAL_MS = 80
const RETRY_MS = 1000 // pause after a failed request before asking again (ms)
/** Footprints this wide (m) reach past maxLiftDepth into the far field: the panorama is retaken. */
const FAR_FIELD_RADIUS = 500
const MAX_LIFT_FAILURES = 3 // lift failures in a row before streaming stops

/**
 * The streaming loop, as a plain class (React only calls `tick`): viewer pose in, requests out
 * through the frame source, stale ones cancelled, frames into spatial memory and lifted into
 * splat pages by a Lifter (in a worker in the app, in-process in Node). Lift results are filed a
 * few pages per `tick`, so the render loop never waits for any of this.
 * The app, the CLI's `generate` (explore.ts) and the benches all drive this one class.
 */
export class WorldSession {
  readonly memory: SpatialMemory
  readonly scheduler: FrameScheduler
  /** The splat pages the renderer draws (filed from lift results on this thread). */
  readonly store: SplatStore
  /** Where lifting runs (with `liftConfig`); its occupancy is kept in step with `store` by `lifts`. */
  readonly lifter: Lifter
  readonly liftConfig: LifterConfig
  /** The ground learnt from lifted splats: the walkers follow it (core/ground createLearntGround). */
  readonly ground = new WorldGround()
  /** Page ids whose splats changed since the renderer last looked; the renderer clears entries. */
  readonly dirtyPages = new Set<string>()
  /** Bumped when the panorama or the whole world changes, so renderers rebuild. */
  worldRevision = 0
  world: WorldSpec
  readonly stats: WorldStats
  /** The last requests sent, oldest first (at most 256). */
  readonly requestLog: RequestLogEntry[] = []
  /** The ground area served first (the last edit's region) until all around is covered again. */
  focus: Footprint | null = null
  /** Off until the world is restored from storage (a tick before would ask for what it brings). */
  streaming = false
  /** Ticks after `filed` that ask for nothing: the walkers first stand the eye on restored ground. */
  settleTicks = 0

  private readonly o: ResolvedSessionOptions
  private readonly flights = new Flights()
  /** Every model request and storage read not yet answered (panorama included), for `settled()`. */
  readonly pending = new PendingSet()
  /** After a failed request, no new ones before this time: a dead source is not hammered. */
  private retryAt = -Infinity
  private readonly viewer = new ViewerMotion()
  private lastSchedule = -Infinity
  private idle = false
  readonly destination: TeleportDestination // an aimed teleport's landing (app/teleport-aim-bridge)
  private readonly idleView = new IdleView()
  private readonly sky: SkyPanorama
  private disposed = false
  private readonly lifts: LiftQueue
  private readonly resident: ResidentArea
  private readonly origins: FrameOrigins
  private readonly unexplored = new UnexploredGround(
    this.ground,
    (r) => this.callModel(r),
    () => this.wake(),
    (x, z) => this.resident.comingBack(x, z),
  )

  constructor(
    private readonly options: WorldSessionOptions,
    world: WorldSpec,
  ) {
    this.o = resolveSessionOptions(options)
    this.world = world
    this.memory = new SpatialMemory()
    this.origins = new FrameOrigins(this.o.maxLiftDepth)
    this.scheduler = new FrameScheduler(schedulerOptionsOf(this.o, this.memory))
    this.destination = new TeleportDestination(this.scheduler.grid)
    this.store = new SplatStore()
    const lift = (this.liftConfig = { maxLiftDepth: this.o.maxLiftDepth, pageSize: this.store.pageSize })
    this.lifter = options.lifter ? options.lifter(lift) : new InProcessLifter(lift)
    this.lifts = new LiftQueue(this.lifter, this.store, this.ground, this.dirtyPages, {
      filed: () => this.afterLift(),
      failed: (msg, n) => this.liftFailed(msg, n),
      now: () => this.o.now(),
    })
    const { store, memory, ground, lifts, origins, dirtyPages: dirty, scheduler } = this
    const parts = { store, memory, ground, lifts, origins, dirty, grid: scheduler.grid, sink: options.sink }
    const besideFrames = {
      woken: () => this.wake(),
      track: (work: Promise<unknown>) => void this.pending.track(work),
    }
    this.resident = new ResidentArea(parts, this.o, besideFrames)
    this.stats = createStats(world)
    this.sky = new SkyPanorama(this.o, {
      send: (request) => this.callModel(request),
      eyeY: (x, z) => this.ground.heightAt(x, z) + EYE_HEIGHT,
      arrived: (world, frame) => {
        if (this.disposed || world !== this.world) return
        this.options.sink?.savePanorama(world, frame)
        this.restorePanorama(frame)
      },
      failed: (world, message) => {
        if (world === this.world) this.stats.lastError = message
      },
      ...besideFrames,
    })
  }

  /** The newest sky panorama (an equirect frame of this world), for the background. */
  get panorama(): Frame | null {
    return this.sky.frame
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
    this.lifts.pump(this.o.pagesPerTick, this.o.fileBudgetMs)
    const now = this.o.now()
    this.viewer.update(now, px, py, pz, qx, qy, qz, qw)
    if (!this.streaming || (this.settleTicks > 0 && this.settleTicks-- > 0)) return
    if (now - this.lastSchedule < SCHEDULE_INTERVAL_MS || now < this.retryAt) return
    const woken = this.viewer.lookAhead !== null || this.destination.moved
    if (this.idle && !woken && !this.idleView.changed(this.scheduler.grid, this.viewer.pose)) return
    this.destination.moved = false
    this.lastSchedule = now
    this.schedule(now)
  }

  /** Replaces the world (a new prompt, or a restyle: a new version of the same world). */
  setWorld(world: WorldSpec): void {
    this.flights.abortAll()
    this.world = world
    this.memory.invalidate(() => true)
    this.scheduler.invalidate(() => true)
    for (const id of this.lifts.clear()) this.dirtyPages.add(id)
    this.origins.clear()
    this.ground.clear()
    this.unexplored.reset()
    this.resident.reset()
    this.focus = null
    this.sky.reset()
    this.worldRevision++
    this.idle = false
    restartStats(this.stats, world)
    this.refreshCounts()
  }

  /**
   * A new version of the same world after an edit: only what meets `change.footprints` is thrown
   * away (frames in memory and coverage, splats and their occupancy), so everything else stays
   * on screen byte for byte; `focus` (the edited region) is then served first, coarse first.
   * Returns the ids of splat pages that changed.
   */
  applyChange(world: WorldSpec, change: SessionChange, focus: Footprint | null): string[] {
    this.flights.abortAll()
    this.world = world
    const { scheduler, memory, lifts: splats } = this
    const { pages } = invalidateChange(change, { scheduler, memory, splats })
    for (const id of pages) this.dirtyPages.add(id)
    // The session only ever asks for the newest version (undo and redo make new ones too): frames
    // the edit closed would sit in memory until the byte budget pushed them out (measured: every
    // edit/undo cycle kept the ~38 frames it replaced).
    this.memory.forgetBefore(change.version)
    if (change.footprints.some((f) => f.radius >= FAR_FIELD_RADIUS)) {
      this.sky.reset()
      this.worldRevision++
      this.stats.hasPanorama = false
      // The whole ground may have moved (a new base region): walkers relearn it from new frames.
      this.ground.clear()
      this.unexplored.reset()
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

  /** A stored frame into memory and lifted, no model call (storage keeps it: memory may drop it). */
  restoreFrame(key: FrameKey, frame: Frame): void {
    this.memory.put(key, frame, { persisted: true, regenerable: this.o.regenerable })
    this.lifts.submit(frame, this.origins.of(key, frame))
    this.stats.restoredFrames++
    this.idle = false
  }

  /** Restoring: frames far from where the viewer opens (openAt) stay in storage until it nears. */
  readonly wantsNow = (key: FrameKey): boolean => this.resident.wantsNow(key)
  readonly restoreAway = (key: FrameKey): void => this.resident.restoreAway(key)
  readonly openAt = (x: number, z: number): void => this.resident.openAt(x, z)

  restorePanorama(frame: Frame): void {
    this.sky.hold(frame)
    this.stats.hasPanorama = true
    this.worldRevision++
  }

  /** True while everything around the viewer is covered and nothing is in flight. */
  get isIdle(): boolean {
    return this.idle && this.flights.size === 0
  }

  /** True while a detail frame is in flight: the view is being sharpened where the viewer looks. */
  get sharpening(): boolean {
    return this.flights.requests().some((r) => isDetailKey(r.key))
  }

  /** Every request in flight: the model calls that have not answered yet. */
  get inFlight(): number {
    return this.flights.size + (this.unexplored.probing ? 1 : 0)
  }

  /** Resolves once restored frames are filed (their ground known), then holds two settle ticks. */
  async filed(): Promise<void> {
    await this.lifts.drain(this.o.pagesPerTick, this.o.fileBudgetMs)
    this.settleTicks = 2
  }

  /** Lifts sent and not yet filed into the store. */
  get liftBacklog(): number {
    return this.lifts.backlog
  }

  /** Resolves once every request, storage read and lift is done (the CLI and tests step with it). */
  async settled(): Promise<void> {
    while (this.pending.size > 0 || this.lifts.backlog > 0) {
      await this.pending.settled()
      await this.lifts.settled()
      this.lifts.pump(Infinity)
    }
  }

  dispose(): void {
    this.disposed = true
    this.flights.abortAll()
    this.lifter.dispose()
  }

  /** A request outside the scheduler's (panorama, ground probe): counted as a model call. */
  private callModel(request: FrameRequest): Promise<Frame> {
    this.stats.modelCalls++
    return this.send(request)
  }

  /** Sends a request; `pending` remembers its promise until it settles. */
  private readonly send = (request: FrameRequest, signal?: AbortSignal): Promise<Frame> =>
    this.pending.track(this.options.source.render(request, signal))
  private schedule(now: number): void {
    const [px, py, pz] = this.viewer.pose.position
    this.resident.update(this.world, px, pz)
    this.refreshCounts()
    if (this.unexplored.holds(px, py, pz, this.world)) return
    this.sky.update(this.world, false, px, pz)
    const decision = this.scheduler.next({
      now,
      pose: this.viewer.pose,
      velocity: this.viewer.velocity,
      lookAhead: this.viewer.lookAhead,
      destination: this.destination.eye,
      worldVersion: this.world.version,
      regions: this.world.regions,
      inFlight: this.flights.requests(),
      focus: this.focus,
    })
    for (const c of decision.cancel) this.flights.cancel(c.id)
    for (const req of decision.issue) this.issue(req)
    if (decision.issue.length === 0 && decision.cancel.length === 0 && this.flights.size === 0) {
      // Everything around the viewer is covered: stay quiet until they move or turn.
      this.idle = true
      this.idleView.mark(this.scheduler.grid, this.viewer.pose)
      this.focus = null
      this.sky.update(this.world, true, px, pz)
    }
    this.stats.inFlight = this.flights.size
  }

  private issue(req: ScheduledRequest): void {
    const signal = this.flights.add(req)
    const world = this.world
    this.stats.modelCalls++
    const focus = this.focus
    logRequest(
      this.requestLog,
      req,
      focus !== null && this.scheduler.predicateOf(focus)(req.key),
      this.o.now(),
    )
    this.send(req.request, signal).then(
      (frame) => {
        this.flights.settled(req)
        this.stats.inFlight = this.flights.size
        if (this.disposed || world !== this.world || signal.aborted) return
        this.arrived(req, frame)
      },
      (err: unknown) => {
        this.flights.settled(req)
        this.stats.inFlight = this.flights.size
        this.idle = false
        if (err instanceof RequestCancelledError || signal.aborted) return
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
    this.resident.save(this.world, req.key, frame, () => this.world)
    this.stats.frames++
    const ema = this.stats.modelMsEma
    this.stats.modelMsEma = Number.isNaN(ema) ? frame.modelMs : ema + 0.2 * (frame.modelMs - ema)
    this.lifts.submit(frame, this.origins.of(req.key, frame))
    this.wake()
  }

  /** The source is free: ask again at the next display frame, not up to 80 ms later (it sat idle). */
  private wake(): void {
    this.idle = false
    this.lastSchedule = -Infinity
  }

  private afterLift(): void {
    const [px, , pz] = this.viewer.pose.position
    this.resident.enforceBudget(px, pz)
    this.refreshCounts()
  }

  /**
   * The lifter lost its occupancy (a crashed worker): splats go, and every frame still in memory
   * is lifted again (no model call); what memory dropped is asked for again as usual.
   */
  private liftFailed(msg: string, failures: number): void {
    this.stats.errors++
    for (const id of this.lifts.clear()) this.dirtyPages.add(id)
    this.ground.clear()
    this.refreshCounts()
    if (failures >= MAX_LIFT_FAILURES) {
      this.streaming = false
      this.stats.lastError = `lifting failed ${failures} times (${msg}); stopped: reload the page`
      return
    }
    this.stats.lastError = `lifting failed (${msg}); lifting the world again`
    for (const { key, frame } of this.memory.frames()) this.lifts.submit(frame, this.origins.of(key, frame))
    this.resident.refilled()
    this.idle = false
  }

  private refreshCounts(): void {
    this.stats.splats = this.store.count
    this.stats.pages = this.store.pageIds().length
  }
}
