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
  /** The generated splats, page by page: the pages' ids now, and a page as it is when read. */
  pages: { ids: () => string[]; view: (id: string) => SplatBatch | undefined }
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
  /** The longest single main-thread piece of it (one part copied, one chunk handed over), ms. */
  longestMainMs: number
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
  const done = (
    bytes: Uint8Array,
    mainMs: number,
    splats?: number,
    longestMainMs = mainMs,
  ): ExportResult => ({
    name,
    bytes,
    mime,
    mainMs,
    longestMainMs,
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
  const collected =
    area === 'explored' ? await collectExplored(src, encoder, progress) : await collectAround(src, encoder)
  const t = performance.now()
  const extra = joinBatches(src.placed())
  const extraMs = performance.now() - t
  const { bytes, splats } = await encoder.encodeCollected(format, extra, { ...options, viewpoints })
  if (splats === 0) throw new NothingToExportError('there are no splats yet: wait for the world to appear')
  const mainMs = collected.mainMs + extraMs
  return {
    ...done(bytes, mainMs, splats, Math.max(collected.longestMs, extraMs)),
    ...(collected.frames ? { frames: collected.frames } : {}),
  }
}

/** Splats per part handed to the worker: a ~3.5 MB copy, a few ms of main thread. */
const PART_SPLATS = 65_536

interface Collected {
  /** Main-thread time spent (copying parts, handing frames over), ms, and its longest piece. */
  mainMs: number
  longestMs: number
  frames?: { lifted: number; missing: number }
}

/**
 * The splats around the viewer, as on screen: pages joined a part at a time and each part
 * transferred to the worker, so no main-thread task copies the whole world (300k splats took
 * 40-130 ms as one copy). A page is read when its part is made, as it is then.
 */
async function collectAround(src: ExportSource, encoder: ExportWorkerApi): Promise<Collected> {
  const ids = src.pages.ids()
  if (ids.length === 0 && src.placed().length === 0)
    throw new NothingToExportError('there are no splats yet: wait for the world to appear')
  await encoder.beginCollect(null)
  let mainMs = 0
  let longestMs = 0
  for (let i = 0; i < ids.length;) {
    const t = performance.now()
    const part: { batch: SplatBatch }[] = []
    for (let n = 0; i < ids.length && n < PART_SPLATS; i++) {
      const batch = src.pages.view(ids[i]!)
      if (!batch) continue
      part.push({ batch })
      n += batch.count
    }
    const joined = joinBatches(part)
    const ms = performance.now() - t
    mainMs += ms
    longestMs = Math.max(longestMs, ms)
    await encoder.addSplats(joined)
  }
  return { mainMs, longestMs }
}

/**
 * Everything explored: the world's frames, finest first, lifted again in the export worker by a
 * fresh lifter. The main thread only hands frames over (and reads the away ones from storage),
 * so a long walk's export never stalls the view.
 */
async function collectExplored(
  src: ExportSource,
  encoder: ExportWorkerApi,
  progress: ExportOptions['progress'],
): Promise<Collected> {
  const explored = src.explored()
  if (explored.total === 0)
    throw new NothingToExportError('there are no frames yet: wait for the world to appear')
  let mainMs = 0
  let longestMs = 0
  let lifted = 0
  await encoder.beginCollect(src.lifter)
  for await (const frames of explored.chunks) {
    const t = performance.now()
    const sent = encoder.liftFrames(frames)
    const ms = performance.now() - t
    mainMs += ms
    longestMs = Math.max(longestMs, ms)
    await sent
    lifted += frames.length
    progress?.(lifted + explored.missing, explored.total)
  }
  return { mainMs, longestMs, frames: { lifted, missing: explored.missing } }
}
