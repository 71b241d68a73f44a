/**
 * The vocabulary file of an on-device speech model (JSON): `tokens[i]` is the text of logit
 * column i; `blank` is the CTC blank's index (default 0); `wordDelimiter` is the token that
 * stands for a space (default "|", as wav2vec2-style character vocabularies use).
 */
export interface SpeechVocabulary {
  tokens: string[]
  blank?: number
  wordDelimiter?: string
}

/** Checks a parsed vocabulary JSON; throws with the field at fault. */
export function parseVocabulary(data: unknown): SpeechVocabulary {
  const o = data as Partial<SpeechVocabulary> | null
  if (
    !o ||
    typeof o !== 'object' ||
    !Array.isArray(o.tokens) ||
    !o.tokens.every((t) => typeof t === 'string')
  )
    throw new TypeError('speech vocabulary: "tokens" must be an array of strings')
  if (o.blank !== undefined && (!Number.isInteger(o.blank) || o.blank < 0 || o.blank >= o.tokens.length))
    throw new TypeError('speech vocabulary: "blank" must index "tokens"')
  if (o.wordDelimiter !== undefined && typeof o.wordDelimiter !== 'string')
    throw new TypeError('speech vocabulary: "wordDelimiter" must be a string')
  return { tokens: o.tokens, blank: o.blank ?? 0, wordDelimiter: o.wordDelimiter ?? '|' }
}

/**
 * Greedy CTC decoding of logits [T, V] (row-major, one utterance): the best token per time
 * step, runs of the same token collapsed to one, blanks dropped (a blank between two equal
 * tokens keeps both: that is how CTC spells "dd"), the word delimiter read as a space.
 */
export function ctcGreedyDecode(logits: Float32Array, steps: number, vocab: SpeechVocabulary): string {
  const v = vocab.tokens.length
  if (logits.length !== steps * v)
    throw new RangeError(`logits hold ${logits.length} values, expected ${steps} x ${v}`)
  const blank = vocab.blank ?? 0
  const delim = vocab.wordDelimiter ?? '|'
  let out = ''
  let prev = -1
  for (let t = 0; t < steps; t++) {
    let best = 0
    let bestScore = -Infinity
    for (let k = 0; k < v; k++) {
      const s = logits[t * v + k]!
      if (s > bestScore) {
        bestScore = s
        best = k
      }
    }
    if (best !== prev && best !== blank) {
      const tok = vocab.tokens[best]!
      out += tok === delim ? ' ' : tok
    }
    prev = best
  }
  return out.replace(/\s+/g, ' ').trim()
}
