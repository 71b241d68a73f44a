/**
 * The export worker, started on the first export and kept: encoding a world's splats takes far
 * longer than a display frame (.spz of 100k splats: see the README's measured numbers), so it
 * never runs on the main thread. The joined batch is transferred, not copied.
 */
import * as Comlink from 'comlink'
import type { Frame } from '../../core/frame'
import type { SplatBatch } from '../../core/lift'
import type { LifterConfig } from '../../session/lifter'
import type { ExportWorkerApi, SplatExportFormat, SplatExportOptions } from './export-api'

/** A batch's arrays, to transfer (the batch must own them whole: a fresh or joined batch). */
function buffersOf(s: SplatBatch): ArrayBuffer[] {
  return [s.centers, s.scales, s.quats, s.colors, s.opacities].map((a) => a.buffer as ArrayBuffer)
}

export class ExportClient implements ExportWorkerApi {
  private worker: Worker | null = null
  private api: Comlink.Remote<ExportWorkerApi> | null = null

  private remote(): Comlink.Remote<ExportWorkerApi> {
    if (!this.api) {
      this.worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' })
      this.api = Comlink.wrap<ExportWorkerApi>(this.worker)
    }
    return this.api
  }

  encodeSplats(
    format: SplatExportFormat,
    s: SplatBatch,
    options: SplatExportOptions = {},
  ): Promise<Uint8Array> {
    return this.remote().encodeSplats(format, Comlink.transfer(s, buffersOf(s)), options)
  }

  encodePng(rgba: Uint8Array, width: number, height: number): Promise<Uint8Array> {
    return this.remote().encodePng(Comlink.transfer(rgba, [rgba.buffer as ArrayBuffer]), width, height)
  }

  beginCollect(lifter: LifterConfig | null): Promise<void> {
    return this.remote().beginCollect(lifter)
  }

  /** Frames are copied (the session keeps its own); a chunk of 16 at 128 px is ~2.4 MB. */
  liftFrames(frames: Frame[]): Promise<number> {
    return this.remote().liftFrames(frames)
  }

  addSplats(splats: SplatBatch): Promise<number> {
    return this.remote().addSplats(Comlink.transfer(splats, buffersOf(splats)))
  }

  encodeCollected(
    format: SplatExportFormat,
    extra: SplatBatch,
    options: SplatExportOptions = {},
  ): Promise<{ bytes: Uint8Array; splats: number }> {
    return this.remote().encodeCollected(format, Comlink.transfer(extra, buffersOf(extra)), options)
  }

  dispose(): void {
    this.api?.[Comlink.releaseProxy]()
    this.worker?.terminate()
    this.api = null
    this.worker = null
  }
}
