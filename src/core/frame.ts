import type { CameraSpec } from './camera'
import type { Pose } from './pose'
import type { Region } from './region'

/** What a frame source is asked for. */
export interface FrameRequest {
  /** Caller's id; echoed in the frame, used for cancellation. */
  id: number
  pose: Pose
  camera: CameraSpec
  /** The world version the regions belong to; a frame is only valid for this version. */
  worldVersion: number
  regions: readonly Region[]
  /**
   * Nearby frames already generated (spatial memory), for models whose manifest declares
   * contextFrames > 0 (RTFM-style conditioning); others ignore it. At most contextFrames.
   */
  context?: readonly Frame[]
}

/** A generated frame: colour and metric depth seen from `pose`. */
export interface Frame {
  requestId: number
  pose: Pose
  camera: CameraSpec
  worldVersion: number
  modelId: string
  /** sRGB, 8 bits per channel, RGBA interleaved (alpha 255), row-major from the top-left. */
  rgba: Uint8Array
  /**
   * Metres along the view axis (perspective) or along the ray (equirect).
   * SKY_DEPTH (0) marks pixels that see no surface.
   */
  depth: Float32Array
  /**
   * Optional: what each pixel shows, an index into MATERIAL_CLASSES (core/material.ts), row-major
   * like `depth`; UNKNOWN_MATERIAL where the model wrote no known class. Absent when the model has
   * no `material` output.
   */
  material?: Uint8Array
  /** Model run time in milliseconds (excluding session creation and transfer). */
  modelMs: number
}

export const SKY_DEPTH = 0

export function isSky(depth: number): boolean {
  return !(depth > SKY_DEPTH)
}
