/**
 * What the import worker does: parse one file with the shared readers under hard limits. Errors
 * come back as data (a FormatError's code does not survive structured cloning), and the splat
 * arrays are transferred, not copied.
 */
import * as Comlink from 'comlink'
import {
  isFormatError,
  readSplatFile,
  type FormatErrorCode,
  type ImportedFile,
  type ImportLimits,
} from '../core/formats'

export type ImportResult =
  { ok: true; file: ImportedFile } | { ok: false; code: FormatErrorCode | 'internal'; message: string }

export interface ImportWorkerApi {
  parse(bytes: Uint8Array, name: string, limits: ImportLimits): Promise<ImportResult>
}

function transferables(file: ImportedFile): ArrayBuffer[] {
  if (file.kind !== 'splats') return []
  const s = file.splats
  return [s.centers, s.scales, s.quats, s.colors, s.opacities].map((a) => a.buffer as ArrayBuffer)
}

export const importWorkerApi: ImportWorkerApi = {
  async parse(bytes, name, limits) {
    try {
      const file = await readSplatFile(bytes, { name, limits })
      return Comlink.transfer({ ok: true, file }, transferables(file))
    } catch (err) {
      // Anything that is not a FormatError is a reader bug: report it, but as a failed import.
      if (isFormatError(err)) return { ok: false, code: err.code, message: err.message }
      return { ok: false, code: 'internal', message: err instanceof Error ? err.message : String(err) }
    }
  },
}
