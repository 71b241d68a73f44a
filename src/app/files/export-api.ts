/**
 * What the export worker does: encode the world's splats (or its panorama) with the writers the
 * CLI uses. A world of a few hundred thousand splats takes longer than a display frame to encode,
 * so it never runs on the main thread (see export-client.ts for the numbers).
 */
import * as Comlink from 'comlink'
import { heightFieldCollider, writeGlb, writePly, writeSpz } from '../../core/formats'
import type { SplatBatch } from '../../core/lift'

export type SplatExportFormat = 'spz' | 'ply' | 'glb'

export interface ExportWorkerApi {
  /** The splats in a file of `format`; .glb carries a collider mesh derived from the splats. */
  encodeSplats(format: SplatExportFormat, splats: SplatBatch): Promise<Uint8Array>
  /**
   * An RGBA image as a PNG, by the browser's own encoder (OffscreenCanvas): the CLI's encoder
   * (model/png.ts) needs Node's zlib.
   */
  encodePng(rgba: Uint8Array, width: number, height: number): Promise<Uint8Array>
}

async function encode(format: SplatExportFormat, s: SplatBatch): Promise<Uint8Array> {
  switch (format) {
    case 'spz':
      return writeSpz(s)
    case 'ply':
      return writePly(s)
    case 'glb':
      return writeGlb(s, { collider: heightFieldCollider(s) })
  }
}

export const exportWorkerApi: ExportWorkerApi = {
  async encodeSplats(format, splats) {
    const out = await encode(format, splats)
    return Comlink.transfer(out, [out.buffer as ArrayBuffer])
  },
  async encodePng(rgba, width, height) {
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('no 2D canvas in this worker')
    ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0)
    const out = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())
    return Comlink.transfer(out, [out.buffer])
  },
}
