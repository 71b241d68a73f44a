import { useFrame } from '@react-three/fiber'
import { Vector3 } from 'three'
import type { WorldSession } from '../session'
import { useGround } from '../ui/react/stores-context'
import { xrLive } from '../xr/xr-live'
import { EYE_HEIGHT } from './desktop-move'

const landing: [number, number, number] = [0, 0, 0]
const head = new Vector3()

/**
 * Tells the session where a teleport arc aimed in the headset would land, so the frames of the
 * view there are asked for while the person still aims (about a second) rather than after the
 * jump. Nothing is aimed on the desktop: T jumps at once.
 */
export function TeleportAimBridge({ session }: { session: WorldSession }) {
  const ground = useGround()
  useFrame(({ camera }) => {
    const tp = xrLive.teleport
    if (!tp.aiming || !tp.arc.valid) {
      session.destination.aim(null)
      return
    }
    const p = tp.arc.landing.point
    landing[0] = p.x
    landing[1] = p.y
    landing[2] = p.z
    const eye = camera.getWorldPosition(head)
    const under = ground.heightAt(eye.x, eye.z)
    session.destination.aim(landing, under === null ? EYE_HEIGHT : eye.y - under)
  })
  return null
}
