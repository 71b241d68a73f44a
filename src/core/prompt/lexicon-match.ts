import type { LexiconEntry } from './lexicon'
import { phraseAt, singular, tokenize } from './text'

export interface LexiconMatch {
  entry: LexiconEntry
  /** Number of tokens the phrase covers. */
  length: number
}

/**
 * Longest-phrase lookup over a lexicon, indexed by the singular of each phrase's first word so a
 * prompt costs a handful of comparisons per token rather than a scan of every phrase.
 */
export class LexiconIndex {
  private readonly byFirst = new Map<string, { entry: LexiconEntry; phrase: string[] }[]>()

  constructor(entries: readonly LexiconEntry[]) {
    for (const entry of entries) {
      for (const text of entry.phrases) {
        const phrase = tokenize(text)
        if (phrase.length === 0) continue
        const key = singular(phrase[0])
        const list = this.byFirst.get(key) ?? []
        list.push({ entry, phrase })
        this.byFirst.set(key, list)
      }
    }
    // Longest first, so "snowy mountains" wins over "snowy"; stable sort keeps lexicon order on ties.
    for (const list of this.byFirst.values()) list.sort((a, b) => b.phrase.length - a.phrase.length)
  }

  /** The longest entry phrase starting at `start`, if any. */
  matchAt(tokens: readonly string[], start: number): LexiconMatch | undefined {
    const candidates = this.byFirst.get(singular(tokens[start] ?? ''))
    if (!candidates) return undefined
    for (const { entry, phrase } of candidates) {
      if (phraseAt(tokens, start, phrase)) return { entry, length: phrase.length }
    }
    return undefined
  }
}
