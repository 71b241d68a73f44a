import type { EncodedPrompt } from '../prompt'

/** Lexicon categories that change how the world looks now rather than what is in it. */
export const MOOD_CATEGORIES: ReadonlySet<string> = new Set(['time', 'weather', 'season'])

/** Whether everything the description names is a mood ("a sunset", "rain", "winter"). */
export function namesOnlyMood(prompt: EncodedPrompt): boolean {
  return prompt.features.length > 0 && prompt.features.every((f) => MOOD_CATEGORIES.has(f.category))
}
