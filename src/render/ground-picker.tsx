import type { ThreeEvent } from '@react-three/fiber'
import { useMemo } from 'react'
import { Vector3, type Intersection, type Object3D, type Raycaster } from 'three'
import type { WorldGround } from '../core/ground/world-ground'

/** Step of the ray march over the ground columns, metres: finer than a column. */
const STEP = 0.25
const MAX_DISTANCE = 150
const hit = new Vector3()

/**
 * Lets clicks and controller rays pick points on the generated world. Splats have no surface to
 * raycast against cheaply, so the ray is marched over the ground learnt from the frames
 * (WorldGround) and hits where it first dips below a seen column.
 */
function groundRaycast(ground: WorldGround) {
  return function raycast(this: Object3D, raycaster: Raycaster, intersects: Intersection[]): void {
    const { origin, direction } = raycaster.ray
    for (let t = STEP; t < MAX_DISTANCE; t += STEP) {
      const x = origin.x + direction.x * t
      const y = origin.y + direction.y * t
      const z = origin.z + direction.z * t
      if (!ground.has(x, z) || y > ground.heightAt(x, z)) continue
      hit.set(x, ground.heightAt(x, z), z)
      intersects.push({ distance: t, point: hit.clone(), object: this })
      return
    }
  }
}

export interface GroundPickerProps {
  ground: WorldGround
  onPointerDown?: (e: ThreeEvent<PointerEvent>) => void
  onClick?: (e: ThreeEvent<MouseEvent>) => void
}

/** An invisible pick surface over the generated ground. */
export function GroundPicker({ ground, onPointerDown, onClick }: GroundPickerProps) {
  const raycast = useMemo(() => groundRaycast(ground), [ground])
  return (
    <mesh
      name="ground-picker"
      raycast={raycast}
      onPointerDown={onPointerDown}
      onClick={onClick}
      frustumCulled={false}
    >
      <boxGeometry args={[0.01, 0.01, 0.01]} />
      <meshBasicMaterial visible={false} />
    </mesh>
  )
}
