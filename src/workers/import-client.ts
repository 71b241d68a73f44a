/**
 * Runs one import in a fresh worker with a deadline. On timeout the worker is terminated, so a
 * parse that runs away costs nothing after the deadline, and the current world is never touched:
 * the caller only receives splats once parsing has fully succeeded.
 */
import * as Comlink from 'comlink'
import { FormatError, importLimits, type ImportedFile, type ImportLimits } from '../core/formats'
import type { ImportWorkerApi } from './import-api'

/** A Worker or anything like one (a MessagePort with a terminate, in tests). */
export type ImportEndpoint = Comlink.Endpoint & { terminate(): void }

export interface ImportOptions {
  /** Creates the worker, e.g. `() => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' })`. */
  spawn: () => ImportEndpoint
  name?: string
  /** @default importLimits('standalone') */
  limits?: ImportLimits
  /**
   * Deadline for the whole parse, milliseconds. @default 20000
   * A 1M-splat .ply parses in about a second on a desktop; a headset is several times slower.
   */
  timeoutMs?: number
}

export async function importInWorker(bytes: Uint8Array, options: ImportOptions): Promise<ImportedFile> {
  const endpoint = options.spawn()
  const api = Comlink.wrap<ImportWorkerApi>(endpoint)
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    const ms = options.timeoutMs ?? 20_000
    timer = setTimeout(() => reject(new FormatError('timeout', `parsing took longer than ${ms} ms`)), ms)
  })
  try {
    // The bytes are transferred: the caller hands the file over and keeps nothing.
    const call = api.parse(
      Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]),
      options.name ?? '',
      options.limits ?? importLimits(),
    )
    const result = await Promise.race([call, deadline])
    if (!result.ok)
      throw result.code === 'internal'
        ? new Error(`import failed: ${result.message}`)
        : new FormatError(result.code, result.message)
    return result.file
  } finally {
    clearTimeout(timer)
    api[Comlink.releaseProxy]()
    endpoint.terminate()
  }
}
