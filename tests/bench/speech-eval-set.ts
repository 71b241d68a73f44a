import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateEvalSet, missingTools, type EvalRow } from '../data/speech/generate'

/** Where the synthesized speech evaluation set lives (made on first use; not committed). */
export const EVAL_DIR = join(import.meta.dirname, '../output/speech-eval')

/**
 * The evaluation set the speech benches share: read from EVAL_DIR, or made there with flite,
 * espeak-ng and sox. Null, with one line saying what is missing, where it can be neither (CI has
 * none of the tools): the bench area is then skipped.
 */
export function openEvalSet(area: string): EvalRow[] | null {
  const manifest = join(EVAL_DIR, 'manifest.json')
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as EvalRow[]
  const missing = missingTools()
  if (missing.length === 0) return generateEvalSet(EVAL_DIR)
  console.error(
    `bench: ${area} skipped: ${missing.join(', ')} not installed (apt-get install flite espeak-ng sox)`,
  )
  return null
}
