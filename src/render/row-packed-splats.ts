import { PackedSplats } from '@sparkjsdev/spark'
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

/**
 * Spark's PackedSplats, whose texture can be brought up to date by rows: `markRows` notes the
 * rows its array changed in, and they are sent when Spark next reads the texture (its
 * generator's uniform), as Spark sends the whole texture after `needsUpdate`. Changes between two
 * reads go as one range, so rows sent never outnumber what whole uploads would have sent.
 */
export class RowPackedSplats extends PackedSplats {
  /** How rows reach the GPU; null: every change uploads the whole texture. */
  sendRows: SendRows | null = null
  private rowFrom = Infinity
  private rowTo = 0

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
    if (this.rowTo > this.rowFrom) {
      const sent =
        !this.needsUpdate &&
        this.source !== null &&
        this.packedArray !== null &&
        this.sendRows!(this.source, this.packedArray, this.rowFrom, this.rowTo)
      // Not sent (no texture yet, or a whole upload already due): three.js sends it whole.
      if (!sent) this.needsUpdate = true
      this.rowFrom = Infinity
      this.rowTo = 0
    }
    return super.getTexture()
  }
}
