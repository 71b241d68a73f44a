/**
 * A finite-state word graph: what a speech recogniser may hear, as states joined by arcs that each
 * say one word (or nothing). It is the shape PocketSphinx calls an FSG; building it here, in core,
 * lets tests walk every kind of path and check that the typed grammar reads each one the same way.
 */
export interface WordArc {
  from: number
  to: number
  /** One lower-case token, or null for an arc that says nothing (an optional part). */
  word: string | null
  /**
   * How likely this arc is against the other arcs leaving `from` (relative; the recogniser turns
   * them into probabilities). Only the first arc of a phrase carries its share; the rest are 1.
   */
  weight: number
}

export class WordGraph {
  readonly start = 0
  readonly end = 1
  readonly arcs: WordArc[] = []
  private count = 2
  private readonly seen = new Set<string>()

  get stateCount(): number {
    return this.count
  }

  state(): number {
    return this.count++
  }

  /** An arc that says nothing, so whatever lies between `from` and `to` may be skipped. */
  skip(from: number, to: number, weight = 1): void {
    this.arc(from, to, null, weight)
  }

  /**
   * Each phrase as its own chain of states from `from` to `to`; duplicates are added once. The
   * list shares `weight` equally, so a long list of synonyms is not more likely than one word.
   */
  phrases(from: number, to: number, list: readonly (readonly string[])[], weight = 1): void {
    const share = weight / Math.max(1, list.length)
    for (const phrase of list) {
      if (phrase.length === 0) {
        this.skip(from, to, share)
        continue
      }
      const key = `${from}>${to}:${phrase.join(' ')}`
      if (this.seen.has(key)) continue
      this.seen.add(key)
      let at = from
      phrase.forEach((word, i) => {
        const next = i === phrase.length - 1 ? to : this.state()
        this.arc(at, next, word, i === 0 ? share : 1)
        at = next
      })
    }
  }

  /** Every distinct word the graph can say. */
  words(): string[] {
    const out = new Set<string>()
    for (const a of this.arcs) if (a.word) out.add(a.word)
    return [...out].sort()
  }

  /** Keeps only arcs whose word passes `keep` (a recogniser drops words it cannot pronounce). */
  filterWords(keep: (word: string) => boolean): WordGraph {
    const out = new WordGraph()
    out.count = this.count
    for (const a of this.arcs) if (a.word === null || keep(a.word)) out.arcs.push(a)
    return out
  }

  /** Each arc's probability among the arcs leaving its state (weights normalised per state). */
  probabilities(): number[] {
    const total = new Map<number, number>()
    for (const a of this.arcs) total.set(a.from, (total.get(a.from) ?? 0) + a.weight)
    return this.arcs.map((a) => a.weight / total.get(a.from)!)
  }

  private arc(from: number, to: number, word: string | null, weight: number): void {
    this.arcs.push({ from, to, word, weight })
  }
}

/**
 * A random path from start to end, as words (for tests and for the evaluation set's sentences).
 * `random` returns [0, 1). Gives up (undefined) after `maxWords` words or at a dead end.
 */
export function samplePath(graph: WordGraph, random: () => number, maxWords = 40): string[] | undefined {
  const out = new Map<number, WordArc[]>()
  for (const a of graph.arcs) out.set(a.from, [...(out.get(a.from) ?? []), a])
  const words: string[] = []
  let at = graph.start
  for (let steps = 0; steps < 10 * maxWords; steps++) {
    const choices = out.get(at) ?? []
    if (at === graph.end && (choices.length === 0 || random() < 0.5)) return words
    if (choices.length === 0) return undefined
    // A skip half the time where there is one, or optional loops ("um um um ...") never end.
    const skips = choices.filter((a) => a.word === null)
    const pool = skips.length > 0 && random() < 0.5 ? skips : choices
    const arc = pool[Math.floor(random() * pool.length)]!
    if (arc.word) words.push(arc.word)
    if (words.length > maxWords) return undefined
    at = arc.to
  }
  return undefined
}
