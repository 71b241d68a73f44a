/**
 * Loaded into the test page by URL (vite serves it like app code), so the page gets the very
 * Spark module the app uses: loads .spz bytes the way any Spark user would, through `fileBytes`.
 */
import { SplatMesh } from '@sparkjsdev/spark'
import type { Object3D } from 'three'

export async function loadSpzInSpark(bytes: Uint8Array, parent: Object3D): Promise<number> {
  const mesh = new SplatMesh({ fileBytes: bytes })
  await mesh.initialized
  mesh.name = 'spark-loaded-spz'
  parent.add(mesh)
  return mesh.packedSplats?.numSplats ?? -1
}
