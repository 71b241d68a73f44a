/**
 * Request validation. Every FrameRequest is checked against the model's manifest entry before
 * anything reaches ORT: a NaN in a pose or a 4097-pixel frame must come back as a clear error to
 * the caller (worker, edge client, CLI), not as garbage pixels or a backend crash.
 */
import type { Frame, FrameRequest } from '../core/frame'
import type { ModelManifestEntry } from '../core/model-contract'
import { MAX_WORLD_REGIONS } from '../core/region-reach'
import { STYLE_DIM } from '../core/style'
import { FrameRequestError } from './errors'

/** A rotation is accepted when its length is within this of 1 (it is renormalised after). */
export const QUAT_TOLERANCE = 1e-3
/** Poses further than this from the origin are rejected (float32 precision in the graph). */
export const MAX_COORDINATE = 1e6

function finiteArray(v: unknown, n: number, field: string): number[] {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v))
    throw new FrameRequestError(`must be an array of ${n} numbers`, field)
  const a = Array.from(v as ArrayLike<unknown>)
  if (a.length !== n) throw new FrameRequestError(`must have ${n} values, got ${a.length}`, field)
  a.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new FrameRequestError(`value ${i} is ${String(x)}, must be a finite number`, field)
    }
  })
  return a as number[]
}

function validatePose(pose: unknown, field: string): void {
  if (typeof pose !== 'object' || pose === null)
    throw new FrameRequestError('must be {position, rotation}', field)
  const p = pose as { position?: unknown; rotation?: unknown }
  const pos = finiteArray(p.position, 3, `${field}.position`)
  if (pos.some((x) => Math.abs(x) > MAX_COORDINATE)) {
    throw new FrameRequestError(`must be within ${MAX_COORDINATE} m of the origin`, `${field}.position`)
  }
  const q = finiteArray(p.rotation, 4, `${field}.rotation`)
  const len = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!)
  if (Math.abs(len - 1) > QUAT_TOLERANCE) {
    throw new FrameRequestError(
      `quaternion length is ${len.toFixed(6)}, must be 1 (unit quaternion x, y, z, w)`,
      `${field}.rotation`,
    )
  }
}

function validateSize(n: unknown, entry: ModelManifestEntry, field: string): number {
  const { min, max, multipleOf } = entry.sizes
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw new FrameRequestError(`must be an integer, got ${String(n)}`, field)
  if (n < min || n > max)
    throw new FrameRequestError(`${n} is outside ${min}..${max} for model ${entry.id}`, field)
  if (n % multipleOf !== 0)
    throw new FrameRequestError(`${n} is not a multiple of ${multipleOf} (model ${entry.id})`, field)
  return n
}

/** Throws FrameRequestError naming the first field the model cannot serve. */
export function validateFrameRequest(req: FrameRequest, entry: ModelManifestEntry): void {
  if (typeof req !== 'object' || req === null)
    throw new FrameRequestError('must be a FrameRequest object', 'request')
  if (typeof req.id !== 'number' || !Number.isFinite(req.id))
    throw new FrameRequestError('must be a finite number', 'id')
  if (!Number.isInteger(req.worldVersion) || req.worldVersion < 0) {
    throw new FrameRequestError(
      `must be a non-negative integer, got ${String(req.worldVersion)}`,
      'worldVersion',
    )
  }
  validatePose(req.pose, 'pose')

  const cam = req.camera as unknown
  if (typeof cam !== 'object' || cam === null) throw new FrameRequestError('must be a CameraSpec', 'camera')
  const model = req.camera.model
  if (!entry.cameraModels.includes(model)) {
    throw new FrameRequestError(
      `"${String(model)}" is not supported by model ${entry.id} (supports: ${entry.cameraModels.join(', ')})`,
      'camera.model',
    )
  }
  validateSize(req.camera.width, entry, 'camera.width')
  validateSize(req.camera.height, entry, 'camera.height')
  const fov = req.camera.fovYDeg
  if (fov !== undefined && (typeof fov !== 'number' || !(fov > 1 && fov < 179))) {
    throw new FrameRequestError(`must be between 1 and 179 degrees, got ${String(fov)}`, 'camera.fovYDeg')
  }

  const regions = req.regions as unknown
  if (!Array.isArray(regions) || regions.length === 0)
    throw new FrameRequestError('a world needs at least one region', 'regions')
  if (regions.length > MAX_WORLD_REGIONS) {
    throw new FrameRequestError(`at most ${MAX_WORLD_REGIONS} regions, got ${regions.length}`, 'regions')
  }
  req.regions.forEach((r, i) => {
    const f = `regions[${i}]`
    const [cx, cz] = finiteArray(r.center, 2, `${f}.center`)
    if (Math.abs(cx!) > MAX_COORDINATE || Math.abs(cz!) > MAX_COORDINATE) {
      throw new FrameRequestError(`must be within ${MAX_COORDINATE} m of the origin`, `${f}.center`)
    }
    if (typeof r.radius !== 'number' || !Number.isFinite(r.radius) || r.radius <= 0) {
      throw new FrameRequestError(`must be a finite number > 0, got ${String(r.radius)}`, `${f}.radius`)
    }
    if (!Number.isInteger(r.seed) || r.seed < 0 || r.seed >= 65536) {
      throw new FrameRequestError(`must be an integer in [0, 65536), got ${String(r.seed)}`, `${f}.seed`)
    }
    const style = finiteArray(r.style, STYLE_DIM, `${f}.style`)
    const bad = style.findIndex((x) => x < 0 || x > 1)
    if (bad >= 0)
      throw new FrameRequestError(`feature ${bad} is ${style[bad]}, must be in [0, 1]`, `${f}.style`)
  })

  const context = req.context
  if (context !== undefined) {
    if (!Array.isArray(context as unknown))
      throw new FrameRequestError('must be an array of frames', 'context')
    if (context.length > entry.contextFrames) {
      throw new FrameRequestError(
        `model ${entry.id} takes at most ${entry.contextFrames} context frames, got ${context.length}`,
        'context',
      )
    }
    context.forEach((c: Frame, i) => {
      const f = `context[${i}]`
      validatePose(c.pose, `${f}.pose`)
      const { width, height } = c.camera
      if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
        throw new FrameRequestError('camera width and height must be positive integers', `${f}.camera`)
      }
      if (c.rgba.length !== width * height * 4)
        throw new FrameRequestError(`must hold ${width * height * 4} bytes`, `${f}.rgba`)
      if (c.depth.length !== width * height)
        throw new FrameRequestError(`must hold ${width * height} values`, `${f}.depth`)
    })
  }
}
