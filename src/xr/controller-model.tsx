import { DefaultXRController } from '@react-three/xr'

/**
 * Our own controller look: a slim handle with a lit tip, drawn in the target-ray space, plus the
 * default ray/grab pointers. Using it instead of the input-profile glb means no model file has to
 * be fetched (nothing from a CDN, nothing copied from @webxr-input-profiles/assets).
 */
export function WorldwalkController() {
  return (
    <>
      <group name="worldwalk-controller">
        <mesh position-z={0.07} rotation-x={Math.PI / 2}>
          <capsuleGeometry args={[0.017, 0.11, 4, 12]} />
          <meshStandardMaterial color="#2c313c" roughness={0.6} metalness={0.2} />
        </mesh>
        <mesh position-z={0.0}>
          <sphereGeometry args={[0.012, 12, 8]} />
          <meshBasicMaterial color="#7fd1ff" />
        </mesh>
      </group>
      <DefaultXRController model={false} />
    </>
  )
}
