/** A short, JSON-friendly description of an imported file, for `inspect` and the import dialog. */
import { boundsOf, type Bounds } from './imported'
import type { ImportedFile } from './read-file'

export interface FileSummary {
  format: string
  kind: 'splats' | 'world'
  version?: number
  splats?: number
  shDegree?: number
  /**
   * The SH degree the app draws (0: colour only). Bands above it were read, checked and dropped;
   * when shDegree > shDrawn the summary says so.
   */
  shDrawn?: number
  antialiased?: boolean
  /** spz v4 extension records, e.g. "0xadbe0003 adobe coordinate system (4 bytes)". */
  extensions?: string[]
  /** Splat-centre bounds, three.js axes, metres (rounded to millimetres). */
  bounds?: Bounds
  /** Mean opacity and colour, a quick sanity check that the data is not all zeros. */
  meanOpacity?: number
  meanColor?: [number, number, number]
  prompt?: string
  regions?: number
  /** World files: edits in the log. */
  edits?: number
  start?: { position: number[]; rotation: number[] }
}

const mm = (v: number): number => Math.round(v * 1000) / 1000

export function summarize(file: ImportedFile): FileSummary {
  if (file.kind === 'world') {
    const w = file.world
    return {
      format: 'json',
      kind: 'world',
      version: w.schemaVersion,
      edits: w.log.length,
      prompt: w.prompt,
      regions: w.regions.length,
      start: w.start,
    }
  }
  const s = file.splats
  const b = boundsOf(s)
  let op = 0
  const col: [number, number, number] = [0, 0, 0]
  for (let i = 0; i < s.count; i++) {
    op += s.opacities[i]!
    for (let c = 0; c < 3; c++) col[c]! += s.colors[3 * i + c]!
  }
  const k = s.count > 0 ? 1 / s.count : 0
  return {
    format: file.format,
    kind: 'splats',
    ...(file.version !== undefined ? { version: file.version } : {}),
    splats: s.count,
    shDegree: file.shDegree,
    shDrawn: 0,
    ...(file.extensions?.length
      ? {
          extensions: file.extensions.map(
            (e) => `0x${e.type.toString(16)}${e.name ? ` ${e.name}` : ''} (${e.bytes} bytes)`,
          ),
        }
      : {}),
    ...(file.antialiased !== undefined ? { antialiased: file.antialiased } : {}),
    bounds: { min: b.min.map(mm) as Bounds['min'], max: b.max.map(mm) as Bounds['max'] },
    meanOpacity: mm(op * k),
    meanColor: col.map((c) => mm(c * k)) as [number, number, number],
  }
}

/** The summary as a few human-readable lines. */
export function formatSummary(s: FileSummary): string {
  if (s.kind === 'world')
    return [`format   world json v${s.version}`, `prompt   ${JSON.stringify(s.prompt)}`, `regions  ${s.regions}`, `edits    ${s.edits}`,
      `start    ${s.start?.position.join(', ')}`].join('\n') // prettier-ignore
  const lines = [
    `format   ${s.format}${s.version !== undefined ? ` v${s.version}` : ''}`,
    `splats   ${s.splats}`,
    `SH       degree ${s.shDegree}${(s.shDegree ?? 0) > (s.shDrawn ?? 0) ? ` (bands above degree ${s.shDrawn ?? 0} read and dropped: the app draws colour only)` : ''}`,
    `bounds   min ${s.bounds?.min.join(', ')}  max ${s.bounds?.max.join(', ')} (m)`,
    `opacity  mean ${s.meanOpacity}`,
    `colour   mean ${s.meanColor?.join(', ')}`,
  ]
  if (s.antialiased !== undefined) lines.push(`antialiased ${s.antialiased}`)
  if (s.extensions?.length) lines.push(`extensions ${s.extensions.join('; ')}`)
  return lines.join('\n')
}
