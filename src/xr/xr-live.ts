import type { Object3D } from 'three'
import { createArcResult, type ArcResult } from './teleport-arc'
import { createGroundHit, type GroundHit } from '../core/ground/ground'

/**
 * Per-frame XR state that several components share: the locomotion loop writes it, the vignette,
 * arc, reticles and the test hook read it. A plain mutable object, not React or zustand state,
 * because it changes every frame and nothing should re-render for it.
 */
export interface XRLive {
  /** Target-ray spaces by handedness ('none' is gaze or a transient pointer), tracked by ray-spaces.tsx. */
  rays: Partial<Record<XRHandedness, Object3D>>
  /** 0..1 stick speed this frame (drives the vignette). */
  moveAmount: number
  /** Set for one frame when the view jumped (snap turn, teleport). */
  jumped: boolean
  /** Current vignette strength 0..1. */
  vignette: number
  /** performance.now() of the last locomotion frame: tests time movement with it. */
  frameAt: number
  /** The teleport arc while the right stick is held forward. */
  teleport: { aiming: boolean; arc: ArcResult; count: number }
  /** Where the right controller ray meets the ground (the expansion preview), if it does. */
  rayHit: GroundHit
  rayHitValid: boolean
  /** Where the head's gaze meets the ground, if it does. */
  gazeHit: GroundHit
  gazeHitValid: boolean
  /** The open in-headset panel and its size (m), or null; rays that hit it leave the ground alone. */
  panel: { object: Object3D; width: number; height: number } | null
}

export function createXRLive(): XRLive {
  return {
    rays: {},
    moveAmount: 0,
    jumped: false,
    vignette: 0,
    frameAt: 0,
    teleport: { aiming: false, arc: createArcResult(), count: 0 },
    rayHit: createGroundHit(),
    rayHitValid: false,
    gazeHit: createGroundHit(),
    gazeHitValid: false,
    panel: null,
  }
}

/** The live state of the (single) XR scene. */
export const xrLive: XRLive = createXRLive()
