import { longestPhraseAt, tokenize } from '../prompt/text'

/**
 * Speech is full of words that carry no command: hesitations, politeness, and ways of asking. They
 * are removed before the grammar looks at the utterance, so "um, could you please add a lake" and
 * "add a lake" parse alike.
 */

/** Removed wherever they occur. */
const ANYWHERE = new Set([
  'um',
  'umm',
  'uh',
  'uhh',
  'uhm',
  'er',
  'erm',
  'ah',
  'hmm',
  'hm',
  'please',
  'pls',
  'plz',
  'hey',
  'hi',
  'hello',
  'okay',
  'ok',
  'alright',
  'like',
  'just',
  'kindly',
  'worldwalk',
  'thanks',
])

/** Removed wherever they occur, as phrases. */
const ANYWHERE_PHRASES = ['you know', 'i mean', 'thank you', 'for me', 'for us', 'all right'].map(tokenize)

/** Ways of asking, removed only at the start (repeatedly: "okay so can you ..."). */
const LEADING_PHRASES = [
  'so',
  'well',
  'now',
  'and',
  'then',
  'yeah',
  'yes',
  'can you',
  'could you',
  'would you',
  'will you',
  'can we',
  'could we',
  'would you mind',
  'i want to',
  'i want',
  'i wanna',
  'i would like to',
  'i would like',
  'id like to',
  'id like',
  'i need you to',
  'i need',
  'lets',
  'let us',
  'go ahead and',
  'try to',
  'i said',
].map(tokenize)

/** Removed only at the end. */
const TRAILING = new Set(['now', 'too', 'thanks'])

export function stripFillers(tokens: readonly string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i < tokens.length;) {
    const phrase = longestPhraseAt(tokens, i, ANYWHERE_PHRASES, true)
    if (phrase > 0) i += phrase
    else if (ANYWHERE.has(tokens[i])) i++
    else kept.push(tokens[i++])
  }
  let start = 0
  for (let n = leading(kept, start); n > 0; n = leading(kept, start)) start += n
  let end = kept.length
  while (end > start && TRAILING.has(kept[end - 1])) end--
  return kept.slice(start, end)
}

function leading(tokens: readonly string[], start: number): number {
  return longestPhraseAt(tokens, start, LEADING_PHRASES, true)
}
