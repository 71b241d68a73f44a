/**
 * Export from the app: the world's splats (generated pages plus placed assets, as on screen) as
 * .spz, .ply or .glb, the world document as .json, the sky as a panorama .png. Encoding runs in
 * the export worker; gathering the splats is a copy on the main thread (a few ms per 100k).
 */
import { DEFAULT_START, worldFileFromDocument, writeWorldJson } from '../../core/formats'
import type { SplatBatch } from '../../core/lift'
import type { LifterConfig } from '../../session/lifter'
import type { ExploredFrames } from '../../session/explored-frames'
import type { Pose } from '../../core/pose'
import type { PlacedAsset, WorldDocument } from '../../core/world'
import type { ExportWorkerApi, SplatExportFormat, SplatExportOptions } from './export-api'
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

/**
 * What a splat export holds: the splats resident around the viewer (on screen, instant), or
 * everything explored (every frame of the world lifted again in the export worker, the frames
 * away in storage read back: a long walk's whole path).
 */
export type ExportArea = 'around' | 'explored'
export const EXPORT_AREAS: readonly ExportArea[] = ['around', 'explored']

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
  /** Every frame of the world, for `area: 'explored'`, and how the session lifts them. */
  explored: () => ExploredFrames
  lifter: LifterConfig
}

export interface ExportResult {
  name: string
  bytes: Uint8Array
  mime: string
  /** Splats written (splat formats). */
  splats?: number
  /** Frames lifted again (area 'explored') and those storage no longer had. */
  frames?: { lifted: number; missing: number }
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

export interface ExportOptions extends Pick<SplatExportOptions, 'spzVersion' | 'maxSplats'> {
  /** @default 'around' */
  area?: ExportArea
  /** Called as the frames of an 'explored' export are lifted (frames done, frames in all). */
  progress?: (done: number, total: number) => void
}

export async function exportWorld(
  format: ExportFormat,
  src: ExportSource,
  encoder: ExportWorkerApi,
  { area = 'around', progress, ...options }: ExportOptions = {},
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
  // Where the world was seen from: the viewer now and the start every world is explored from first.
  const start = DEFAULT_START.position
  const viewpoints: [number, number, number][] = [[...src.viewer.position], [start[0]!, start[1]!, start[2]!]]
  if (area === 'explored')
    return exportExplored(format, src, encoder, { ...options, viewpoints }, progress, done)
  const parts = [...src.pages().map((batch) => ({ batch })), ...src.placed()]
  const batch = joinBatches(parts)
  if (batch.count === 0)
    throw new NothingToExportError('there are no splats yet: wait for the world to appear')
  const mainMs = performance.now() - t0
  const count = Math.min(batch.count, options.maxSplats ?? Infinity)
  const bytes = await encoder.encodeSplats(format, batch, { ...options, viewpoints })
  return done(bytes, mainMs, count)
}

/**
 * Everything explored: the world's frames, finest first, lifted again in the export worker by a
 * fresh lifter, plus the placed assets. The main thread only hands frames over (and reads the
 * away ones from storage), so a long walk's export never stalls the view.
 */
async function exportExplored(
  format: SplatExportFormat,
  src: ExportSource,
  encoder: ExportWorkerApi,
  options: SplatExportOptions,
  progress: ExportOptions['progress'],
  done: (bytes: Uint8Array, mainMs: number, splats?: number) => ExportResult,
): Promise<ExportResult> {
  const explored = src.explored()
  if (explored.total === 0)
    throw new NothingToExportError('there are no frames yet: wait for the world to appear')
  let mainMs = 0
  let lifted = 0
  await encoder.beginLift(src.lifter)
  for await (const frames of explored.chunks) {
    const t = performance.now()
    const sent = encoder.liftFrames(frames)
    mainMs += performance.now() - t
    await sent
    lifted += frames.length
    progress?.(lifted + explored.missing, explored.total)
  }
  const t = performance.now()
  const extra = joinBatches(src.placed())
  mainMs += performance.now() - t
  const { bytes, splats } = await encoder.encodeLifted(format, extra, options)
  if (splats === 0) throw new NothingToExportError('there are no splats yet: wait for the world to appear')
  return { ...done(bytes, mainMs, splats), frames: { lifted, missing: explored.missing } }
}
