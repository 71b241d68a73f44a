import { useFrame } from '@react-three/fiber'
import { useRef } from 'react'
import { Color, Matrix4, type Group, type InstancedMesh, type Mesh, type MeshBasicMaterial } from 'three'
import { ARC_MAX_POINTS, type ArcResult } from './teleport-arc'

/** What the view reads each frame (the XR locomotion loop writes it). */
export interface TeleportArcSource {
  aiming: boolean
  arc: ArcResult
}

const VALID = new Color('#5fe3ff')
const INVALID = new Color('#ff5a4f')
const DOT_RADIUS = 0.028
const scratch = new Matrix4()

function noRaycast(): void {}

/**
 * The teleport arc as a dotted parabola and a landing marker: cyan with a filled disc where one may
 * land, red with a cross where one may not (water, sky, cliffs). Dots rather than a GL line because
 * lines are one pixel wide in WebGL, too thin to see in a headset.
 */
export function TeleportArcView({ source }: { source: TeleportArcSource }) {
  const dots = useRef<InstancedMesh>(null)
  const marker = useRef<Group>(null)
  const disc = useRef<Mesh>(null)
  const cross = useRef<Group>(null)
  const dotMaterial = useRef<MeshBasicMaterial>(null)
  const ringMaterial = useRef<MeshBasicMaterial>(null)

  useFrame(() => {
    const d = dots.current
    const m = marker.current
    if (!d || !m) return
    const { aiming, arc } = source
    d.visible = aiming
    m.visible = aiming && arc.hit
    if (!aiming) return
    const color = arc.valid ? VALID : INVALID
    dotMaterial.current?.color.copy(color)
    ringMaterial.current?.color.copy(color)
    // Skip the first dot (inside the controller) and the last (the marker sits there).
    let n = 0
    for (let i = 1; i < arc.count - (arc.hit ? 1 : 0); i++) {
      scratch.makeTranslation(arc.points[i * 3]!, arc.points[i * 3 + 1]!, arc.points[i * 3 + 2]!)
      d.setMatrixAt(n++, scratch)
    }
    d.count = n
    d.instanceMatrix.needsUpdate = true
    if (arc.hit) {
      m.position.set(arc.landing.point.x, arc.landing.point.y + 0.03, arc.landing.point.z)
      if (disc.current) disc.current.visible = arc.valid
      if (cross.current) cross.current.visible = !arc.valid
    }
  })

  return (
    <>
      <instancedMesh
        ref={dots}
        args={[undefined, undefined, ARC_MAX_POINTS]}
        name="teleport-arc"
        visible={false}
        frustumCulled={false}
        raycast={noRaycast}
      >
        <sphereGeometry args={[DOT_RADIUS, 8, 6]} />
        <meshBasicMaterial ref={dotMaterial} color={VALID} />
      </instancedMesh>
      <group ref={marker} name="teleport-marker" visible={false}>
        <mesh rotation-x={-Math.PI / 2} raycast={noRaycast}>
          <ringGeometry args={[0.32, 0.4, 40]} />
          <meshBasicMaterial ref={ringMaterial} color={VALID} transparent opacity={0.95} depthWrite={false} />
        </mesh>
        <mesh ref={disc} rotation-x={-Math.PI / 2} raycast={noRaycast}>
          <circleGeometry args={[0.22, 32]} />
          <meshBasicMaterial color={VALID} transparent opacity={0.35} depthWrite={false} />
        </mesh>
        <group ref={cross} rotation-y={Math.PI / 4}>
          <mesh raycast={noRaycast}>
            <boxGeometry args={[0.5, 0.02, 0.06]} />
            <meshBasicMaterial color={INVALID} />
          </mesh>
          <mesh raycast={noRaycast}>
            <boxGeometry args={[0.06, 0.02, 0.5]} />
            <meshBasicMaterial color={INVALID} />
          </mesh>
        </group>
      </group>
    </>
  )
}
