import { useFrame } from '@react-three/fiber'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
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
import { SkylineAntialias } from '../core/skyline-antialias'

const SKY_RADIUS = 500

/**
 * Main-thread time per display frame for anti-aliasing a panorama that has landed (a slice of
 * SkylineAntialias takes ~0.1-4 ms): the one in view stays drawn until it is done.
 */
const ANTIALIAS_BUDGET_MS = 3

function noRaycast(): void {}

function textureOf(rgba: Uint8Array, frame: Frame): DataTexture {
  const { width, height } = frame.camera
  const t = new DataTexture(rgba, width, height, RGBAFormat)
  t.colorSpace = SRGBColorSpace
  t.wrapS = RepeatWrapping
  t.wrapT = ClampToEdgeWrapping
  t.magFilter = LinearFilter
  t.minFilter = LinearFilter
  t.needsUpdate = true
  return t
}

/**
 * The panorama's texture, anti-aliased a slice per display frame while the one before it stays
 * drawn; the first, with nothing to show meanwhile, at once.
 */
class PanoramaTexture {
  private shown: DataTexture | null = null
  private pending: { job: SkylineAntialias; frame: Frame } | null = null

  constructor(private readonly material: ShaderMaterial) {}

  land(frame: Frame): void {
    const job = new SkylineAntialias(frame)
    this.pending = { job, frame }
    if (!this.shown) this.tick(Infinity)
  }

  /** Works on a landed panorama for up to `budgetMs`, and shows it once it is done. */
  tick(budgetMs = ANTIALIAS_BUDGET_MS): void {
    const next = this.pending
    if (!next) return
    const t0 = performance.now()
    while (!next.job.step() && performance.now() - t0 < budgetMs);
    if (!next.job.done) return
    this.shown?.dispose()
    this.shown = textureOf(next.job.rgba, next.frame)
    this.material.uniforms.uPanorama!.value = this.shown
    this.pending = null
  }

  dispose(): void {
    this.shown?.dispose()
    this.shown = null
    this.pending = null
  }
}

/**
 * The sky behind the splats, taken from the frame model itself: one low-resolution equirect frame
 * per world version, so sky colour, sun and haze match the frames the splats came from. Its ground
 * pixels double as the far field, which fills any gap the splats leave with the colour of what
 * lies in that direction. Its skyline is anti-aliased here (stretched over the view, a ridge's
 * one-pixel stairs read as blocks), a slice per display frame (PanoramaTexture). Not tone-mapped:
 * frame colours are display-referred, as splat colours are.
 */
export function SkyPanorama({ frame }: { frame: Frame }) {
  const ref = useRef<Mesh>(null)
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
  const texture = useMemo(() => new PanoramaTexture(material), [material])
  // Before the next frame is drawn: the first panorama has nothing else to show.
  useLayoutEffect(() => texture.land(frame), [texture, frame])
  useEffect(
    () => () => {
      texture.dispose()
      material.dispose()
    },
    [texture, material],
  )
  useFrame(({ camera }) => {
    ref.current?.position.setFromMatrixPosition(camera.matrixWorld)
    texture.tick()
  })
  return (
    <mesh ref={ref} material={material} renderOrder={-1000} frustumCulled={false} raycast={noRaycast}>
      <sphereGeometry args={[SKY_RADIUS, 48, 24]} />
    </mesh>
  )
}
