/**
 * The edge wire protocol, version 1: binary WebSocket messages between a Worldwalk client and an
 * edge server. Every message starts with a fixed 16-byte little-endian header:
 *
 *   0  u32  magic 'WWLK' (0x4b4c5757)
 *   4  u8   protocol version (1)
 *   5  u8   message type (MessageType)
 *   6  u16  reserved, 0
 *   8  u32  request id (0 for messages not tied to a request)
 *   12 u32  payload length in bytes (must equal the bytes that follow)
 *
 * Payloads: JSON (UTF-8) for control messages; a frame is a JSON meta block followed by the RGBA
 * bytes and the float32 depth, each 4-byte aligned so the receiver can view them without copying,
 * and, when the meta says `"material": true`, a material class byte per pixel.
 */
export const WIRE_MAGIC = 0x4b4c5757
export const WIRE_VERSION = 1
export const HEADER_BYTES = 16

/** Sub-protocols offered by the client: browsers cannot set headers on a WebSocket, but they can send these. */
export const WIRE_SUBPROTOCOL = 'worldwalk.v1'
export const TOKEN_SUBPROTOCOL_PREFIX = 'worldwalk-token.'

export enum MessageType {
  /** server -> client, once after connecting: model, backend, limits. */
  Hello = 1,
  /** client -> server: render a FrameRequest. */
  Render = 2,
  /** client -> server: drop a request if it has not run yet. */
  Cancel = 3,
  /** server -> client: a rendered frame. */
  Frame = 4,
  /** server -> client: a request failed (or the message could not be read). */
  Error = 5,
}

/** Error codes carried in Error messages; stable, documented in README "Edge server". */
export enum WireErrorCode {
  Malformed = 'malformed',
  UnsupportedVersion = 'unsupported_version',
  UnknownType = 'unknown_type',
  TooLarge = 'too_large',
  InvalidRequest = 'invalid_request',
  RateLimited = 'rate_limited',
  Busy = 'busy',
  Cancelled = 'cancelled',
  ModelFailed = 'model_failed',
  ShuttingDown = 'shutting_down',
}

/** WebSocket close codes the edge server uses (4000-4999 is the application range). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  /** The token was missing or wrong (sent after the handshake, since browsers hide 401s). */
  unauthorized: 4401,
  /** Too many malformed messages: the peer is not speaking this protocol. */
  protocolError: 4400,
  /** Heartbeat missed. */
  timeout: 4408,
} as const

/** Limits that both sides enforce. A request is a small JSON document; a frame is pixels. */
export const WIRE_LIMITS = {
  /** Largest client -> server message: a render request with the full region table fits in ~8 KB. */
  maxRequestBytes: 64 * 1024,
  /** Largest frame edge in pixels, and so the largest server -> client message. */
  maxFrameSide: 2048,
  /** Meta, then per pixel 4 bytes of colour, 4 of depth and 1 of material. */
  maxFrameBytes: HEADER_BYTES + 64 * 1024 + 2048 * 2048 * 9,
} as const

export interface HelloPayload {
  protocol: number
  modelId: string
  backend: string
  maxInFlight: number
  maxRequestBytes: number
}

export interface ErrorPayload {
  code: WireErrorCode
  message: string
}
