/**
 * `npm run --silent cli -- inspect FILE [--json] [--device standalone|desktop]`
 *
 * Parses a .spz, .ply, .splat, .glb or world .json with the readers the app's import worker uses
 * (core/formats) and prints a summary: format, splat count, bounds, SH degree. A file the app
 * would refuse prints one line, `worldwalk inspect: FILE: <code>: <reason>`, and exits 1.
 */
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import {
  formatSummary,
  importLimits,
  isFormatError,
  readSplatFile,
  summarize,
  type DeviceClass,
} from '../core/formats'
import { parseFlags, UsageError } from './flags'

export async function runInspect(argv: string[]): Promise<number> {
  let file: string
  let json: boolean
  let device: DeviceClass
  try {
    const f = parseFlags(argv, ['--device'], ['--json'])
    if (f.positional.length !== 1) throw new UsageError('give exactly one FILE to inspect')
    file = f.positional[0]!
    json = f.switches.has('--json')
    const d = f.values.get('--device') ?? 'desktop'
    if (d !== 'standalone' && d !== 'desktop') throw new UsageError('--device must be standalone or desktop')
    device = d
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`worldwalk inspect: ${err.message}`)
    return 2
  }
  const limits = importLimits(device)
  try {
    // Check the size before reading, so a huge file is refused without loading it.
    const size = (await stat(file)).size
    if (size > limits.maxBytes) {
      console.error(
        `worldwalk inspect: ${file}: too-large: ${size} bytes, over the ${limits.maxBytes}-byte limit`,
      )
      return 1
    }
    const parsed = await readSplatFile(new Uint8Array(await readFile(file)), { name: basename(file), limits })
    const summary = summarize(parsed)
    console.log(json ? JSON.stringify({ file, ...summary }) : `${file}\n${formatSummary(summary)}`)
    return 0
  } catch (err) {
    if (isFormatError(err)) {
      console.error(`worldwalk inspect: ${file}: ${err.code}: ${err.message}`)
      return 1
    }
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      console.error(`worldwalk inspect: ${file}: cannot read (${code})`)
      return 1
    }
    throw err
  }
}
