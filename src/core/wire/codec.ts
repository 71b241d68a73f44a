import type { Frame, FrameRequest } from '../frame'
import { knownMaterialBytes } from '../material'
import { regionsAround } from '../region-reach'
import {
  HEADER_BYTES,
  MessageType,
  WIRE_LIMITS,
  WIRE_MAGIC,
  WIRE_VERSION,
  WireErrorCode,
  type ErrorPayload,
  type HelloPayload,
} from './protocol'
import { parseCamera, parseFrameRequest, parsePose, parseWorldVersion, requestToJson } from './request-schema'
import { WireError } from './wire-error'

export type WireMessage =
  | { type: MessageType.Hello; requestId: 0; hello: HelloPayload }
  | { type: MessageType.Render; requestId: number; request: FrameRequest }
  | { type: MessageType.Cancel; requestId: number }
  | { type: MessageType.Frame; requestId: number; frame: Frame }
  | { type: MessageType.Error; requestId: number; error: ErrorPayload }

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

function withHeader(type: MessageType, requestId: number, payloadBytes: number): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payloadBytes)
  const view = new DataView(out.buffer)
  view.setUint32(0, WIRE_MAGIC, true)
  view.setUint8(4, WIRE_VERSION)
  view.setUint8(5, type)
  view.setUint32(8, requestId >>> 0, true)
  view.setUint32(12, payloadBytes, true)
  return out
}

function jsonMessage(type: MessageType, requestId: number, body: unknown): Uint8Array {
  const json = encoder.encode(JSON.stringify(body))
  const out = withHeader(type, requestId, json.length)
  out.set(json, HEADER_BYTES)
  return out
}

export const encodeHello = (hello: HelloPayload): Uint8Array => jsonMessage(MessageType.Hello, 0, hello)
/** A render request carries the rows its place is drawn with, never the whole world's regions. */
export const encodeRender = (req: FrameRequest): Uint8Array =>
  jsonMessage(
    MessageType.Render,
    req.id,
    requestToJson({
      ...req,
      regions: regionsAround(req.regions, req.pose.position[0], req.pose.position[2]),
    }),
  )
export const encodeCancel = (requestId: number): Uint8Array => withHeader(MessageType.Cancel, requestId, 0)
export const encodeError = (requestId: number, error: ErrorPayload): Uint8Array =>
  jsonMessage(MessageType.Error, requestId, error)

const align4 = (n: number): number => (n + 3) & ~3

/**
 * A frame: u32 meta length, meta JSON, padding to 4 bytes, RGBA bytes, float32 depth
 * (little-endian), then, where the meta says `"material": true`, one material class byte per
 * pixel (core/material.ts).
 */
export function encodeFrame(frame: Frame): Uint8Array {
  const meta = encoder.encode(
    JSON.stringify({
      pose: frame.pose,
      camera: frame.camera,
      worldVersion: frame.worldVersion,
      modelId: frame.modelId,
      modelMs: frame.modelMs,
      ...(frame.material ? { material: true } : {}),
    }),
  )
  const pixelsAt = align4(4 + meta.length)
  const depthAt = pixelsAt + frame.rgba.length
  const materialAt = depthAt + frame.depth.byteLength
  const out = withHeader(MessageType.Frame, frame.requestId, materialAt + (frame.material?.length ?? 0))
  const body = out.subarray(HEADER_BYTES)
  new DataView(out.buffer).setUint32(HEADER_BYTES, meta.length, true)
  body.set(meta, 4)
  body.set(frame.rgba, pixelsAt)
  body.set(new Uint8Array(frame.depth.buffer, frame.depth.byteOffset, frame.depth.byteLength), depthAt)
  if (frame.material) body.set(frame.material, materialAt)
  return out
}

/**
 * Reads one message. Throws WireError (never anything else) for bytes that are not a valid
 * message of this protocol, so a server can answer with a code instead of crashing.
 */
export function decodeMessage(bytes: Uint8Array, maxBytes: number = WIRE_LIMITS.maxFrameBytes): WireMessage {
  if (bytes.length > maxBytes)
    throw new WireError(WireErrorCode.TooLarge, `message of ${bytes.length} bytes exceeds ${maxBytes}`)
  if (bytes.length < HEADER_BYTES)
    throw new WireError(WireErrorCode.Malformed, 'message shorter than its header')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== WIRE_MAGIC)
    throw new WireError(WireErrorCode.Malformed, 'not a Worldwalk message')
  const version = view.getUint8(4)
  if (version !== WIRE_VERSION) {
    throw new WireError(
      WireErrorCode.UnsupportedVersion,
      `protocol version ${version} is not supported (this side speaks ${WIRE_VERSION})`,
    )
  }
  const type = view.getUint8(5) as MessageType
  const requestId = view.getUint32(8, true)
  const length = view.getUint32(12, true)
  if (length !== bytes.length - HEADER_BYTES) {
    throw new WireError(
      WireErrorCode.Malformed,
      `payload length ${length} does not match the ${bytes.length - HEADER_BYTES} bytes received`,
    )
  }
  const payload = bytes.subarray(HEADER_BYTES)
  switch (type) {
    case MessageType.Hello:
      return { type, requestId: 0, hello: readJson(payload) as HelloPayload }
    case MessageType.Render:
      return { type, requestId, request: parseFrameRequest(readJson(payload), requestId) }
    case MessageType.Cancel:
      return { type, requestId }
    case MessageType.Error: {
      const e = readJson(payload) as Partial<ErrorPayload>
      if (typeof e.code !== 'string' || typeof e.message !== 'string')
        throw new WireError(WireErrorCode.Malformed, 'error message without code and message')
      return { type, requestId, error: { code: e.code, message: e.message } }
    }
    case MessageType.Frame:
      return { type, requestId, frame: decodeFramePayload(payload, requestId) }
    default:
      throw new WireError(WireErrorCode.UnknownType, `unknown message type ${String(type)}`)
  }
}

function readJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes))
  } catch {
    throw new WireError(WireErrorCode.Malformed, 'payload is not valid UTF-8 JSON')
  }
}

function decodeFramePayload(payload: Uint8Array, requestId: number): Frame {
  if (payload.length < 4) throw new WireError(WireErrorCode.Malformed, 'frame without meta')
  const metaLength = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, true)
  if (4 + metaLength > payload.length)
    throw new WireError(WireErrorCode.Malformed, 'frame meta overruns the message')
  const meta = readJson(payload.subarray(4, 4 + metaLength)) as Record<string, unknown>
  if (typeof meta !== 'object' || meta === null)
    throw new WireError(WireErrorCode.Malformed, 'frame meta is not an object')
  // Pose and camera get the same checks as a request's: a frame is no more trusted than what asked for it.
  const pose = parsePose(meta.pose)
  const camera = parseCamera(meta.camera)
  const worldVersion = parseWorldVersion(meta.worldVersion)
  if (meta.material !== undefined && meta.material !== true)
    throw new WireError(WireErrorCode.Malformed, 'frame meta "material" must be true or absent')
  const hasMaterial = meta.material === true
  const pixels = camera.width * camera.height
  const pixelsAt = align4(4 + metaLength)
  const depthAt = pixelsAt + pixels * 4
  const materialAt = depthAt + pixels * 4
  const needed = materialAt + (hasMaterial ? pixels : 0)
  if (needed !== payload.length) {
    throw new WireError(
      WireErrorCode.Malformed,
      `frame of ${camera.width}x${camera.height}${hasMaterial ? ' with materials' : ''} needs ${needed} payload bytes, got ${payload.length}`,
    )
  }
  if (typeof meta.modelId !== 'string' || typeof meta.modelMs !== 'number') {
    throw new WireError(WireErrorCode.Malformed, 'frame meta lacks modelId or modelMs')
  }
  const rgba = payload.slice(pixelsAt, depthAt)
  // slice() copies into a fresh, aligned buffer: the socket's buffer may be reused or unaligned.
  const depth = new Float32Array(payload.slice(depthAt, materialAt).buffer)
  const frame: Frame = {
    requestId,
    pose,
    camera,
    worldVersion,
    modelId: meta.modelId,
    modelMs: meta.modelMs,
    rgba,
    depth,
  }
  if (hasMaterial) frame.material = knownMaterialBytes(payload.slice(materialAt, needed))
  return frame
}
