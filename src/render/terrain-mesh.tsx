import { useMemo } from 'react'
import { BufferAttribute, Color, PlaneGeometry } from 'three'
import { PALETTE } from './palette'
import { TERRAIN_HALF_SIZE, placeholderHeight } from './terrain'

const SEGMENTS = 180
const scratch = new Color()

/** Builds the height-field geometry with per-vertex colours (sand low, grass, dry grass, rock on slopes). */
function buildTerrainGeometry(): PlaneGeometry {
  const size = TERRAIN_HALF_SIZE * 2
  const geometry = new PlaneGeometry(size, size, SEGMENTS, SEGMENTS)
  geometry.rotateX(-Math.PI / 2)
  const pos = geometry.attributes.position as BufferAttribute
  const colors = new Float32Array(pos.count * 3)
  const eps = 0.5
  for (let i = 0; i < pos.count; i++) {
    const x = pos.getX(i)
    const z = pos.getZ(i)
    const y = placeholderHeight(x, z)
    pos.setY(i, y)
    const slope = Math.hypot(placeholderHeight(x + eps, z) - y, placeholderHeight(x, z + eps) - y) / eps
    // A little deterministic speckle breaks up the flat colour bands.
    const speckle =
      0.5 + 0.25 * Math.sin(x * 0.9 + Math.sin(z * 0.7) * 2.0) + 0.25 * Math.sin(z * 1.1 - x * 0.4)
    scratch.copy(PALETTE.grass).lerp(PALETTE.grassDry, Math.min(1, Math.max(0, y * 0.08 + speckle * 0.3)))
    if (y < -0.4) scratch.lerp(PALETTE.sand, Math.min(1, (-0.4 - y) * 2.5))
    if (slope > 0.45) scratch.lerp(PALETTE.rock, Math.min(1, (slope - 0.45) * 2.5))
    colors[i * 3] = scratch.r
    colors[i * 3 + 1] = scratch.g
    colors[i * 3 + 2] = scratch.b
  }
  geometry.setAttribute('color', new BufferAttribute(colors, 3))
  geometry.computeVertexNormals()
  return geometry
}

/** The placeholder ground. */
export function TerrainMesh() {
  const geometry = useMemo(() => buildTerrainGeometry(), [])
  return (
    <mesh geometry={geometry} receiveShadow name="terrain">
      <meshStandardMaterial vertexColors roughness={0.95} metalness={0} />
    </mesh>
  )
}
