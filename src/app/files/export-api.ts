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
import type { Frame } from '../../core/frame'
import type { SplatBatch } from '../../core/lift'
import { LiftCore, type LifterConfig } from '../../session/lifter'
import { joinBatches } from './placement-math'

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
  /**
   * Starts an export of everything explored: a fresh lifter with the session's settings, so the
   * frames are lifted here and not on the main thread.
   */
  beginLift(config: LifterConfig): Promise<void>
  /** Lifts frames into that export (finest first: see session/explored-frames.ts); splats so far. */
  liftFrames(frames: Frame[]): Promise<number>
  /** The lifted splats and `extra` (placed assets) in one file; the lifted ones are then dropped. */
  encodeLifted(
    format: SplatExportFormat,
    extra: SplatBatch,
    options?: SplatExportOptions,
  ): Promise<{ bytes: Uint8Array; splats: number }>
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

/** The export of everything explored being lifted: its lifter and the pages it gave. */
let lifting: { core: LiftCore; parts: SplatBatch[]; splats: number } | null = null

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
  beginLift(config) {
    lifting = { core: new LiftCore(config), parts: [], splats: 0 }
    return Promise.resolve()
  },
  liftFrames(frames) {
    if (!lifting) return Promise.reject(new Error('liftFrames before beginLift'))
    for (const frame of frames) {
      const { batch } = lifting.core.lift(frame)
      if (batch.count === 0) continue
      lifting.parts.push(batch)
      lifting.splats += batch.count
    }
    return Promise.resolve(lifting.splats)
  },
  async encodeLifted(format, extra, options = {}) {
    if (!lifting) throw new Error('encodeLifted before beginLift')
    const all = joinBatches([...lifting.parts, extra].map((batch) => ({ batch })))
    lifting = null
    const bytes = await encode(format, all, options)
    return Comlink.transfer({ bytes, splats: Math.min(all.count, options.maxSplats ?? Infinity) }, [
      bytes.buffer as ArrayBuffer,
    ])
  },
}
