import { longestPhraseAt, phraseAt, tokenize } from '../prompt/text'

/**
 * Speech is full of words that carry no command: hesitations, politeness, and ways of asking. They
 * are removed before the grammar looks at the utterance, so "um, could you please add a lake" and
 * "add a lake" parse alike.
 */

/** Removed wherever they occur. */
export const ANYWHERE = new Set([
  'um',
  'umm',
  'uh',
  'ugh',
  'oops',
  'maybe',
  'perhaps',
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
export const ANYWHERE_PHRASES = ['you know', 'i mean', 'thank you', 'for me', 'for us', 'all right'].map(
  tokenize,
)

/** Ways of asking, removed only at the start (repeatedly: "okay so can you ..."). */
export const LEADING_PHRASES = [
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
  'would you be so kind as to',
  'be so kind as to',
  'do me a favour and',
  'do me a favor and',
  'if you could',
  'if you would',
  'i would love',
  'i would love to',
  'id love',
  'id love to',
  'i would really like',
  'i would',
  'i would really',
  'id',
  'i think',
  'i reckon',
  'i guess',
  'how about',
  'what about',
  'lets have',
  'can i get',
  'can i have',
  'could i get',
  'could i have',
  'can we get',
  'can we have',
].map(tokenize)

/** Removed only at the end. */
export const TRAILING = new Set(['now', 'too', 'thanks', 'instead'])

/** Removed only at the end, as phrases: "a lake would be nice". */
export const TRAILING_PHRASES = [
  'would be nice',
  'would be great',
  'would be cool',
  'would look great',
  'would look nice',
  'would look good',
  'would be good',
  'would be lovely',
  'if you can',
  'if you could',
  'if possible',
  'if you dont mind',
  'in here',
  'for a change',
].map(tokenize)

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
  for (let trimmed = true; trimmed && end > start;) {
    trimmed = false
    if (TRAILING.has(kept[end - 1]!)) {
      end--
      trimmed = true
    }
    for (const p of TRAILING_PHRASES) {
      if (end - p.length >= start && phraseAt(kept, end - p.length, p, true)) {
        end -= p.length
        trimmed = true
        break
      }
    }
  }
  return kept.slice(start, end)
}

function leading(tokens: readonly string[], start: number): number {
  return longestPhraseAt(tokens, start, LEADING_PHRASES, true)
}
