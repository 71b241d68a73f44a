/**
 * "Is the view ready when the head gets there?", measured on head traces (walk, turn, teleport)
 * through the app's own scheduler (core/stream) and viewer motion (session/viewer-motion), with a
 * model that answers one request at a time after a latency per frame size, as the on-device
 * worker does. Completeness is the share of the arrived view (rays over a 70 degree, 16:9
 * frustum) whose direction tile in the viewer's cell is covered at the finest level. Without
 * prediction the scheduler is told only the pose; with it, also the walking velocity, the
 * extrapolated turn and the teleport arc's landing while it is aimed.
 */
import { FrameScheduler, type InFlightRequest } from '../../src/core/stream'
import { rotateVec, yawPitchQuat, type Pose, type Vec3 } from '../../src/core/pose'
import { ViewerMotion } from '../../src/session/viewer-motion'

export interface TraceStep {
  /** Seconds from the start of the trace. */
  t: number
  pose: Pose
  /** Where an aimed teleport would put the eye (null when nothing is aimed). */
  destination: Vec3 | null
}

export interface HeadTrace {
  name: string
  steps: TraceStep[]
  /** When the motion ends (seconds): completeness is measured 0.5 s and 2 s after it. */
  arriveAt: number
}

const HZ = 72
const EYE_Y = 2.6
/**
 * The session consults the scheduler at most this often (world-session SCHEDULE_INTERVAL_MS),
 * and at the next display frame after a frame arrives.
 */
const SCHEDULE_MS = 80

function trace(
  name: string,
  seconds: number,
  arriveAt: number,
  at: (t: number) => Omit<TraceStep, 't'>,
): HeadTrace {
  const steps: TraceStep[] = []
  for (let i = 0; i <= seconds * HZ; i++) steps.push({ t: i / HZ, ...at(i / HZ) })
  return { name, steps, arriveAt }
}

const standing = (x: number, z: number, yawDeg: number): Pose => ({
  position: [x, EYE_Y, z],
  rotation: yawPitchQuat((yawDeg * Math.PI) / 180, -0.08),
})

/** Standing 1 s, walking 7 m down -Z at 1.4 m/s (crossing cells), then standing. */
export function walkTrace(): HeadTrace {
  const start = 1
  const end = start + 5
  return trace('walk', end + 2.5, end, (t) => {
    const walked = 1.4 * Math.min(Math.max(t - start, 0), end - start)
    return { pose: standing(2, 2 - walked, 0), destination: null }
  })
}

/** Standing 1 s, turning left by 150 degrees at 150 degrees per second, then standing. */
export function turnTrace(): HeadTrace {
  const start = 1
  const end = start + 1
  return trace('turn', end + 2.5, end, (t) => {
    const turned = 150 * Math.min(Math.max(t - start, 0), end - start)
    return { pose: standing(2, 2, turned), destination: null }
  })
}

/** Standing 1 s, aiming a teleport 14 m ahead and to the left for 1.2 s, then landing there. */
export function teleportTrace(): HeadTrace {
  const aimFrom = 1
  const jump = aimFrom + 1.2
  const there: Vec3 = [-6, EYE_Y, -11]
  return trace('teleport', jump + 2.5, jump, (t) => ({
    pose: t < jump ? standing(2, 2, 20) : standing(there[0], there[2], 20),
    destination: t >= aimFrom && t < jump ? there : null,
  }))
}

export interface SimOptions {
  predict: boolean
  levels?: readonly number[]
  viewOnlyFrom?: number
  /** Milliseconds the model takes for a frame of this size. @default 8 + 4.5e-3 * size^2 (wasm here: ~26, ~82, ~300 ms) */
  latencyMs?: (size: number) => number
}

export interface Completeness {
  at0_5: number
  at2: number
  /** Model calls made from the start of the trace (after the warm-up). */
  calls: number
}

/** Share of the view covered at the finest level at 0.5 s and 2 s after arriving. */
export function viewCompleteness(t: HeadTrace, o: SimOptions): Completeness {
  const levels = o.levels ?? [64, 128, 256]
  const scheduler = new FrameScheduler({ levels, viewOnlyFrom: o.viewOnlyFrom ?? 2 })
  const latency = o.latencyMs ?? ((size: number) => 8 + 4.5e-3 * size * size)
  const motion = new ViewerMotion()
  const inFlight: InFlightRequest[] = []
  const queue: { req: InFlightRequest; size: number }[] = []
  let running: { req: InFlightRequest; doneAt: number; dropped: boolean } | null = null
  let lastSchedule = -Infinity
  let calls = 0
  /** True after a schedule that found nothing to ask with nothing in flight. */
  let idle = false

  const step = (now: number, s: Omit<TraceStep, 't'>): void => {
    const p = s.pose
    motion.update(now, ...p.position, ...p.rotation)
    // The worker: one frame at a time, in the order asked.
    if (running && now >= running.doneAt) {
      if (!running.dropped) {
        scheduler.frameArrived(running.req, running.doneAt)
        inFlight.splice(inFlight.indexOf(running.req), 1)
        // As the session does: a frame that arrives lets the next schedule run at once.
        lastSchedule = -Infinity
      }
      running = null
    }
    if (!running && queue.length > 0) {
      const next = queue.shift()!
      running = { req: next.req, doneAt: now + latency(next.size), dropped: false }
    }
    if (now - lastSchedule < SCHEDULE_MS) return
    lastSchedule = now
    const d = scheduler.next({
      now,
      pose: p,
      ...(o.predict
        ? { velocity: motion.velocity, lookAhead: motion.lookAhead, destination: s.destination }
        : {}),
      worldVersion: 1,
      regions: [],
      inFlight,
    })
    for (const c of d.cancel) {
      inFlight.splice(inFlight.indexOf(c), 1)
      const q = queue.findIndex((e) => e.req === c)
      if (q >= 0) queue.splice(q, 1)
      else if (running?.req === c) running.dropped = true
    }
    for (const r of d.issue) {
      inFlight.push(r)
      queue.push({ req: r, size: r.request.camera.width })
      calls++
    }
    idle = d.issue.length === 0 && inFlight.length === 0
  }

  // Warm-up: the first pose until the scheduler has nothing left to ask (a settled world).
  const first = t.steps[0]!
  let now = 0
  for (let i = 0; i < 120 * HZ && !idle; i++) {
    step(now, { pose: first.pose, destination: null })
    now += 1000 / HZ
  }
  calls = 0
  const t0 = now
  let at0_5 = NaN
  const last = t.steps[t.steps.length - 1]!
  for (let ms = 0; ms <= (t.arriveAt + 2) * 1000; ms += 1000 / HZ) {
    const s = t.steps[Math.min(t.steps.length - 1, Math.round((ms / 1000) * HZ))] ?? last
    step(t0 + ms, s)
    if (Number.isNaN(at0_5) && ms >= (t.arriveAt + 0.5) * 1000)
      at0_5 = covered(scheduler, s.pose, levels.length - 1)
  }
  return { at0_5, at2: covered(scheduler, last.pose, levels.length - 1), calls }
}

/** Share of rays over the pose's view (70 x 107 degrees) whose tile is covered at `level`. */
function covered(s: FrameScheduler, pose: Pose, level: number): number {
  const cell = s.grid.cellOf(pose.position)
  const tanY = Math.tan((35 * Math.PI) / 180)
  const tanX = (tanY * 16) / 9
  let hit = 0
  let n = 0
  for (let j = 0; j < 18; j++) {
    for (let i = 0; i < 32; i++) {
      const local: Vec3 = [((i + 0.5) / 32 - 0.5) * 2 * tanX, (0.5 - (j + 0.5) / 18) * 2 * tanY, -1]
      const dir = rotateVec(pose.rotation, local)
      let best = 0
      let bestDot = -Infinity
      s.tiles.forEach((tile, k) => {
        const f = tile.forward
        const dot = (f[0] * dir[0] + f[1] * dir[1] + f[2] * dir[2]) / Math.hypot(...dir)
        if (dot > bestDot) {
          bestDot = dot
          best = k
        }
      })
      n++
      if (s.coverage.has({ worldVersion: 1, cell, dir: best, level })) hit++
    }
  }
  return hit / n
}
