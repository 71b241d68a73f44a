import type { ThreeEvent } from '@react-three/fiber'
import type { WorldTarget } from '../app/app-store'
import { FOG_FAR, FOG_NEAR, PALETTE } from './palette'
import { PropsScatter } from './props-scatter'
import { Sky } from './sky'
import { TargetMarker } from './target-marker'
import { TerrainMesh } from './terrain-mesh'
import { Water } from './water'

/** A click on the desktop counts as a pick only if the mouse barely moved (otherwise it was a look-drag). */
const CLICK_SLOP_PX = 5

export interface PlaceholderWorldProps {
  /** The last pick, drawn as a marker. */
  target: WorldTarget | null
  /** True while in an immersive session: picks come from controller/hand rays on pointer-down. */
  inVR: boolean
  onPick: (point: [number, number, number], source: WorldTarget['source']) => void
}

/**
 * The world shown until the frame model and splat renderer land: sky, fog, rolling terrain, trees,
 * rocks and ponds. It is a stand-in with the same interaction surface (pick a point on the world).
 */
export function PlaceholderWorld({ target, inVR, onPick }: PlaceholderWorldProps) {
  const pick = (e: ThreeEvent<PointerEvent | MouseEvent>, source: WorldTarget['source']) => {
    e.stopPropagation()
    onPick([e.point.x, e.point.y, e.point.z], source)
  }
  return (
    <>
      <fog attach="fog" args={[PALETTE.horizon, FOG_NEAR, FOG_FAR]} />
      <hemisphereLight args={[PALETTE.horizon, PALETTE.ground, 1.1]} />
      <directionalLight
        position={[PALETTE.sunDirection.x * 50, PALETTE.sunDirection.y * 50, PALETTE.sunDirection.z * 50]}
        intensity={2.2}
        color={PALETTE.sunColor}
      />
      <Sky />
      <group
        name="placeholder-world"
        onPointerDown={(e) => {
          if (inVR) pick(e, 'controller')
        }}
        onClick={(e) => {
          if (!inVR && e.delta <= CLICK_SLOP_PX) pick(e, 'mouse')
        }}
      >
        <TerrainMesh />
        <Water />
        <PropsScatter />
      </group>
      <TargetMarker target={target} />
    </>
  )
}
