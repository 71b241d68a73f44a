import { PackedSplats, SplatMesh, defines, setPackedSplat } from '@sparkjsdev/spark'
import type { SplatBatch } from '../core/lift'

const SPARK_ROW = defines.SPLAT_TEX_WIDTH

/**
 * One SplatStore page as one Spark mesh: the page's struct-of-arrays splats encoded straight into
 * Spark's 16-byte packed layout (no per-splat objects). A page that changes is rebuilt whole, so
 * an edit or an eviction touches only its own page.
 */
export function buildPageMesh(batch: SplatBatch): SplatMesh {
  const n = batch.count
  // Spark stores splats in 2048-wide texture rows and rounds a packed array's capacity down to
  // whole rows, so an array sized to exactly n splats would show none (or lose the last row).
  const packed = new Uint32Array(4 * SPARK_ROW * Math.max(1, Math.ceil(n / SPARK_ROW)))
  const { centers: c, scales: s, quats: q, colors: rgb, opacities: a } = batch
  for (let i = 0; i < n; i++) {
    const i3 = 3 * i
    const i4 = 4 * i
    setPackedSplat(
      packed,
      i,
      c[i3]!,
      c[i3 + 1]!,
      c[i3 + 2]!,
      s[i3]!,
      s[i3 + 1]!,
      s[i3 + 2]!,
      q[i4]!,
      q[i4 + 1]!,
      q[i4 + 2]!,
      q[i4 + 3]!,
      a[i]!,
      rgb[i3]!,
      rgb[i3 + 1]!,
      rgb[i3 + 2]!,
    )
  }
  const packedSplats = new PackedSplats({ packedArray: packed, numSplats: n })
  const mesh = new SplatMesh({ packedSplats, raycastable: false })
  mesh.name = 'splat-page'
  return mesh
}
