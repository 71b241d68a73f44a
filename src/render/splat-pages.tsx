import { useFrame, useThree } from '@react-three/fiber'
import { SparkRenderer, type SplatMesh } from '@sparkjsdev/spark'
import { useEffect, useMemo, useRef } from 'react'
import type { Group } from 'three'
import { createSplatBatch, type SplatBatch } from '../core/lift'
import type { WorldSession } from '../session/world-session'
import { GROUP_SPAN, PageGroups } from './page-groups'
import {
  buildSplatMesh,
  disposeSplatMesh,
  encodeSplats,
  packSplats,
  refillSplatMesh,
} from './splat-page-mesh'
import { rowSender } from './texture-rows'

/**
 * Pages encoded whole per display frame at most. The store encodes splats as they are filed (the
 * encoder set here), so a page changed since costs nothing more; a page filled before this
 * mounted, or whose group's origin moved, is encoded whole, touching every splat: a burst of those
 * spreads over a few frames. The groups changed are then joined by copies in the same frame.
 */
const PAGES_PER_FRAME = 2

/**
 * Spark VR settings (STACK-NOTES): a cut-off at sqrt(5) standard deviations instead of sqrt(8)
 * trims the fill of each splat's faint tail, which is what bounds a headset's frame time.
 */
const MAX_STD_DEV = Math.sqrt(5)

/**
 * Group meshes refilled per display frame at most: a refill uploads the group's texture from its
 * first changed page on (a new or grown group's whole, ~6 ms on the main thread for a 128 m group
 * of a detailed world), so a burst of changes (a restore, a walk into new ground) spreads over frames.
 */
const GROUPS_PER_FRAME = 2

/**
 * Screen-space blur Spark adds to every splat (px², with the opacity cut that keeps its weight),
 * at a desktop and in a headset. Spark's 0.3 is anti-aliasing for scenes trained with it; the
 * lifted splats are already one frame pixel wide (sigma 0.6 of its footprint, about a screen
 * pixel at a desktop), so it only widened each by a third and cut its opacity by two fifths,
 * letting what is behind show through: the README view's mean |Laplacian| 2.9 with it, 3.9
 * without, its spectrum slope 3.05 -> 2.77 (photographs 1.9-2.5). In a headset the head never
 * stops and the splats are ~4 screen pixels wide (128 px detail frames): Spark's default stays.
 */
const DESKTOP_BLUR = 0
const XR_BLUR = 0.3

/** Display frames the warm-up mesh is drawn for: Spark compiles on the first, sorts after. */
const WARM_UP_FRAMES = 3

/** One splat nobody can see (opacity 0). */
function transparentSplat(): SplatBatch {
  const b = createSplatBatch(1)
  b.count = 1
  b.scales.fill(0.01)
  b.quats[3] = 1
  return b
}

/**
 * The generated world's splats: one SparkRenderer in the scene and one SplatMesh per group of
 * SplatStore pages (page-groups.ts), refilled in place as its pages change (refillSplatMesh).
 * Reads the session's dirty pages each frame; does nothing (and allocates nothing) while no page
 * changed, so display never waits for the model.
 */
export function SplatPages({ session }: { session: WorldSession }) {
  const gl = useThree((s) => s.gl)
  const scene = useThree((s) => s.scene)
  const group = useRef<Group>(null)
  const meshes = useRef(new Map<string, SplatMesh>())
  const groups = useRef(new PageGroups<Uint32Array>(GROUP_SPAN, session.store.pageSize))
  /** The warm-up mesh while it is in the scene, and the display frames it has been there. */
  const warming = useRef<{ mesh: SplatMesh; frames: number } | null>(null)
  const renderer = useRef<SparkRenderer | null>(null)

  const sendRows = useMemo(() => rowSender(gl), [gl])

  // Created and disposed in one effect (not a memo): StrictMode and remounts then always get a
  // live renderer, and every page is rebuilt for it.
  useEffect(() => {
    const spark = new SparkRenderer({ renderer: gl, maxStdDev: MAX_STD_DEV, blurAmount: DESKTOP_BLUR })
    scene.add(spark)
    renderer.current = spark
    // Spark compiles its shaders the first time it draws a mesh: 30-40 ms on the main thread
    // (pacing bench traces), which landed on the frame the world first appeared. A mesh of one
    // transparent splat, drawn for a few frames from mount, moves that to the world opening; kept
    // (out of the scene) until unmount, its material keeps the program the group meshes share.
    // Left in the scene it was sometimes all Spark drew once every group was hidden, and Spark
    // then kept showing the hidden splats (the files e2e test, 2 runs in 5).
    const warmUp = buildSplatMesh([packSplats(transparentSplat())], 'splat-warm-up')
    scene.add(warmUp)
    warming.current = { mesh: warmUp, frames: 0 }
    const packed = groups.current
    session.store.setEncoder({ originOf: (cx, cz, y) => packed.origin(cx, cz, y), encode: encodeSplats })
    for (const id of session.store.pageIds()) session.dirtyPages.add(id)
    const owned = meshes.current
    return () => {
      session.store.setEncoder(null)
      for (const m of owned.values()) {
        m.removeFromParent()
        disposeSplatMesh(m)
      }
      owned.clear()
      packed.clear()
      warming.current = null
      warmUp.removeFromParent()
      disposeSplatMesh(warmUp)
      scene.remove(spark)
      spark.dispose()
      renderer.current = null
    }
  }, [gl, scene, session])

  useFrame(() => {
    if (renderer.current) renderer.current.blurAmount = gl.xr.isPresenting ? XR_BLUR : DESKTOP_BLUR
    const w = warming.current
    if (w && ++w.frames > WARM_UP_FRAMES) {
      w.mesh.removeFromParent()
      warming.current = null
    }
    const dirty = session.dirtyPages
    const g = group.current
    if ((dirty.size === 0 && groups.current.pending === 0) || !g) return
    const { store } = session
    let left = PAGES_PER_FRAME
    for (const id of dirty) {
      const page = store.page(id)
      if (page && page.batch.count > 0) {
        const origin = groups.current.origin(page.cx, page.cz, page.batch.centers[1]!)
        if (!store.isEncoded(id, origin) && left-- <= 0) continue
        // Undefined until the effect has given this session's store its encoder (effects run
        // after the first frames of a new session): the page waits, dirty.
        const words = store.encodedView(id, origin)
        if (!words) continue
        groups.current.set(id, page.cx, page.cz, words)
      } else groups.current.remove(id)
      dirty.delete(id)
    }
    for (const { id, parts, firstChanged } of groups.current.takeChanged(GROUPS_PER_FRAME)) {
      const old = meshes.current.get(id)
      if (old && parts.length > 0 && refillSplatMesh(old, parts, firstChanged)) continue
      if (old) {
        g.remove(old)
        disposeSplatMesh(old)
        meshes.current.delete(id)
      }
      if (parts.length === 0) continue
      const mesh = buildSplatMesh(parts, 'splat-group', sendRows)
      mesh.position.set(...groups.current.originOf(id))
      meshes.current.set(id, mesh)
      g.add(mesh)
    }
  })

  return <group ref={group} name="splat-pages" />
}
