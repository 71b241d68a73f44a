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
   * Starts collecting an export's splats here, a part at a time, so no main-thread task copies
   * the whole world: with a lifter (the session's settings) for an export of everything explored,
   * whose frames are then lifted here; without one for splats sent ready-made.
   */
  beginCollect(lifter: LifterConfig | null): Promise<void>
  /** Lifts frames into the export (finest first: see session/explored-frames.ts); splats so far. */
  liftFrames(frames: Frame[]): Promise<number>
  /** Adds ready-made splats (transferred) to the export; splats so far. */
  addSplats(splats: SplatBatch): Promise<number>
  /** The collected splats and `extra` (placed assets) in one file; the collected ones are then dropped. */
  encodeCollected(
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

/** The export being collected: its lifter (everything explored) and the parts so far. */
let collecting: { core: LiftCore | null; parts: SplatBatch[]; splats: number } | null = null

function collect(part: SplatBatch): number {
  if (!collecting) throw new Error('splats sent before beginCollect')
  if (part.count > 0) {
    collecting.parts.push(part)
    collecting.splats += part.count
  }
  return collecting.splats
}

/** `run`'s result as a promise, its throw as a rejection (as over the worker boundary). */
function settle<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run())
  } catch (err) {
    return Promise.reject(err as Error)
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
  beginCollect(lifter) {
    collecting = { core: lifter ? new LiftCore(lifter) : null, parts: [], splats: 0 }
    return Promise.resolve()
  },
  liftFrames(frames) {
    return settle(() => {
      const core = collecting?.core
      if (!core) throw new Error('frames sent to an export without a lifter')
      let total = collecting!.splats
      for (const frame of frames) total = collect(core.lift(frame).batch)
      return total
    })
  },
  addSplats(splats) {
    return settle(() => collect(splats))
  },
  async encodeCollected(format, extra, options = {}) {
    if (!collecting) throw new Error('encodeCollected before beginCollect')
    const all = joinBatches([...collecting.parts, extra].map((batch) => ({ batch })))
    collecting = null
    const bytes = await encode(format, all, options)
    return Comlink.transfer({ bytes, splats: Math.min(all.count, options.maxSplats ?? Infinity) }, [
      bytes.buffer as ArrayBuffer,
    ])
  },
}
