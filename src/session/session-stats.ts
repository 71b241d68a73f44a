import type { ScheduledRequest } from '../core/stream'
import { forwardOf } from './viewer-motion'
import type { WorldSpec } from './world-spec'

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

export function createStats(world: WorldSpec): WorldStats {
  return {
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

/** The stats of a session that moved to another world (a new prompt, or a restyle): its counts start over. */
export function restartStats(stats: WorldStats, world: WorldSpec): void {
  Object.assign(stats, {
    worldId: world.id,
    prompt: world.prompt,
    version: world.version,
    frames: 0,
    restoredFrames: 0,
    hasPanorama: false,
  })
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

/** Requests remembered in the log; old ones fall off. */
const REQUEST_LOG_MAX = 256

/** Appends `req` to `log`, dropping the oldest beyond REQUEST_LOG_MAX. */
export function logRequest(
  log: RequestLogEntry[],
  req: ScheduledRequest,
  focused: boolean,
  at: number,
): void {
  const p = req.request.pose.position
  const forward: [number, number, number] = [0, 0, 0]
  forwardOf(req.request.pose.rotation, forward)
  log.push({
    id: req.id,
    worldVersion: req.key.worldVersion,
    size: req.request.camera.width,
    position: [p[0], p[1], p[2]],
    dir: req.key.dir,
    level: req.key.level,
    forward,
    focused,
    at,
  })
  if (log.length > REQUEST_LOG_MAX) log.shift()
}
