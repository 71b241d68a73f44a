import { useFrame } from '@react-three/fiber'
import { useEffect, useMemo, useRef } from 'react'
import {
  BackSide,
  ClampToEdgeWrapping,
  DataTexture,
  LinearFilter,
  RepeatWrapping,
  RGBAFormat,
  ShaderMaterial,
  SRGBColorSpace,
  type Mesh,
} from 'three'
import skyPanoramaFragment from '../../shaders/sky-panorama.frag.glsl?raw'
import skyVertex from '../../shaders/sky.vert.glsl?raw'
import type { Frame } from '../core/frame'
import { antialiasSkyline } from '../core/skyline-antialias'

const SKY_RADIUS = 500

function noRaycast(): void {}

/**
 * The sky behind the splats, taken from the frame model itself: one low-resolution equirect frame
 * per world version, so sky colour, sun and haze match the frames the splats came from. Its ground
 * pixels double as the far field, which fills any gap the splats leave with the colour of what
 * lies in that direction. Its skyline is anti-aliased here (stretched over the view, a ridge's
 * one-pixel stairs read as blocks). Not tone-mapped: frame colours are display-referred, as splat colours are.
 */
export function SkyPanorama({ frame }: { frame: Frame }) {
  const ref = useRef<Mesh>(null)
  const texture = useMemo(() => {
    const { width, height } = frame.camera
    const t = new DataTexture(antialiasSkyline(frame), width, height, RGBAFormat)
    t.colorSpace = SRGBColorSpace
    t.wrapS = RepeatWrapping
    t.wrapT = ClampToEdgeWrapping
    t.magFilter = LinearFilter
    t.minFilter = LinearFilter
    t.needsUpdate = true
    return t
  }, [frame])
  const material = useMemo(
    () =>
      new ShaderMaterial({
        vertexShader: skyVertex,
        fragmentShader: skyPanoramaFragment,
        side: BackSide,
        depthWrite: false,
        toneMapped: false,
        uniforms: { uPanorama: { value: null } },
      }),
    [],
  )
  useEffect(() => {
    material.uniforms.uPanorama!.value = texture
    return () => texture.dispose()
  }, [material, texture])
  useEffect(() => () => material.dispose(), [material])
  useFrame(({ camera }) => {
    ref.current?.position.setFromMatrixPosition(camera.matrixWorld)
  })
  return (
    <mesh ref={ref} material={material} renderOrder={-1000} frustumCulled={false} raycast={noRaycast}>
      <sphereGeometry args={[SKY_RADIUS, 48, 24]} />
    </mesh>
  )
}
