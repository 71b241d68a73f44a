import { useFrame, useThree } from '@react-three/fiber'
import type { SplatMesh } from '@sparkjsdev/spark'
import { useEffect, useMemo, useRef } from 'react'
import { Group } from 'three'
import type { SplatBatch } from '../core/lift'
import type { PlacedAssetData } from '../core/world'
import { createFillingMesh, disposeSplatMesh, fillSplatMesh } from './splat-page-mesh'
import { RowPackedSplats } from './row-packed-splats'
import { rowSender } from './texture-rows'

/**
 * Main-thread time a display frame spends encoding placed splats for Spark (at least one slice):
 * a placed file fills in over frames, a million splats in ~1 s at 60 Hz, where encoding and
 * uploading them at once held the main thread 172 ms (pacing bench).
 */
const FILL_MS_PER_FRAME = 3
/** Splats encoded between two looks at the clock (~0.5 ms here, a few ms while the code is cold). */
const FILL_SLICE = 4096

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
  batch: SplatBatch
}

/**
 * Imported splat sets placed in the world, each its own Spark mesh under a transform (position,
 * turn about +Y, scale, anchor offset), drawn by the SparkRenderer the splat pages put in the
 * scene. A placement's mesh fills in over a few frames (FILL_MS_PER_FRAME), appearing as it
 * does, and is kept while the placement stays; undo removes it.
 */
export function PlacedSplats({ source }: { source: PlacedSplatsSource }) {
  const gl = useThree((s) => s.gl)
  const sendRows = useMemo(() => rowSender(gl), [gl])
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
    if (!g) return
    if (source.revision !== revision.current) {
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
        const mesh = createFillingMesh(item.batch.count, sendRows, 'placed-splats')
        mesh.position.set(-p.anchor[0], -p.anchor[1], -p.anchor[2])
        holder.add(mesh)
        drawn.current.set(item.id, { holder, mesh, batch: item.batch })
      }
    }
    const start = performance.now()
    for (const d of drawn.current.values()) {
      // The first rows wait while three.js allocates the texture: Spark reads it again (and
      // sends them) only for a new version.
      const splats = d.mesh.packedSplats!
      if (splats instanceof RowPackedSplats && splats.rowsPending) d.mesh.updateVersion()
      while (splats.numSplats < d.batch.count) {
        fillSplatMesh(d.mesh, d.batch, FILL_SLICE)
        // In the scene once it holds splats: Spark is not handed an empty mesh.
        if (!d.holder.parent) g.add(d.holder)
        if (performance.now() - start > FILL_MS_PER_FRAME) return
      }
    }
  })

  return <group ref={group} name="placed-assets" />
}
