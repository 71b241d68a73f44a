/**
 * One entry point for every importable file, used by the app's import worker and the CLI alike:
 * sniffs the format from the bytes (the name only breaks ties: .splat has no magic) and runs
 * the matching reader under the given limits. Anything wrong surfaces as a FormatError.
 */
import { FormatError } from './format-error'
import { readGlb } from './glb'
import type { ImportedSplats } from './imported'
import { importLimits, type ImportLimits } from './limits'
import { readPly } from './ply'
import { readSplat } from './splat-file'
import { looksLikeSpz, readSpz } from './spz'
import { readWorldJson, type ImportedWorld } from './world-json'

export type ImportedFile = ImportedSplats | ImportedWorld
export type FileFormat = ImportedFile['format']

export interface ReadFileOptions {
  /** File name, for the extension (only consulted for headerless .splat files). */
  name?: string
  /** @default importLimits('standalone') */
  limits?: ImportLimits
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false
  return true
}

/** The format the bytes are in, or null when nothing matches. */
export function sniffFormat(bytes: Uint8Array, name = ''): FileFormat | null {
  if (looksLikeSpz(bytes)) return 'spz'
  if (startsWith(bytes, 'ply\n') || startsWith(bytes, 'ply\r\n')) return 'ply'
  if (startsWith(bytes, 'glTF')) return 'glb'
  let i = 0
  if (startsWith(bytes, '\ufeff')) i = 3
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++
  if (bytes[i] === 0x7b) return 'json'
  if (/\.splat$/i.test(name)) return 'splat'
  return null
}

export async function readSplatFile(bytes: Uint8Array, options: ReadFileOptions = {}): Promise<ImportedFile> {
  const limits = options.limits ?? importLimits()
  if (bytes.length > limits.maxBytes)
    throw new FormatError('too-large', `${bytes.length} bytes, over the ${limits.maxBytes}-byte limit`)
  const format = sniffFormat(bytes, options.name)
  switch (format) {
    case 'spz': return readSpz(bytes, limits)
    case 'ply': return readPly(bytes, limits)
    case 'glb': return readGlb(bytes, limits)
    case 'json': return readWorldJson(bytes, limits)
    case 'splat': return readSplat(bytes, limits)
    case null:
      throw new FormatError('unknown-format', 'not a .spz, .ply, .splat, .glb or world .json file')
  } // prettier-ignore
}
