import type { WordGraph } from '../core/command/word-graph'
import type { PronouncingDictionary } from './pronouncing-dictionary'
import { fromInt16, toInt16 } from './pcm'
import type { SphinxModule, SphinxRecognizer } from './sphinx-module'

/** log base of PocketSphinx's log probabilities (its -logbase default). */
const LOG_BASE = Math.log(1.0001)

/**
 * The graph as PocketSphinx transitions. Its FSG search follows only one null transition at a
 * time (files get their closure computed on load; a grammar added in code does not), so chains of
 * skipped optional parts are closed here: every state gets a direct null arc to every state its
 * null arcs reach, with the best product of their probabilities.
 */
export function fsgTransitions(graph: WordGraph): { from: number; to: number; logp: number; word: string }[] {
  const p = graph.probabilities()
  const out: { from: number; to: number; logp: number; word: string }[] = []
  const nulls = new Map<number, { to: number; logp: number }[]>()
  graph.arcs.forEach((a, i) => {
    const logp = Math.log(p[i]!)
    if (a.word) out.push({ from: a.from, to: a.to, logp: Math.round(logp / LOG_BASE), word: a.word })
    else nulls.set(a.from, [...(nulls.get(a.from) ?? []), { to: a.to, logp }])
  })
  for (const from of nulls.keys()) {
    const best = new Map<number, number>()
    const stack = [{ at: from, logp: 0 }]
    while (stack.length > 0) {
      const { at, logp } = stack.pop()!
      for (const n of nulls.get(at) ?? []) {
        const total = logp + n.logp
        if (total > (best.get(n.to) ?? -Infinity)) {
          best.set(n.to, total)
          stack.push({ at: n.to, logp: total })
        }
      }
    }
    for (const [to, logp] of best)
      if (to !== from) out.push({ from, to, logp: Math.round(logp / LOG_BASE), word: '' })
  }
  return out
}

/**
 * Audio processing in front of the decoder (the noise suppressor, denoise.ts): a stream over one
 * utterance that may hold samples back until end().
 */
export interface AudioFilter {
  /** The next 16 kHz samples; returns the processed samples ready so far. */
  push(samples: Float32Array): Float32Array
  /** Ends the utterance: the processed samples still held back. */
  end(): Float32Array
  dispose(): void
}

/** PocketSphinx settings, as `-name value` pairs; the defaults are its own. */
export type SphinxConfig = readonly (readonly [string, string])[]

/**
 * PocketSphinx decoding against a word graph (the spoken command grammar): only paths of the graph
 * can come out, so speech outside the grammar is heard as the nearest command or as nothing, never
 * as free text. Words the dictionary cannot pronounce are dropped from the graph (and listed).
 * Synchronous, like PocketSphinx: run it in a worker (speech.worker.ts) or a CLI. With a `filter`,
 * every sample it decodes (push-to-talk, wake listening, whole clips) goes through it first.
 */
export class GrammarRecognizer {
  /** Graph words with no pronunciation, left out of what can be heard. */
  readonly unpronounceable: readonly string[]
  readonly vocabulary: number
  private readonly grammarId: number
  private keywordId: number | null = null
  private inUtterance = false

  constructor(
    private readonly module: SphinxModule,
    dictionary: PronouncingDictionary,
    graph: WordGraph,
    config: SphinxConfig = [],
    private readonly filter: AudioFilter | null = null,
  ) {
    const c = new module.Config()
    for (const [k, v] of config) c.push_back([k, v])
    this.rec = new module.Recognizer(c)
    c.delete()
    const missing = graph.words().filter((w) => dictionary.pronounce(w).length === 0)
    this.unpronounceable = missing
    const heard = graph.filterWords((w) => dictionary.pronounce(w).length > 0)
    const words = heard.words()
    this.vocabulary = words.length
    const list = new module.VectorWords()
    for (const w of words) {
      dictionary.pronounce(w).forEach((phones, i) => list.push_back([i === 0 ? w : `${w}(${i + 1})`, phones]))
    }
    const wordsOk = this.rec.addWords(list) === module.ReturnType.SUCCESS
    list.delete()
    if (!wordsOk) throw new Error('pocketsphinx: could not add the grammar words')
    const transitions = new module.VectorTransitions()
    for (const t of fsgTransitions(heard)) transitions.push_back(t)
    const ids = new module.Integers()
    const ok =
      this.rec.addGrammar(ids, {
        start: heard.start,
        end: heard.end,
        numStates: heard.stateCount,
        transitions,
      }) === module.ReturnType.SUCCESS
    transitions.delete()
    this.grammarId = ids.get(0)
    ids.delete()
    if (!ok) throw new Error('pocketsphinx: the command grammar was refused')
  }

  private readonly rec: SphinxRecognizer

  /** Whether addKeyword has given it a wake phrase to spot. */
  get hasKeyword(): boolean {
    return this.keywordId !== null
  }

  /** Whether an utterance is under way (begun, not ended). */
  get listening(): boolean {
    return this.inUtterance
  }

  /**
   * Adds a keyword-spotting search for `phrase` (its words must be pronounceable); afterwards
   * begin('keyword') listens for it. Throws if the phrase cannot be spotted.
   */
  addKeyword(phrase: string, dictionary: PronouncingDictionary): void {
    const words = phrase.toLowerCase().split(/\s+/).filter(Boolean)
    const list = new this.module.VectorWords()
    for (const w of words) {
      const phones = dictionary.pronounce(w)[0]
      if (!phones) throw new Error(`wake phrase: cannot pronounce "${w}"`)
      list.push_back([w, phones])
    }
    this.rec.addWords(list)
    list.delete()
    const ids = new this.module.Integers()
    const ok = this.rec.addKeyword(ids, words.join(' ')) === this.module.ReturnType.SUCCESS
    this.keywordId = ids.get(0)
    ids.delete()
    if (!ok) throw new Error(`wake phrase "${phrase}" was refused`)
    this.rec.switchSearch(this.grammarId)
  }

  /** Starts an utterance against the command grammar (or the wake phrase). */
  begin(search: 'grammar' | 'keyword' = 'grammar'): void {
    if (this.inUtterance) {
      this.filter?.end()
      this.rec.stop()
    }
    const id = search === 'keyword' ? this.keywordId : this.grammarId
    if (id === null) throw new Error('no wake phrase was added')
    this.rec.switchSearch(id)
    if (this.rec.start() !== this.module.ReturnType.SUCCESS) throw new Error('pocketsphinx: could not start')
    this.inUtterance = true
  }

  /** Decodes more 16 kHz samples of the current utterance; returns the hypothesis so far. */
  feed(samples: Int16Array): string {
    if (!this.inUtterance) this.begin()
    this.process(this.filter ? toInt16(this.filter.push(fromInt16(samples))) : samples)
    return this.hypothesis()
  }

  /** Ends the utterance; returns the final hypothesis ("" when nothing in the grammar was heard). */
  end(): string {
    if (!this.inUtterance) return ''
    if (this.filter) this.process(toInt16(this.filter.end()))
    this.rec.stop()
    this.inUtterance = false
    return this.hypothesis()
  }

  /** One whole utterance. */
  decode(samples: Int16Array): string {
    this.begin()
    this.feed(samples)
    return this.end()
  }

  dispose(): void {
    this.rec.delete()
    this.filter?.dispose()
  }

  private process(samples: Int16Array): void {
    if (samples.length === 0) return
    const buffer = new this.module.AudioBuffer()
    for (let i = 0; i < samples.length; i++) buffer.push_back(samples[i]!)
    this.rec.process(buffer)
    buffer.delete()
  }

  private hypothesis(): string {
    return this.rec.getHyp().trim().replace(/\s+/g, ' ')
  }
}
