/**
 * The pacing bench's import page (tests/bench/pacing.bench.ts drives it): an imported splat file
 * of `?splats=` splats (parsed, as the import worker hands it over) is placed in front of the
 * viewer and drawn by the app's PlacedSplats in an r3f Canvas, beside SplatPages' renderer. The
 * marks `place-start` and `place-end` bound the window the bench reads its trace over: from the
 * placement until every splat is drawn. `window.__place` holds the result.
 */
import { SplatMesh } from '@sparkjsdev/spark'
import type { Scene } from 'three'
import { createSplatBatch, type SplatBatch } from '../../../src/core/lift'
import {
  PlacedSplats,
  type PlacedSplatsItem,
  type PlacedSplatsSource,
} from '../../../src/render/placed-splats'
import { SplatPages } from '../../../src/render/splat-pages'
import { WorldSession } from '../../../src/session/world-session'
import { mountBenchCanvas } from './bench-canvas'
import { resetUploads, uploadedMb } from './texture-uploads'

interface PlaceResult {
  done: boolean
  error: string | null
  /** Splats the placed mesh draws at the end. */
  drawn: number
  placeMs: number
  /** Bytes sent to array textures from the placement until drawn, MB. */
  uploadMb: number
}

declare global {
  interface Window {
    __place?: PlaceResult
  }
}

const params = new URLSearchParams(location.search)
const count = Number(params.get('splats') ?? 1_000_000)
const out: PlaceResult = { done: false, error: null, drawn: 0, placeMs: 0, uploadMb: 0 }
window.__place = out

/** A 40 m cloud of splats in front of the viewer, as a parsed file would hand them over. */
function cloud(n: number): SplatBatch {
  const b = createSplatBatch(n)
  b.count = n
  let s = 12345
  const r = (): number => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let i = 0; i < n; i++) {
    b.centers.set([(r() - 0.5) * 40, r() * 10, -10 - r() * 40], 3 * i)
    b.scales.set([0.05 + r() * 0.1, 0.05 + r() * 0.1, 0.02], 3 * i)
    b.quats.set([0, 0, 0, 1], 4 * i)
    b.colors.set([r(), r(), r()], 3 * i)
    b.opacities[i] = 0.5 + r() * 0.5
  }
  return b
}

const source: PlacedSplatsSource & { revision: number; items: PlacedSplatsItem[] } = {
  revision: 0,
  items: [],
  sync() {},
}

async function run(): Promise<void> {
  const session = new WorldSession(
    { source: { render: () => Promise.reject(new Error('no model in this bench')) }, panoramaWidth: 0 },
    { id: 'bench', prompt: 'place', version: 1, regions: [] },
  )
  const batch = cloud(count)
  let scene: Scene | null = null
  mountBenchCanvas(
    <>
      <SplatPages session={session} />
      <PlacedSplats source={source} />
    </>,
    (s) => (scene = s),
  )
  // A warm-up: module loading, the Canvas's and Spark's set-up are not the placement's cost.
  await new Promise((r) => setTimeout(r, 800))
  performance.mark('place-start')
  resetUploads()
  const t0 = performance.now()
  const placed = { assetId: 'a1', name: 'cloud.ply', splats: count, position: [0, 0, 0], anchor: [0, 0, 0] }
  source.items = [{ id: 'p1', batch, placed: { ...placed, yaw: 0, scale: 1 } } as PlacedSplatsItem]
  source.revision++
  const drawn = (): number => {
    let n = 0
    scene?.traverse((o) => {
      if (o instanceof SplatMesh && o.name === 'placed-splats') n = o.packedSplats?.numSplats ?? 0
    })
    return n
  }
  while (drawn() < count) await new Promise((r) => requestAnimationFrame(r))
  // A few frames more: the last rows reach the GPU when Spark next reads the texture.
  for (let i = 0; i < 5; i++) await new Promise((r) => requestAnimationFrame(r))
  out.placeMs = performance.now() - t0
  out.uploadMb = uploadedMb()
  performance.mark('place-end')
  out.drawn = drawn()
  out.done = true
}

run().catch((err: unknown) => {
  out.error = err instanceof Error ? err.message : String(err)
})
