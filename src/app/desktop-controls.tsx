import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useRef } from 'react'
import { ShoreGuard } from '../core/ground/shore-stop'
import { useStores } from '../ui/react/stores-context'
import type { AppState } from '../ui/app-store'
import {
  applyLook,
  clampLook,
  emptyMoveKeys,
  EYE_HEIGHT,
  moveKeyOf,
  walkStep,
  type MoveKeys,
} from './desktop-move'

const DEG = Math.PI / 180

/** Longest frame step we integrate: a stalled tab must not teleport the walker. */
const MAX_DT = 0.1
const step = new Float64Array(2)

function isTypingTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  )
}

export interface DesktopControlsProps {
  /** Off while an XR session drives the camera. */
  enabled: boolean
  /** Starting ground position [x, z] and heading (yaw, radians; 0 looks down -Z). */
  start: readonly [number, number]
  startYaw?: number
}

/** The desktop's teleport: T jumps to the clicked target, as the headset's arc does. */
const TELEPORT_KEY = 'KeyT'

/**
 * Mouse-look (drag, or pointer lock after a double-click) and WASD/arrow walking at eye height
 * over the ground, stopping at the water's edge. Shift runs. T teleports to the target (ground
 * only, never into water).
 */
export function DesktopControls({ enabled, start, startYaw = 0 }: DesktopControlsProps) {
  const camera = useThree((s) => s.camera)
  const canvas = useThree((s) => s.gl.domElement)
  const keys = useRef<MoveKeys>(emptyMoveKeys())
  const look = useRef({ yaw: startYaw, pitch: -0.08 })
  const pos = useRef({ x: start[0], z: start[1] })
  const shore = useRef(new ShoreGuard())
  const { app, ground: groundStore } = useStores()

  useEffect(() => {
    let dragging = false
    const onDown = (e: PointerEvent) => {
      if (e.button === 0) dragging = true
    }
    const onUp = () => {
      dragging = false
    }
    const onMove = (e: PointerEvent) => {
      if (!dragging && document.pointerLockElement !== canvas) return
      look.current = applyLook(look.current.yaw, look.current.pitch, e.movementX, e.movementY)
    }
    const onDblClick = () => {
      if (document.pointerLockElement === canvas) return
      // Older browsers return undefined instead of a promise; a refused lock is harmless (drag still works).
      const lock = canvas.requestPointerLock() as Promise<void> | undefined
      lock?.catch(() => {})
    }
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target)) return
      if (e.code === TELEPORT_KEY && e.type === 'keydown') {
        const target = app.getState().target
        if (target && groundStore.getState().ground.isWater(target.point[0], target.point[2])) {
          app
            .getState()
            .flash('T: the target is on water, a house or a tree; pick a spot on open land to teleport')
        } else if (target) {
          pos.current = { x: target.point[0], z: target.point[2] }
          // Where the ground there is not known yet, the eye stands over the target's own height
          // (it kept the old eye height, under the land when the target was on a rise).
          camera.position.y = target.point[1] + EYE_HEIGHT
        }
        e.preventDefault()
        return
      }
      const key = moveKeyOf(e.code)
      if (!key) return
      keys.current[key] = e.type === 'keydown'
      e.preventDefault()
    }
    const onBlur = () => {
      keys.current = emptyMoveKeys()
    }
    canvas.addEventListener('pointerdown', onDown)
    canvas.addEventListener('dblclick', onDblClick)
    window.addEventListener('pointerup', onUp)
    window.addEventListener('pointermove', onMove)
    window.addEventListener('keydown', onKey)
    window.addEventListener('keyup', onKey)
    window.addEventListener('blur', onBlur)
    return () => {
      canvas.removeEventListener('pointerdown', onDown)
      canvas.removeEventListener('dblclick', onDblClick)
      window.removeEventListener('pointerup', onUp)
      window.removeEventListener('pointermove', onMove)
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('keyup', onKey)
      window.removeEventListener('blur', onBlur)
    }
  }, [canvas, app, groundStore, camera])

  // A viewpoint the app was sent to (a ?pose= link, an opened world's start): stand there, at eye
  // height over the ground where it is known, and look where it says.
  useEffect(() => {
    let seq = 0
    const goTo = (v: AppState['viewpoint']) => {
      if (!v || v.seq === seq) return
      seq = v.seq
      const { x, z, yawDeg, pitchDeg } = v.at
      pos.current = { x, z }
      look.current = clampLook(yawDeg * DEG, pitchDeg * DEG)
      const h = groundStore.getState().ground.heightAt(x, z)
      if (h !== null) camera.position.y = h + EYE_HEIGHT
    }
    goTo(app.getState().viewpoint)
    return app.subscribe((s) => goTo(s.viewpoint))
  }, [app, groundStore, camera])

  useFrame((_, delta) => {
    if (!enabled) return
    const { yaw, pitch } = look.current
    walkStep(keys.current, yaw, Math.min(delta, MAX_DT), step)
    const p = pos.current
    const ground = groundStore.getState().ground
    shore.current.trim(ground, p.x, p.z, step)
    p.x += step[0]
    p.z += step[1]
    // Off the known ground (beyond the ground's patch) the eye keeps its height.
    const h = ground.heightAt(p.x, p.z) ?? camera.position.y - EYE_HEIGHT
    camera.position.set(p.x, h + EYE_HEIGHT, p.z)
    camera.rotation.order = 'YXZ'
    camera.rotation.set(pitch, yaw, 0)
  })
  return null
}
