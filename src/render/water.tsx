import { PALETTE } from './palette'
import { TERRAIN_HALF_SIZE } from './terrain'

/** Water level (m): the terrain's lows below it read as ponds. */
export const WATER_LEVEL = -0.55

/** A flat translucent water plane over the whole patch; only the terrain's hollows show it. */
export function Water() {
  return (
    <mesh rotation-x={-Math.PI / 2} position-y={WATER_LEVEL} name="water">
      <planeGeometry args={[TERRAIN_HALF_SIZE * 2, TERRAIN_HALF_SIZE * 2]} />
      <meshStandardMaterial
        color={PALETTE.water}
        roughness={0.15}
        metalness={0.1}
        transparent
        opacity={0.85}
      />
    </mesh>
  )
}
