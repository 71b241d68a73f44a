/**
 * Export from the app: the world's splats (generated pages plus placed assets, as on screen) as
 * .spz, .ply or .glb, the world document as .json, the sky as a panorama .png. Encoding runs in
 * the export worker; gathering the splats is a copy on the main thread (a few ms per 100k).
 */
import { DEFAULT_START, worldFileFromDocument, writeWorldJson } from '../../core/formats'
import type { SplatBatch } from '../../core/lift'
import type { Pose } from '../../core/pose'
import type { PlacedAsset, WorldDocument } from '../../core/world'
import type { ExportWorkerApi, SplatExportOptions } from './export-api'
import { exportFileName } from './file-name'
import { headingOf } from '../../core/pose'
import { joinBatches } from './placement-math'

export type ExportFormat = 'spz' | 'ply' | 'glb' | 'json' | 'png'

/** The menu's export items; `inVR`: also on the headset's panel (see file-actions.ts). */
export const EXPORT_FORMATS: readonly { format: ExportFormat; label: string; mime: string; inVR: boolean }[] =
  [
    { format: 'spz', label: 'Export .spz', mime: 'application/octet-stream', inVR: true },
    { format: 'ply', label: 'Export .ply', mime: 'application/octet-stream', inVR: false },
    { format: 'glb', label: 'Export .glb', mime: 'model/gltf-binary', inVR: true },
    { format: 'json', label: 'Export world .json', mime: 'application/json', inVR: true },
    { format: 'png', label: 'Export panorama .png', mime: 'image/png', inVR: false },
  ]

/** The export menu's size choices: every splat, or the ones that matter most. */
export const EXPORT_SIZES: readonly (number | null)[] = [null, 500_000, 100_000]

/** What an export reads of the open world. */
export interface ExportSource {
  prompt: string
  doc: WorldDocument
  viewer: Pose
  /** The generated splats, page by page. */
  pages: () => SplatBatch[]
  /** Placed assets whose splats are loaded. */
  placed: () => { batch: SplatBatch; placed: PlacedAsset }[]
  panorama: { rgba: Uint8Array; width: number; height: number } | null
}

export interface ExportResult {
  name: string
  bytes: Uint8Array
  mime: string
  /** Splats written (splat formats). */
  splats?: number
  /** Main-thread time (gathering) and total time including the worker, ms. */
  mainMs: number
  totalMs: number
}

/** Thrown for an export that has nothing to write yet; its message is for the status line. */
export class NothingToExportError extends Error {}

/** A start pose for the .json: where the viewer stands, facing where they face (level). */
function levelPose(p: Pose): Pose {
  const h = headingOf(p) / 2
  return {
    position: [p.position[0], p.position[1], p.position[2]],
    rotation: [0, Math.sin(h), 0, Math.cos(h)],
  }
}

export async function exportWorld(
  format: ExportFormat,
  src: ExportSource,
  encoder: Pick<ExportWorkerApi, 'encodeSplats' | 'encodePng'>,
  options: Pick<SplatExportOptions, 'spzVersion' | 'maxSplats'> = {},
): Promise<ExportResult> {
  const t0 = performance.now()
  const mime = EXPORT_FORMATS.find((f) => f.format === format)!.mime
  const name = exportFileName(src.prompt, format === 'png' ? 'panorama.png' : format)
  const done = (bytes: Uint8Array, mainMs: number, splats?: number): ExportResult => ({
    name,
    bytes,
    mime,
    mainMs,
    totalMs: performance.now() - t0,
    ...(splats !== undefined ? { splats } : {}),
  })
  if (format === 'json') {
    const bytes = writeWorldJson(worldFileFromDocument(src.doc, src.prompt, levelPose(src.viewer)))
    return done(bytes, performance.now() - t0)
  }
  if (format === 'png') {
    const p = src.panorama
    if (!p) throw new NothingToExportError('there is no panorama yet: wait for the sky to be made')
    // A copy: the panorama stays on screen while its pixels travel to the worker.
    const bytes = await encoder.encodePng(p.rgba.slice(), p.width, p.height)
    return done(bytes, 0)
  }
  const parts = [...src.pages().map((batch) => ({ batch })), ...src.placed()]
  const batch = joinBatches(parts)
  if (batch.count === 0)
    throw new NothingToExportError('there are no splats yet: wait for the world to appear')
  const mainMs = performance.now() - t0
  const count = Math.min(batch.count, options.maxSplats ?? Infinity)
  // Where the world was seen from: the viewer now and the start every world is explored from first.
  const start = DEFAULT_START.position
  const viewpoints: [number, number, number][] = [[...src.viewer.position], [start[0]!, start[1]!, start[2]!]]
  const bytes = await encoder.encodeSplats(format, batch, { ...options, viewpoints })
  return done(bytes, mainMs, count)
}
