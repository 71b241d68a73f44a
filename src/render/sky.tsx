import { useFrame } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import { BackSide, ShaderMaterial, type Mesh } from 'three'
import skyFragment from '../../shaders/sky.frag.glsl?raw'
import skyVertex from '../../shaders/sky.vert.glsl?raw'
import { PALETTE } from './palette'
import { registerShaderChunks } from './shader-chunks'

const SKY_RADIUS = 500

function noRaycast(): void {}

/** A gradient sky dome with a sun, drawn behind everything and following the viewer. */
export function Sky() {
  const ref = useRef<Mesh>(null)
  const material = useMemo(() => {
    registerShaderChunks()
    return new ShaderMaterial({
      vertexShader: skyVertex,
      fragmentShader: skyFragment,
      side: BackSide,
      depthWrite: false,
      uniforms: {
        uZenith: { value: PALETTE.zenith },
        uHorizon: { value: PALETTE.horizon },
        uGround: { value: PALETTE.ground },
        uSunDirection: { value: PALETTE.sunDirection },
        uSunColor: { value: PALETTE.sunColor },
      },
    })
  }, [])
  // The dome shows between worlds (until a panorama arrives), so it mounts on every switch: a
  // material left undisposed stayed in three.js's shader cache for good.
  useEffect(() => () => material.dispose(), [material])
  useFrame(({ camera }) => {
    // Centre on the viewer so the horizon stays at eye level wherever they walk (no allocation).
    ref.current?.position.setFromMatrixPosition(camera.matrixWorld)
  })
  return (
    <mesh ref={ref} material={material} renderOrder={-1000} frustumCulled={false} raycast={noRaycast}>
      <sphereGeometry args={[SKY_RADIUS, 48, 24]} />
    </mesh>
  )
}
