/**
 * Text normalisation shared by the prompt encoder and the command grammar. Everything downstream
 * works on these tokens, which is what makes both case- and punctuation-insensitive.
 */

/** Lower-case word tokens: accents folded, apostrophes dropped ("what's" -> "whats"), everything else splits. */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      // Combining marks left by NFKD: "café" and "cafe" must be the same word.
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      // Contractions stay one token so "there's" is not mistaken for the placement word "there".
      .replace(/['\u2018\u2019`]/g, '')
      .split(/[^a-z0-9]+/)
      .filter((t) => t.length > 0)
  )
}

/**
 * A crude singular form, applied to both the lexicon and the input, so "dunes", "marshes" and
 * "volcanoes" match their singular entries without listing every plural. Words that only look
 * plural ("grass", "oasis", "cactus") are left alone.
 */
export function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`
  if (word.length > 4 && /(?:ches|shes|sses|xes|oes)$/.test(word)) return word.slice(0, -2)
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1)
  return word
}

/**
 * Does `phrase` (already tokenized) occur in `tokens` at `start`? Plural-insensitive unless `exact`
 * (grammar words such as "lets" or "yes" are not plurals).
 */
export function phraseAt(
  tokens: readonly string[],
  start: number,
  phrase: readonly string[],
  exact = false,
): boolean {
  if (start + phrase.length > tokens.length) return false
  const fold = exact ? (w: string) => w : singular
  for (let j = 0; j < phrase.length; j++) {
    if (fold(tokens[start + j]) !== fold(phrase[j])) return false
  }
  return true
}

/** Length of the longest of `phrases` at `start`, or 0. */
export function longestPhraseAt(
  tokens: readonly string[],
  start: number,
  phrases: readonly (readonly string[])[],
  exact = false,
): number {
  let best = 0
  for (const p of phrases) if (p.length > best && phraseAt(tokens, start, p, exact)) best = p.length
  return best
}
