/**
 * The hands-free wake phrase: "okay world, add a lake over there". Two words, both in cmudict (OW2 K EY1,
 * W ER1 L D): "world" alone woke on commands said without it ("make a world", "save the world",
 * and any word near it) about 11 times a minute of speech, and 36 in noise, each wake carrying
 * out what followed; "okay world" woke on none of the same clips (tests/bench/wake.bench.ts).
 */
export const WAKE_PHRASE = 'okay world'
const WAKE_WORDS = WAKE_PHRASE.split(' ')

/** The hypothesis without the wake phrase(s) said before the command. */
export function withoutWake(hyp: string): string {
  const words = hyp.split(' ').filter(Boolean)
  let i = 0
  while (wakeAt(words, i) === i) i += WAKE_WORDS.length
  return words.slice(i).join(' ')
}

/** True when `text` holds the wake phrase, word for word ("save the world" does not). */
export function saysWake(text: string): boolean {
  return wakeAt(text.toLowerCase().split(/[^a-z']+/), -1) >= 0
}

/** Where the wake phrase starts in `words`: at `at` only (-1: anywhere), or -1 if not there. */
export function wakeAt(words: readonly string[], at: number): number {
  const from = at < 0 ? 0 : at
  const to = at < 0 ? words.length - WAKE_WORDS.length : at
  for (let i = from; i <= to; i++) if (WAKE_WORDS.every((w, k) => words[i + k] === w)) return i
  return -1
}
