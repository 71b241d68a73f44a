import { useFrame } from '@react-three/fiber'
import type { SplatMesh } from '@sparkjsdev/spark'
import { useEffect, useRef } from 'react'
import { Group } from 'three'
import type { SplatBatch } from '../core/lift'
import type { PlacedAssetData } from '../core/world'
import { buildPageMesh, disposeSplatMesh } from './splat-page-mesh'

/** One placed asset to draw: its splats in its own axes, and where the world document put it. */
export interface PlacedSplatsItem {
  /** The placement's id in the document (`p<version>`). */
  id: string
  batch: SplatBatch
  placed: PlacedAssetData
}

/** What the renderer reads; app/files/placed-assets.ts provides it. */
export interface PlacedSplatsSource {
  /** Moves whenever `items` changes. */
  readonly revision: number
  readonly items: readonly PlacedSplatsItem[]
  /** Brings `items` up to date with the world document; cheap when nothing changed. */
  sync(): void
}

interface Drawn {
  holder: Group
  mesh: SplatMesh
}

/**
 * Imported splat sets placed in the world, each its own Spark mesh under a transform (position,
 * turn about +Y, scale, anchor offset), drawn by the SparkRenderer the splat pages put in the
 * scene. Meshes are built once per placement and kept while it stays; undo removes its mesh.
 */
export function PlacedSplats({ source }: { source: PlacedSplatsSource }) {
  const group = useRef<Group>(null)
  const drawn = useRef(new Map<string, Drawn>())
  const revision = useRef(-1)

  useEffect(() => {
    const owned = drawn.current
    return () => {
      for (const d of owned.values()) {
        d.holder.removeFromParent()
        disposeSplatMesh(d.mesh)
      }
      owned.clear()
      revision.current = -1
    }
  }, [source])

  useFrame(() => {
    source.sync()
    const g = group.current
    if (!g || source.revision === revision.current) return
    revision.current = source.revision
    const wanted = new Set(source.items.map((i) => i.id))
    for (const [id, d] of drawn.current) {
      if (wanted.has(id)) continue
      d.holder.removeFromParent()
      disposeSplatMesh(d.mesh)
      drawn.current.delete(id)
    }
    for (const item of source.items) {
      if (drawn.current.has(item.id) || item.batch.count === 0) continue
      const p = item.placed
      const holder = new Group()
      holder.name = `placed-${item.id}`
      holder.position.set(p.position[0], p.position[1], p.position[2])
      holder.rotation.set(0, p.yaw, 0)
      holder.scale.setScalar(p.scale)
      const mesh = buildPageMesh(item.batch)
      mesh.name = 'placed-splats'
      mesh.position.set(-p.anchor[0], -p.anchor[1], -p.anchor[2])
      holder.add(mesh)
      g.add(holder)
      drawn.current.set(item.id, { holder, mesh })
    }
  })

  return <group ref={group} name="placed-assets" />
}
