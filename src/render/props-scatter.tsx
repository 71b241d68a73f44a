import { useLayoutEffect, useMemo, useRef } from 'react'
import { Matrix4, Quaternion, Vector3, type InstancedMesh } from 'three'
import { PALETTE } from './palette'
import { seededRandom } from '../core/random'
import { placeholderHeight } from './terrain'

interface Placement {
  x: number
  z: number
  scale: number
  turn: number
}

/** Deterministic positions for props, kept off the spawn clearing and the low wet ground. */
function scatter(seed: number, count: number, minR: number, maxR: number): Placement[] {
  const rnd = seededRandom(seed)
  const out: Placement[] = []
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const a = rnd() * Math.PI * 2
    const r = minR + Math.sqrt(rnd()) * (maxR - minR)
    const x = Math.cos(a) * r
    const z = Math.sin(a) * r
    if (placeholderHeight(x, z) < -0.2) continue
    out.push({ x, z, scale: 0.7 + rnd() * 0.8, turn: rnd() * Math.PI * 2 })
  }
  return out
}

const m = new Matrix4()
const q = new Quaternion()
const p = new Vector3()
const s = new Vector3()
const up = new Vector3(0, 1, 0)

function useInstances(
  ref: React.RefObject<InstancedMesh | null>,
  items: Placement[],
  lift: number,
  height: number,
) {
  useLayoutEffect(() => {
    const mesh = ref.current
    if (!mesh) return
    items.forEach((it, i) => {
      q.setFromAxisAngle(up, it.turn)
      s.setScalar(it.scale)
      p.set(it.x, placeholderHeight(it.x, it.z) + (lift + height / 2) * it.scale, it.z)
      mesh.setMatrixAt(i, m.compose(p, q, s))
    })
    mesh.instanceMatrix.needsUpdate = true
    mesh.computeBoundingSphere()
  }, [ref, items, lift, height])
}

const TREE_COUNT = 140
const ROCK_COUNT = 60

/** Low-poly trees (trunk + two cones) and rocks scattered over the hills. */
export function PropsScatter() {
  const trees = useMemo(() => scatter(7, TREE_COUNT, 9, 95), [])
  const rocks = useMemo(() => scatter(19, ROCK_COUNT, 5, 70), [])
  const trunks = useRef<InstancedMesh>(null)
  const crowns = useRef<InstancedMesh>(null)
  const tops = useRef<InstancedMesh>(null)
  const stones = useRef<InstancedMesh>(null)
  useInstances(trunks, trees, 0, 1.2)
  useInstances(crowns, trees, 1.0, 2.6)
  useInstances(tops, trees, 2.6, 1.8)
  useInstances(stones, rocks, -0.15, 0.7)
  return (
    <group name="props">
      <instancedMesh ref={trunks} args={[undefined, undefined, trees.length]} castShadow>
        <cylinderGeometry args={[0.12, 0.18, 1.2, 6]} />
        <meshStandardMaterial color={PALETTE.trunk} roughness={1} />
      </instancedMesh>
      <instancedMesh ref={crowns} args={[undefined, undefined, trees.length]} castShadow>
        <coneGeometry args={[1.1, 2.6, 7]} />
        <meshStandardMaterial color={PALETTE.leaves} roughness={0.9} flatShading />
      </instancedMesh>
      <instancedMesh ref={tops} args={[undefined, undefined, trees.length]} castShadow>
        <coneGeometry args={[0.75, 1.8, 7]} />
        <meshStandardMaterial color={PALETTE.leaves} roughness={0.9} flatShading />
      </instancedMesh>
      <instancedMesh ref={stones} args={[undefined, undefined, rocks.length]} castShadow>
        <dodecahedronGeometry args={[0.55, 0]} />
        <meshStandardMaterial color={PALETTE.rock} roughness={1} flatShading />
      </instancedMesh>
    </group>
  )
}
