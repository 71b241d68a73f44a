/**
 * What the export worker does: encode the world's splats (or its panorama) with the writers the
 * CLI uses. A world of a few hundred thousand splats takes longer than a display frame to encode,
 * so it never runs on the main thread (see export-client.ts for the numbers).
 */
import * as Comlink from 'comlink'
import {
  heightFieldCollider,
  keepMostImportant,
  writeGlb,
  writePly,
  writeSpz,
  type SpzVersion,
  type Viewpoint,
} from '../../core/formats'
import type { SplatBatch } from '../../core/lift'

export type SplatExportFormat = 'spz' | 'ply' | 'glb'

/** The export menu's choices (see start-files.ts). */
export interface SplatExportOptions {
  /** @default 3 (Spark 2.2 reads 1-3); 4 is ZSTD */
  spzVersion?: SpzVersion
  /** Keep only this many splats, the ones that matter most from `viewpoints` (export-size.ts). */
  maxSplats?: number
  /** Where the world was seen from. */
  viewpoints?: Viewpoint[]
}

export interface ExportWorkerApi {
  /** The splats in a file of `format`; .glb carries a collider mesh derived from the splats. */
  encodeSplats(
    format: SplatExportFormat,
    splats: SplatBatch,
    options?: SplatExportOptions,
  ): Promise<Uint8Array>
  /**
   * An RGBA image as a PNG, by the browser's own encoder (OffscreenCanvas): the CLI's encoder
   * (model/png.ts) needs Node's zlib.
   */
  encodePng(rgba: Uint8Array, width: number, height: number): Promise<Uint8Array>
}

async function encode(
  format: SplatExportFormat,
  all: SplatBatch,
  o: SplatExportOptions,
): Promise<Uint8Array> {
  const s = o.maxSplats !== undefined ? keepMostImportant(all, o.maxSplats, o.viewpoints) : all
  switch (format) {
    case 'spz':
      return writeSpz(s, { version: o.spzVersion ?? 3 })
    case 'ply':
      return writePly(s)
    case 'glb':
      // The collider stays whole: walking needs every surface, whatever the splat budget.
      return writeGlb(s, { collider: heightFieldCollider(all) })
  }
}

export const exportWorkerApi: ExportWorkerApi = {
  async encodeSplats(format, splats, options = {}) {
    const out = await encode(format, splats, options)
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
