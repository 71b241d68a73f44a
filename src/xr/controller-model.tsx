import { DefaultXRController } from '@react-three/xr'

/**
 * Our own controller look: a slim handle with a lit tip, drawn in the target-ray space, plus the
 * default ray pointer (trigger = select = pointer down on what the ray hits). Using it instead of the input-profile glb means no model file has to
 * be fetched (nothing from a CDN, nothing copied from @webxr-input-profiles/assets).
 */
export function WorldwalkController() {
  return (
    <>
      <group name="worldwalk-controller">
        <mesh position-z={0.07} rotation-x={Math.PI / 2}>
          <capsuleGeometry args={[0.017, 0.11, 4, 12]} />
          <meshStandardMaterial color="#5a6478" roughness={0.5} metalness={0.1} />
        </mesh>
        <mesh position-z={0.0}>
          <sphereGeometry args={[0.012, 12, 8]} />
          <meshBasicMaterial color="#7fd1ff" />
        </mesh>
      </group>
      {/* No grab pointer yet: nothing is grabbable, and its sphere test against the large terrain mesh
          reported hits that made it the active pointer, which silenced the ray (and trigger picks). */}
      <DefaultXRController model={false} grabPointer={false} rayPointer={{ rayModel: { maxLength: 6 } }} />
    </>
  )
}
