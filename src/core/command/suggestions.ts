import type { EncodedPrompt } from '../prompt'
import { MOOD_CATEGORIES } from './mood'

/** One example per kind of command, so a person who was not understood sees what does work. */
const EXAMPLES = [
  'create a misty pine forest at sunset',
  'add a lake over there',
  'make it night',
  'undo',
] as const

/**
 * Two or three commands to offer after "didn't understand". When part of the utterance was
 * recognised ("is it night?"), the first suggestion is the command it was probably meant to be.
 */
export function suggestCommands(recognised?: EncodedPrompt): string[] {
  const out: string[] = []
  const feature = recognised?.features[0]
  if (feature)
    out.push(
      MOOD_CATEGORIES.has(feature.category) ? `make it ${feature.name}` : `add ${feature.name} over there`,
    )
  for (const example of EXAMPLES) if (out.length < 3 && !out.includes(example)) out.push(example)
  return out
}
