import { useFrame, useThree } from '@react-three/fiber'
import { useXRStore, type useXRInputSourceStates } from '@react-three/xr'
import { useRef, type RefObject } from 'react'
import type { Group } from 'three'
import { ShoreGuard } from '../core/ground/shore-stop'
import { eyeHeightOffset } from '../ui/settings'
import type { SettingsStore } from '../ui/settings-store'
import { useGround } from '../ui/react/stores-context'
import { createHeadPose, readHeadPose, readRay } from './head-pose'
import { groundFollow, teleportHeadTo, turnAboutHead } from './origin-moves'
import { createSnapTurnState, snapTurnStep } from './snap-turn'
import { stickStep } from './stick-move'
import { traceArc } from './teleport-arc'
import { teleportIntent } from './teleport-intent'
import { vignetteStep, vignetteTarget } from './vignette-amount'
import { xrLive } from './xr-live'

/**
 * Longest frame we integrate (s): after a stall (session paused, tab hidden) the player must not be
 * flung metres ahead, but slow frames (a loaded machine, software rendering) must still move at speed.
 */
const MAX_DT = 0.5
const THUMBSTICK = 'xr-standard-thumbstick'

type XRInputSourceState = ReturnType<typeof useXRInputSourceStates>[number]

const head = createHeadPose()
const step = new Float64Array(2)
const snap = createSnapTurnState()
const intent = { aiming: false }
const rayOrigin = { x: 0, y: 0, z: 0 }
const rayDir = { x: 0, y: 0, z: 0 }

function findController(states: readonly XRInputSourceState[], hand: XRHandedness) {
  for (const s of states) if (s.type === 'controller' && s.inputSource.handedness === hand) return s
  return undefined
}

/**
 * All stick locomotion, in one frame callback so the order is fixed: walk (left stick), then turn or
 * teleport (right stick), then settle on the ground under the head, then ease the vignette.
 * Room-scale walking needs no code: the tracked head moves inside the play area by itself.
 */
export interface XRLocomotionProps {
  origin: RefObject<Group | null>
  /** Speed, snap angle, vignette and eye height; read each frame with getState(), no re-render. */
  settings: SettingsStore
}

export function XRLocomotion({ origin, settings: settingsStore }: XRLocomotionProps) {
  const store = useXRStore()
  const ground = useGround()
  const shore = useRef(new ShoreGuard())
  const xrManager = useThree((s) => s.gl.xr)
  useFrame((state, delta) => {
    const o = origin.current
    if (!o || !xrManager.isPresenting) return
    const dt = Math.min(delta, MAX_DT)
    const settings = settingsStore.getState().settings
    const states = store.getState().inputSourceStates
    readHeadPose(o, state.camera, head)
    xrLive.jumped = false

    // Walk: the left stick, along where the head looks.
    const ls = findController(states, 'left')?.gamepad[THUMBSTICK]
    xrLive.moveAmount = stickStep(
      ls?.xAxis ?? 0,
      ls?.yAxis ?? 0,
      head.fx,
      head.fz,
      settings.moveSpeed,
      dt,
      step,
    )
    shore.current.trim(ground, head.x, head.z, step)
    o.position.x += step[0]!
    o.position.z += step[1]!
    head.x += step[0]!
    head.z += step[1]!

    // Right stick: forward aims a teleport (release to go); sideways snap-turns.
    const rs = findController(states, 'right')?.gamepad[THUMBSTICK]
    const rx = rs?.xAxis ?? 0
    const ry = rs?.yAxis ?? 0
    const phase = teleportIntent(intent, rx, ry)
    const tp = xrLive.teleport
    const ray = xrLive.rays.right
    if (phase !== 'idle' && ray) {
      readRay(ray, rayOrigin, rayDir)
      traceArc(ground, rayOrigin, rayDir, tp.arc)
    }
    tp.aiming = phase === 'aiming' && ray !== undefined
    if (phase === 'release' && ray && tp.arc.valid) {
      teleportHeadTo(o, head, tp.arc.landing.point.x, tp.arc.landing.point.z)
      head.x = tp.arc.landing.point.x
      head.z = tp.arc.landing.point.z
      tp.count++
      xrLive.jumped = true
    }
    if (phase === 'idle') {
      const yaw = snapTurnStep(snap, rx, settings.snapTurnDegrees)
      if (yaw !== 0) {
        turnAboutHead(o, head, yaw)
        xrLive.jumped = true
      }
    } else {
      // Sideways wobble while aiming must not turn the player when the stick comes back.
      snap.armed = false
    }

    groundFollow(o, ground.heightAt(head.x, head.z), eyeHeightOffset(settings))
    xrLive.vignette = vignetteStep(
      xrLive.vignette,
      vignetteTarget(xrLive.moveAmount, settings.vignette),
      dt,
      xrLive.jumped,
      settings.vignette,
    )
    xrLive.frameAt = performance.now()
  })
  return null
}
