import { useFrame } from '@react-three/fiber'
import { useXRStore } from '@react-three/xr'
import { useRef } from 'react'
import { useAppStoreApi } from '../../ui/react/stores-context'
import { xrLive } from '../../xr/xr-live'

/**
 * The right controller button held to talk (B on Quest Touch controllers): the trigger selects
 * and targets, the right stick turns and teleports, the left Y opens the menu, so B is free.
 */
export const TALK_BUTTON = 'b-button'

/**
 * Push-to-talk in the headset: B down starts listening, B up sends. Where the right ray meets
 * the ground at that moment becomes the target, so "over there" means where the person points
 * while speaking, without pulling the trigger first. Hands-free, the wake phrase is the moment.
 */
export function XRPushToTalk() {
  const app = useAppStoreApi()
  const xrStore = useXRStore()
  const was = useRef(false)
  const heard = useRef(false)
  useFrame(() => {
    const right = xrStore
      .getState()
      .inputSourceStates.find((s) => s.type === 'controller' && s.inputSource.handedness === 'right')
    const pressed = right?.type === 'controller' && right.gamepad[TALK_BUTTON]?.state === 'pressed'
    const aim = (): void => {
      if (!xrLive.rayHitValid) return
      const p = xrLive.rayHit.point
      app.getState().pickTarget({ point: [p.x, p.y, p.z], source: 'controller', at: performance.now() })
    }
    if (pressed && !was.current) {
      aim()
      app.getState().voiceStart?.()
    } else if (!pressed && was.current) app.getState().voiceStop?.()
    was.current = pressed
    // Hands-free: the wake phrase started listening with no button, so aim where the ray is now.
    const listening = app.getState().voice.state === 'listening'
    if (listening && !heard.current && !pressed) aim()
    heard.current = listening
  })
  return null
}
