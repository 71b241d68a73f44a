/**
 * The hands-free wake phrase: "okay world, add a lake over there". Two words, both in cmudict
 * (OW2 K EY1, W ER1 L D): "world" alone woke on commands said without it ("make a world", "save
 * the world", any word near it) about 5 times a minute of speech, clean or in noise, and each wake
 * carries out what follows; "okay world" woke on almost none of the same clips
 * (tests/bench/wake.bench.ts).
 */
export const WAKE_PHRASE = 'okay world'
const WAKE_WORDS = WAKE_PHRASE.split(' ')

/** The hypothesis without the wake phrase(s) said before the command. */
export function withoutWake(hyp: string): string {
  const words = hyp.split(' ').filter(Boolean)
  let i = 0
  while (wakeAt(words, i)) i += WAKE_WORDS.length
  return words.slice(i).join(' ')
}

/** True when `text` holds the wake phrase, word for word ("save the world" does not). */
export function saysWake(text: string): boolean {
  const words = text.toLowerCase().split(/[^a-z']+/)
  return words.some((_, i) => wakeAt(words, i))
}

function wakeAt(words: readonly string[], at: number): boolean {
  return WAKE_WORDS.every((w, k) => words[at + k] === w)
}
