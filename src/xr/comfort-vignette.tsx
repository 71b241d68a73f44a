import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { BackSide, ShaderMaterial, type Mesh } from 'three'
import vignetteFragment from '../../shaders/comfort-vignette.frag.glsl?raw'
import vignetteVertex from '../../shaders/comfort-vignette.vert.glsl?raw'
import { xrLive } from './xr-live'

/** Sphere radius (m): inside the nearest world geometry, outside the XR near plane (0.05 m). */
const RADIUS = 0.25

function noRaycast(): void {}

/**
 * The comfort vignette: a dark ring that closes in while the sticks move or turn the player
 * (strength from xrLive.vignette, eased by the locomotion loop). A head-locked sphere drawn last
 * without depth, so it works in both eyes with no post-processing pass.
 */
export function ComfortVignette() {
  const ref = useRef<Mesh>(null)
  const xr = useThree((s) => s.gl.xr)
  const material = useMemo(
    () =>
      new ShaderMaterial({
        vertexShader: vignetteVertex,
        fragmentShader: vignetteFragment,
        uniforms: { uAmount: { value: 0 } },
        side: BackSide,
        transparent: true,
        depthTest: false,
        depthWrite: false,
      }),
    [],
  )
  useEffect(() => () => material.dispose(), [material])
  // Mounted after <XRLocomotion>, so it runs after the origin moved this frame (same priority runs in
  // mount order; a positive priority would switch off R3F's own rendering).
  useFrame((state) => {
    const mesh = ref.current
    if (!mesh) return
    const amount = xr.isPresenting ? xrLive.vignette : 0
    mesh.visible = amount > 0
    if (!mesh.visible) return
    material.uniforms.uAmount!.value = amount
    const cam = state.camera
    cam.updateWorldMatrix(true, false)
    cam.matrixWorld.decompose(mesh.position, mesh.quaternion, mesh.scale)
    mesh.scale.setScalar(RADIUS)
  })
  return (
    <mesh
      ref={ref}
      name="comfort-vignette"
      material={material}
      renderOrder={10_000}
      frustumCulled={false}
      visible={false}
      raycast={noRaycast}
    >
      <sphereGeometry args={[1, 32, 16]} />
    </mesh>
  )
}
