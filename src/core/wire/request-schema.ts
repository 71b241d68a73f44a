import type { CameraSpec } from '../camera'
import type { FrameRequest } from '../frame'
import type { Pose } from '../pose'
import { MAX_REGIONS, type Region } from '../region'
import { fullStyle, styleLengthFor } from '../style'
import { WireErrorCode, WIRE_LIMITS } from './protocol'
import { WireError } from './wire-error'

/**
 * Structural checks of a FrameRequest that arrived from outside (JSON from a socket or a file):
 * types, counts and finiteness. The model runtime then checks what only it knows (sizes it supports).
 */
export function parseFrameRequest(value: unknown, id: number): FrameRequest {
  const o = record(value, 'request')
  return {
    id,
    pose: parsePose(o.pose),
    camera: parseCamera(o.camera),
    worldVersion: parseWorldVersion(o.worldVersion),
    regions: parseRegions(o.regions),
  }
}

/** The JSON form of a request: style vectors become plain arrays. */
export function requestToJson(req: FrameRequest): Record<string, unknown> {
  return {
    pose: req.pose,
    camera: req.camera,
    worldVersion: req.worldVersion,
    regions: req.regions.map((r) => ({ ...r, style: Array.from(r.style) })),
  }
}

export function parseWorldVersion(value: unknown): number {
  return integer(value, 'worldVersion', 0, 2 ** 31)
}

export function parsePose(value: unknown): Pose {
  const o = record(value, 'pose')
  return {
    position: numbers(o.position, 'pose.position', 3) as Pose['position'],
    rotation: numbers(o.rotation, 'pose.rotation', 4) as Pose['rotation'],
  }
}

export function parseCamera(value: unknown): CameraSpec {
  const o = record(value, 'camera')
  if (o.model !== 'perspective' && o.model !== 'equirect')
    invalid('camera.model must be "perspective" or "equirect"')
  const side = WIRE_LIMITS.maxFrameSide
  const camera: CameraSpec = {
    model: o.model,
    width: integer(o.width, 'camera.width', 1, side),
    height: integer(o.height, 'camera.height', 1, side),
  }
  if (o.fovYDeg !== undefined) camera.fovYDeg = finite(o.fovYDeg, 'camera.fovYDeg', 1, 179)
  return camera
}

function parseRegions(value: unknown): Region[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_REGIONS) {
    invalid(`regions must be an array of 1 to ${MAX_REGIONS} regions`)
  }
  return value.map((v, i) => {
    const o = record(v, `regions[${i}]`)
    if (typeof o.id !== 'string' || o.id.length === 0 || o.id.length > 64)
      invalid(`regions[${i}].id must be a short string`)
    return {
      id: o.id,
      center: numbers(o.center, `regions[${i}].center`, 2) as [number, number],
      radius: finite(o.radius, `regions[${i}].radius`, 1e-3, 1e6),
      seed: integer(o.seed, `regions[${i}].seed`, 0, 65535),
      // A client built before a style feature was added sends fewer values: read at the default.
      style: fullStyle(numbers(o.style, `regions[${i}].style`, styleLengthFor(o.style))),
    }
  })
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid(`${what} must be an object`)
  return value as Record<string, unknown>
}

function numbers(value: unknown, what: string, length: number): number[] {
  if (!Array.isArray(value) || value.length !== length)
    invalid(`${what} must be an array of ${length} numbers`)
  return value.map((v, i) => finite(v, `${what}[${i}]`, -1e7, 1e7))
}

function finite(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(`${what} must be a finite number`)
  if (value < min || value > max) invalid(`${what} must be in [${min}, ${max}], got ${value}`)
  return value
}

function integer(value: unknown, what: string, min: number, max: number): number {
  const n = finite(value, what, min, max)
  if (!Number.isInteger(n)) invalid(`${what} must be an integer`)
  return n
}

function invalid(message: string): never {
  throw new WireError(WireErrorCode.InvalidRequest, message)
}
