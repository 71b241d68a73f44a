import type { FrameRequest } from '../frame'
import type { Pose, Vec3 } from '../pose'
import type { Region } from '../region'
import { classifyTiles, REASON_RANK, type RequestReason } from './classify'
import { CoverageMap, type Coverage, type KeyPredicate } from './coverage-map'
import { DETAIL_DIR0, detailKeysInView, isDetailKey, makeDetailTiles } from './detail-tiles'
import { DEFAULT_TILE_FOV_DEG, forwardOfPose, makeTiles, type DirectionTile } from './direction-tiles'
import type { Footprint } from './footprint'
import { CellGrid, sameCell, slotId, type FrameKey } from './frame-key'
import { keyMeetsFootprint, type KeyGeometry } from './key-footprint'
import { LatencyTracker } from './latency-tracker'
import type { FrameSchedulerOptions } from './scheduler-options'
import { ViewerCell } from './viewer-cell'

/** A request the caller has issued and not yet received or cancelled. */
export interface InFlightRequest {
  id: number
  key: FrameKey
  /** Clock time of issue, milliseconds (the caller's clock). */
  issuedAt: number
  /**
   * Why it was asked for. A refinement asked for while its tile was already behind the viewer
   * (nothing nearer was missing) is kept; without the reason it is taken as asked for in view.
   */
  reason?: RequestReason
}

export interface ScheduledRequest extends InFlightRequest {
  request: FrameRequest
  reason: RequestReason
  /** Lower is sooner. */
  priority: number
}

/** Everything the scheduler looks at; time is passed in, so tests drive it with a fake clock. */
export interface ViewerState {
  now: number
  pose: Pose
  /** World-space velocity, m/s. */
  velocity?: Vec3
  /** World point the viewer gazes or points at. */
  target?: Vec3 | null
  /**
   * Where the head will look soon (a direction: a turn extrapolated), served like a target when
   * there is none: the view being turned to is refined before the head gets there.
   */
  lookAhead?: Vec3 | null
  /**
   * Where the viewer is about to be (a teleport arc's landing while it is aimed): that cell's view
   * tiles, facing as the viewer faces now, are asked for after the view's coarse frames.
   */
  destination?: Vec3 | null
  /**
   * Ground area to serve before anything else (a region just added or restyled): its uncovered
   * keys come first, coarse levels before fine, so the change shows up as soon as possible
   * wherever the viewer looks. Null or absent: ordinary ordering.
   */
  focus?: Footprint | null
  worldVersion: number
  regions: readonly Region[]
  inFlight: readonly InFlightRequest[]
}

export interface ScheduleDecision {
  /** New requests, most urgent first; add them to the in-flight set when sent. */
  issue: ScheduledRequest[]
  /** In-flight requests that are no longer worth their cost (latest wins). */
  cancel: InFlightRequest[]
  concurrency: number
}

export interface Candidate {
  key: FrameKey
  reason: RequestReason
  priority: number
}

/** Priority taken off keys that meet the focus: more than any reason and level can add. */
const FOCUS_LEAD = 1000

/**
 * Decides which posed frames to ask the model for next: the uncovered direction tiles around the
 * viewer's cell, in view first, then the target, the walking direction, the periphery and behind;
 * coarse levels before refinement. Synchronous: it keeps coverage, latency and the viewer's cell
 * (with hysteresis) only.
 */
export class FrameScheduler {
  readonly grid: CellGrid
  readonly tiles: readonly DirectionTile[]
  /** Narrow tiles of detail frames (empty when detail is off); key dir DETAIL_DIR0 + index. */
  readonly detailTiles: readonly DirectionTile[]
  readonly levels: readonly number[]
  readonly latency: LatencyTracker
  readonly coverage: Coverage
  private readonly ownCoverage: CoverageMap | null
  private readonly o: Required<Omit<FrameSchedulerOptions, 'coverage' | 'source' | 'bands' | 'levels'>>
  /** Base tiles, then detail tiles at DETAIL_DIR0 on: what a key's dir names. */
  private readonly tileOf: (dir: number) => DirectionTile | undefined
  /** Recent edits, applied to requests issued before them (ids below `beforeId`) when they land. */
  private readonly invalidations: { atVersion: number; beforeId: number; match: KeyPredicate }[] = []
  private nextId: number
  private readonly viewerCell: ViewerCell

  constructor(options: FrameSchedulerOptions = {}) {
    const rad = Math.PI / 180
    this.grid = new CellGrid(options)
    this.viewerCell = new ViewerCell(this.grid)
    const fov = options.tileFovDeg ?? DEFAULT_TILE_FOV_DEG
    this.tiles = makeTiles(options.bands, fov)
    this.levels = options.levels ?? [64, 128, 256]
    this.detailTiles = (options.detailSize ?? 0) > 0 ? makeDetailTiles() : []
    this.tileOf = (dir) => (dir >= DETAIL_DIR0 ? this.detailTiles[dir - DETAIL_DIR0] : this.tiles[dir])
    this.latency = new LatencyTracker(options.source)
    this.ownCoverage = options.coverage ? null : new CoverageMap()
    this.coverage = options.coverage ?? this.ownCoverage!
    this.o = {
      cellSize: this.grid.cellSize,
      cellHeight: this.grid.cellHeight,
      tileFovDeg: fov,
      viewConeDeg: (options.viewConeDeg ?? 50) * rad,
      targetConeDeg: (options.targetConeDeg ?? 45) * rad,
      motionConeDeg: (options.motionConeDeg ?? 60) * rad,
      peripheryDeg: (options.peripheryDeg ?? 110) * rad,
      motionHorizonS: options.motionHorizonS ?? 1,
      minSpeed: options.minSpeed ?? 0.3,
      levelWeight: options.levelWeight ?? 5,
      maxRange: options.maxRange ?? 200,
      firstRequestId: options.firstRequestId ?? 1,
      viewOnlyFrom: options.viewOnlyFrom ?? this.levels.length,
      foveaFrom: options.foveaFrom ?? this.levels.length,
      detailSize: options.detailSize ?? 0,
      detailConeDeg: (options.detailConeDeg ?? 50) * rad,
    }
    this.nextId = this.o.firstRequestId
  }

  get geometry(): KeyGeometry {
    return { grid: this.grid, tiles: this.tiles, tileOf: this.tileOf, maxRange: this.o.maxRange }
  }

  /** Uncovered keys around the viewer, most urgent first (in-flight ones included). */
  candidates(state: Omit<ViewerState, 'inFlight' | 'now'>): Candidate[] {
    const cell = this.viewerCell.of(state.pose.position)
    const forward = forwardOfPose(state.pose)
    const p = state.pose.position
    const t = state.target
    const target: Vec3 | null = t ? [t[0] - p[0], t[1] - p[1], t[2] - p[2]] : (state.lookAhead ?? null)
    const v = state.velocity
    const moving = v !== undefined && Math.hypot(v[0], v[1], v[2]) >= this.o.minSpeed
    const cones = {
      view: this.o.viewConeDeg,
      target: this.o.targetConeDeg,
      motion: this.o.motionConeDeg,
      periphery: this.o.peripheryDeg,
    }
    const out: Candidate[] = []
    const focus = state.focus ?? null
    const geo = focus ? this.geometry : null
    // Refining what is out of view waits until the view is refined at every level: the coarse
    // sphere first (turning never meets a hole), then the view sharp, then the rest.
    const viewFirst = (this.levels.length - 1) * this.o.levelWeight
    const push = (
      c: Vec3,
      dir: number,
      reason: RequestReason,
      angle: number,
      maxLevel: number,
      inView = reason === 'view' || reason === 'target',
    ): void => {
      for (let level = 0; level <= maxLevel; level++) {
        const key: FrameKey = { worldVersion: state.worldVersion, cell: c, dir, level }
        if (this.coveredAtOrFiner(key)) continue
        // The angle term stays below 0.5, so it orders tiles within a reason and never across.
        let priority =
          REASON_RANK[reason] +
          level * this.o.levelWeight +
          (level > 0 && !inView ? viewFirst : 0) +
          angle / (2 * Math.PI)
        // Focus keys lead every other key at every level, and keep their own coarse-first order.
        if (focus && geo && keyMeetsFootprint(key, focus, geo)) priority -= FOCUS_LEAD
        out.push({ key, reason, priority })
      }
    }
    const here = classifyTiles(this.tiles, forward, target, moving ? v : null, cones)
    const finest = this.levels.length - 1
    const outOfView = Math.min(finest, this.o.viewOnlyFrom - 1)
    const inView = Math.min(finest, this.o.foveaFrom - 1)
    const fovea = nearestOf(here, 'view')
    const aimed = nearestOf(here, 'target')
    here.forEach((c, dir) =>
      push(
        cell,
        dir,
        c.reason,
        c.angle,
        dir === fovea || dir === aimed
          ? finest
          : c.reason === 'view' || c.reason === 'target'
            ? inView
            : outOfView,
      ),
    )
    // Detail frames of a standing viewer's view: after its wide tiles at every level (the view is
    // whole before it is sharpened), before refining anything out of view. A walker gets none; the
    // wide levels keep up with a moving viewer, and the detail comes once they stop.
    const detailRank = REASON_RANK.view + this.levels.length * this.o.levelWeight
    if (!moving)
      for (const { key, angle } of detailKeysInView(
        this.detailTiles,
        cell,
        forward,
        state,
        this.o.detailConeDeg,
      )) {
        if (this.coverage.has(key)) continue
        const lead = focus && geo && keyMeetsFootprint(key, focus, geo) ? FOCUS_LEAD : 0
        out.push({ key, reason: 'view', priority: detailRank + angle / (2 * Math.PI) - lead })
      }
    const ahead = moving && v ? this.predictedCell(p, v) : null
    if (ahead && v) {
      // The view of the cell being walked into, every level, right after this cell's view: a
      // walker crosses a 4 m cell in ~3 s, about what its sharp frames take, and refining here
      // only after arriving left the view soft for seconds after every stop.
      const there = classifyTiles(this.tiles, v, null, null, cones)
      const centre = nearestOf(there, 'view')
      there.forEach((c, dir) => {
        if (c.reason === 'view') push(ahead, dir, 'motion', c.angle, dir === centre ? finest : inView, true)
      })
    }
    const destination = this.destinationCell(state)
    if (destination) {
      // A teleport lands in one step and keeps the heading: the view there, every level.
      const there = classifyTiles(this.tiles, forward, null, null, cones)
      const centre = nearestOf(there, 'view')
      there.forEach((c, dir) => {
        if (c.reason === 'view')
          push(destination, dir, 'motion', c.angle, dir === centre ? finest : inView, true)
      })
    }
    return out.sort((a, b) => a.priority - b.priority)
  }

  /** The next requests to send and the in-flight ones to cancel. */
  next(state: ViewerState): ScheduleDecision {
    const candidates = this.candidates(state)
    const wanted = new Map(candidates.map((c) => [slotId(c.key), c]))
    const cell = this.viewerCell.of(state.pose.position)
    const ahead = state.velocity ? this.predictedCell(state.pose.position, state.velocity) : null
    const destination = this.destinationCell(state)
    const cancel: InFlightRequest[] = []
    const busy = new Set<string>()
    for (const r of state.inFlight) {
      const k = r.key
      const inPlace =
        sameCell(k.cell, cell) ||
        (ahead !== null && sameCell(k.cell, ahead)) ||
        (destination !== null && sameCell(k.cell, destination))
      // Refinement of a view the viewer turned away from goes; one asked for behind them stays, or
      // the same key was cancelled and asked for again at every schedule and a frame slower than
      // the schedule's interval (a sharp level, a headset's CPU) never arrived.
      // A detail frame goes as soon as the viewer walks or turns away: it is the dearest frame, and
      // the wide levels keep up with a moving viewer without it.
      const stillWanted = isDetailKey(k)
        ? wanted.has(slotId(k))
        : k.level === 0 || r.reason === 'behind' || wanted.get(slotId(k))?.reason !== 'behind'
      const current = this.validUntil(r) > state.worldVersion
      if (
        !inPlace ||
        !stillWanted ||
        !current ||
        this.coverage.has({ ...k, worldVersion: state.worldVersion })
      )
        cancel.push(r)
      else busy.add(slotId(k))
    }
    const concurrency = this.latency.concurrency()
    const free = concurrency - (state.inFlight.length - cancel.length)
    const issue: ScheduledRequest[] = []
    for (const c of candidates) {
      if (issue.length >= free) break
      if (busy.has(slotId(c.key))) continue
      issue.push(this.makeRequest(c, state))
    }
    return { issue, cancel, concurrency }
  }

  /** A requested frame arrived: measures latency and, with the scheduler's own map, covers its key. */
  frameArrived(req: InFlightRequest, now: number, modelMs?: number): void {
    this.latency.record(now - req.issuedAt, modelMs)
    if (!this.ownCoverage) return
    // An edit made while the frame was in flight must still apply to it.
    const until = this.validUntil(req)
    if (until <= req.key.worldVersion) return
    const k = req.key
    this.ownCoverage.add(k)
    if (until < Infinity) {
      const id = slotId(k)
      this.ownCoverage.invalidate((e) => e.worldVersion === k.worldVersion && slotId(e) === id, until)
    }
  }

  /**
   * An edit: keys matching `what` (a predicate, or every key whose frustum may meet a footprint)
   * stop being valid from world version `atVersion` on; omit it to forget them outright. Returns
   * the keys invalidated in the scheduler's own coverage (empty with external coverage).
   */
  invalidate(what: KeyPredicate | Footprint, atVersion?: number): FrameKey[] {
    const match = this.predicateOf(what)
    this.invalidations.push({ atVersion: atVersion ?? -Infinity, beforeId: this.nextId, match })
    if (this.invalidations.length > 64) this.invalidations.shift()
    return this.ownCoverage ? this.ownCoverage.invalidate(match, atVersion) : []
  }

  predicateOf(what: KeyPredicate | Footprint): KeyPredicate {
    if (typeof what === 'function') return what
    const geo = this.geometry
    return (k) => keyMeetsFootprint(k, what, geo)
  }

  /** First world version at which an edit made after `req` was issued invalidates its frame. */
  private validUntil(req: InFlightRequest): number {
    let until = Infinity
    for (const inv of this.invalidations) {
      if (req.id >= inv.beforeId || !inv.match(req.key)) continue
      until = Math.min(until, inv.atVersion)
    }
    return until
  }

  private coveredAtOrFiner(key: FrameKey): boolean {
    if (isDetailKey(key)) return this.coverage.has(key)
    for (let level = key.level; level < this.levels.length; level++)
      if (this.coverage.has({ ...key, level })) return true
    return false
  }

  /** The cell of the state's destination, unless it is the viewer's own or out of range. */
  private destinationCell(state: Pick<ViewerState, 'pose' | 'destination'>): Vec3 | null {
    const d = state.destination
    if (!d) return null
    const p = state.pose.position
    if (Math.hypot(d[0] - p[0], d[1] - p[1], d[2] - p[2]) > this.o.maxRange) return null
    const c = this.grid.cellOf(d)
    return sameCell(c, this.viewerCell.of(p)) ? null : c
  }

  private predictedCell(p: Vec3, v: Vec3): Vec3 | null {
    if (Math.hypot(v[0], v[1], v[2]) < this.o.minSpeed) return null
    const t = this.o.motionHorizonS
    const c = this.grid.cellOf([p[0] + v[0] * t, p[1] + v[1] * t, p[2] + v[2] * t])
    return sameCell(c, this.viewerCell.of(p)) ? null : c
  }

  /**
   * A key's camera. A detail frame's (only ever of the viewer's own cell) is the eye: what a frame
   * bakes in for its eye, a reflection above all, is then right where the person stands looking.
   * Others take their cell's centre, raised to the viewer's eye where that is higher in the same
   * height cell. Seen from above its camera a grazing surface's rows of splats part: the fjord's
   * near water (eye 1.6 m, frames from 1.0 m) was striped. From at or above, they overlap.
   */
  private cameraOf(key: FrameKey, eye: Vec3): Vec3 {
    if (isDetailKey(key)) return [eye[0], eye[1], eye[2]]
    const centre = this.grid.centerOf(key.cell)
    if (!(eye[1] > centre[1]) || this.grid.cellOf(eye)[1] !== key.cell[1]) return centre
    return [centre[0], eye[1], centre[2]]
  }

  private makeRequest(c: Candidate, state: ViewerState): ScheduledRequest {
    const detail = isDetailKey(c.key)
    const size = detail ? this.o.detailSize : this.levels[c.key.level]!
    const tile = this.tileOf(c.key.dir)!
    const request: FrameRequest = {
      id: this.nextId++,
      pose: { position: this.cameraOf(c.key, state.pose.position), rotation: [...tile.rotation] },
      camera: { model: 'perspective', width: size, height: size, fovYDeg: tile.fovDeg },
      worldVersion: state.worldVersion,
      regions: state.regions,
    }
    return {
      id: request.id,
      key: c.key,
      issuedAt: state.now,
      request,
      reason: c.reason,
      priority: c.priority,
    }
  }
}

/** The tile of `reason` nearest its direction (-1 when none has it). */
function nearestOf(
  tiles: readonly { reason: RequestReason; angle: number }[],
  reason: RequestReason,
): number {
  let best = -1
  tiles.forEach((c, i) => {
    if (c.reason === reason && (best < 0 || c.angle < tiles[best]!.angle)) best = i
  })
  return best
}
