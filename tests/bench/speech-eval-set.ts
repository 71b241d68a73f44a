import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { WAKE_PHRASE } from '../../src/core/command'
import { generateEvalSet, missingTools, type EvalRow } from '../data/speech/generate'
import { WAKE_COMMANDS } from '../data/speech/utterances'

/** Where the synthesized speech evaluation set lives (made on first use; not committed). */
export const EVAL_DIR = join(import.meta.dirname, '../output/speech-eval')
/** The wake set: the wake phrase, then a command, in the same voices (made on first use). */
export const WAKE_EVAL_DIR = join(import.meta.dirname, '../output/speech-eval-wake')

/**
 * The evaluation sets the speech benches share: read from their folder, or made there with flite,
 * espeak-ng and sox. Null, with one line saying what is missing, where it can be neither (CI has
 * none of the tools): the bench area is then skipped.
 */
export function openEvalSet(area: string, set: 'commands' | 'wake' = 'commands'): EvalRow[] | null {
  const dir = set === 'wake' ? WAKE_EVAL_DIR : EVAL_DIR
  const manifest = join(dir, 'manifest.json')
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as EvalRow[]
  const missing = missingTools()
  if (missing.length === 0)
    return set === 'wake'
      ? generateEvalSet(
          dir,
          WAKE_COMMANDS.map((c) => `${WAKE_PHRASE}, ${c}`),
          false,
        )
      : generateEvalSet(dir)
  console.error(
    `bench: ${area} skipped: ${missing.join(', ')} not installed (apt-get install flite espeak-ng sox)`,
  )
  return null
}
