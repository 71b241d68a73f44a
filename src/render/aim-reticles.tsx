import { useFrame } from '@react-three/fiber'
import { useRef } from 'react'
import type { Group } from 'three'

/** A hit the reticles follow: a point on the ground and whether there is one this frame. */
export interface ReticleSource {
  point: { x: number; y: number; z: number }
  valid: () => boolean
}

function noRaycast(): void {}

/** Lifted off the ground so it never z-fights with the terrain. */
const LIFT = 0.04

function place(g: Group | null, src: ReticleSource): void {
  if (!g) return
  g.visible = src.valid()
  if (g.visible) g.position.set(src.point.x, src.point.y + LIFT, src.point.z)
}

/**
 * Where an expansion would go: an amber ring where the controller ray meets the ground (the same
 * colour as the stored target's marker, which the trigger puts there), and a small white dot where
 * the head's gaze meets it (for hands-free use and Vision Pro's look-and-pinch).
 */
export function AimReticles({ ray, gaze }: { ray: ReticleSource; gaze: ReticleSource }) {
  const rayRef = useRef<Group>(null)
  const gazeRef = useRef<Group>(null)
  useFrame(() => {
    place(rayRef.current, ray)
    place(gazeRef.current, gaze)
  })
  return (
    <>
      <group ref={rayRef} name="ray-reticle" visible={false}>
        <mesh rotation-x={-Math.PI / 2} raycast={noRaycast}>
          <ringGeometry args={[0.16, 0.22, 32]} />
          <meshBasicMaterial color="#ffb340" transparent opacity={0.85} depthWrite={false} />
        </mesh>
        <mesh rotation-x={-Math.PI / 2} raycast={noRaycast}>
          <circleGeometry args={[0.04, 16]} />
          <meshBasicMaterial color="#ffd27a" transparent opacity={0.9} depthWrite={false} />
        </mesh>
      </group>
      <group ref={gazeRef} name="gaze-reticle" visible={false}>
        <mesh rotation-x={-Math.PI / 2} raycast={noRaycast}>
          <ringGeometry args={[0.05, 0.08, 24]} />
          <meshBasicMaterial color="#ffffff" transparent opacity={0.7} depthWrite={false} />
        </mesh>
      </group>
    </>
  )
}
