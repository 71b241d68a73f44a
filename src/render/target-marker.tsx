import type { WorldTarget } from '../ui/app-store'

function noRaycast(): void {}

/** Shows where the last pick landed: a ring on the ground and a thin beam, later the expansion target. */
export function TargetMarker({ target }: { target: WorldTarget | null }) {
  if (!target) return null
  const [x, y, z] = target.point
  return (
    <group position={[x, y, z]} name="target-marker">
      <mesh rotation-x={-Math.PI / 2} position-y={0.03} raycast={noRaycast}>
        <ringGeometry args={[0.35, 0.5, 40]} />
        <meshBasicMaterial color="#ffb340" transparent opacity={0.9} depthWrite={false} />
      </mesh>
      <mesh position-y={1} raycast={noRaycast}>
        <cylinderGeometry args={[0.02, 0.02, 2, 8]} />
        <meshBasicMaterial color="#ffd27a" transparent opacity={0.6} depthWrite={false} />
      </mesh>
    </group>
  )
}
