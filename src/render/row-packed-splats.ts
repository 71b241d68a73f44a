import { PackedSplats, defines } from '@sparkjsdev/spark'
import type { DataArrayTexture } from 'three'

/**
 * Sends rows [rowFrom, rowTo) of `data` to `texture`, already on the GPU; false where it cannot
 * (texture-rows.ts, bound to a renderer).
 */
export type SendRows = (
  texture: DataArrayTexture,
  data: Uint32Array,
  rowFrom: number,
  rowTo: number,
) => boolean

/** Splats per texture row. */
const ROW = defines.SPLAT_TEX_WIDTH

/**
 * Spark's PackedSplats, whose texture can be brought up to date by rows: `markRows` notes the
 * rows its array changed in, and they are sent when Spark next reads the texture (its
 * generator's uniform), as Spark sends the whole texture after `needsUpdate`. Changes between two
 * reads go as one range, so rows sent never outnumber what whole uploads would have sent.
 *
 * A mesh filled over several frames from empty (an import: `fillsByRows`) whose marked rows
 * cover every row holding splats when its texture is first made has three.js only allocate it
 * (its source not `dataReady`: no upload of the whole, mostly empty array); the rows go at the
 * next read, once it is on the GPU, and the mesh must be read again for them (`rowsPending`).
 */
export class RowPackedSplats extends PackedSplats {
  /** How rows reach the GPU; null: every change uploads the whole texture. */
  sendRows: SendRows | null = null
  /** Filled over several frames from empty (createFillingMesh): its first texture is allocated only. */
  fillsByRows = false
  private rowFrom = Infinity
  private rowTo = 0
  /** The texture three.js was told to allocate without data, until it has been. */
  private allocating: DataArrayTexture | null = null

  /**
   * Rows are waiting to be sent: Spark sends them when it next reads the texture, which it does
   * only when the mesh's version moves (SplatMesh.updateVersion).
   */
  get rowsPending(): boolean {
    return this.rowTo > this.rowFrom
  }

  /** Rows [from, to) of the array changed: send them before the texture is next drawn from. */
  markRows(from: number, to: number): void {
    if (!this.sendRows) {
      this.needsUpdate = true
      return
    }
    this.rowFrom = Math.min(this.rowFrom, from)
    this.rowTo = Math.max(this.rowTo, to)
  }

  override getTexture(): DataArrayTexture {
    // A new texture of a mesh being filled, every row holding splats marked: allocated, its rows
    // to follow. Otherwise (a mesh built whole) three.js uploads it whole.
    if (
      this.fillsByRows &&
      this.source === null &&
      this.rowFrom === 0 &&
      this.rowTo >= Math.ceil(this.numSplats / ROW)
    ) {
      const texture = super.getTexture()
      texture.source.dataReady = false
      this.allocating = texture
      return texture
    }
    if (this.rowTo > this.rowFrom && !this.needsUpdate) {
      const { source, packedArray } = this
      if (source && packedArray && this.sendRows!(source, packedArray, this.rowFrom, this.rowTo))
        this.clearRows()
      else if (!this.allocating) this.needsUpdate = true
      // Else three.js has not allocated the texture yet (Spark read it without drawing from it):
      // the rows wait for the next read rather than going as one whole upload.
    }
    // A whole upload (new array, or rows that could not be sent) carries every row.
    if (this.needsUpdate) this.clearRows()
    if (this.allocating && this.rowTo <= this.rowFrom) {
      this.allocating.source.dataReady = true
      this.allocating = null
    }
    return super.getTexture()
  }

  private clearRows(): void {
    this.rowFrom = Infinity
    this.rowTo = 0
  }
}
