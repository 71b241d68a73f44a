import type { GrammarRecognizer } from './grammar-recognizer'
import { concatChunks } from '../core/concat-chunks'
import { saysWake, withoutWake } from '../core/command'

export interface WakeStep {
  /** Waiting for the wake phrase, or decoding the command that follows it. */
  state: 'waiting' | 'listening'
  /** The command heard so far (while listening), without the wake phrase. */
  hyp: string
  /** Set once, on the chunk that ends a command: what was heard ("" for nothing in the grammar). */
  command: string | null
}

export interface WakeOptions {
  sampleRate: number
  /** How much audio before the wake phrase was spotted is decoded again with the grammar, ms. */
  lookbackMs: number
  /** Quiet after speech that ends the command, ms. */
  silenceMs: number
  /** The longest command, ms: a command is ended here even if the room never goes quiet. */
  maxMs: number
}

const DEFAULTS: WakeOptions = { sampleRate: 16_000, lookbackMs: 1500, silenceMs: 700, maxMs: 7000 }

/** A chunk is speech when its RMS is this many times the quietest recent chunk's (about 10 dB). */
const SPEECH_OVER_FLOOR = 3
/** The noise floor never goes below this RMS (16-bit units), so digital silence is not "loud". */
const MIN_FLOOR = 30

/**
 * Hands-free listening: the recogniser's keyword search spots the wake phrase in a continuous
 * stream; then the last `lookbackMs` of audio (which holds the wake phrase and what followed it in
 * the same chunk) and the chunks after it are decoded against the command grammar, whose start
 * lets the wake phrase be said (see createCommandRecognizer), until the speaker goes quiet. The
 * keyword search gives no word times, hence the lookback rather than a cut at the phrase's end.
 */
export class WakeListener {
  private readonly options: WakeOptions
  private state: 'waiting' | 'listening' = 'waiting'
  private history: Int16Array[] = []
  private historyLength = 0
  private floor = Infinity
  private heardSpeech = false
  private quietSamples = 0
  private commandSamples = 0

  constructor(
    private readonly recognizer: GrammarRecognizer,
    options: Partial<WakeOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options }
    if (!recognizer.hasKeyword) throw new Error('wake listener: the recogniser has no wake phrase')
  }

  /** Decodes the next chunk of 16 kHz audio. */
  feed(samples: Int16Array): WakeStep {
    const level = rms(samples)
    if (this.state === 'waiting') {
      this.remember(samples)
      // The floor follows the quietest chunk while waiting, rising slowly so a room can get louder.
      this.floor = Math.max(MIN_FLOOR, Math.min(this.floor * 1.02, level))
      if (!this.recognizer.listening) this.recognizer.begin('keyword')
      const spotted = saysWake(this.recognizer.feed(samples))
      if (!spotted) return { state: 'waiting', hyp: '', command: null }
      this.recognizer.end()
      this.state = 'listening'
      this.heardSpeech = false
      this.quietSamples = 0
      this.commandSamples = 0
      this.recognizer.begin('grammar')
      const hyp = this.recognizer.feed(concatChunks(this.history, (n) => new Int16Array(n)))
      this.history = []
      this.historyLength = 0
      return { state: 'listening', hyp: withoutWake(hyp), command: null }
    }
    const hyp = withoutWake(this.recognizer.feed(samples))
    this.commandSamples += samples.length
    if (level > this.floor * SPEECH_OVER_FLOOR) {
      this.heardSpeech = true
      this.quietSamples = 0
    } else this.quietSamples += samples.length
    const ms = (n: number): number => (1000 * n) / this.options.sampleRate
    const done =
      (this.heardSpeech && ms(this.quietSamples) >= this.options.silenceMs) ||
      ms(this.commandSamples) >= this.options.maxMs
    if (!done) return { state: 'listening', hyp, command: null }
    return { state: 'waiting', hyp: '', command: this.stop() }
  }

  /** Ends whatever is under way; the command heard so far when listening, else null. */
  stop(): string | null {
    const was = this.state
    const text = this.recognizer.listening ? withoutWake(this.recognizer.end()) : ''
    this.state = 'waiting'
    return was === 'listening' ? text : null
  }

  private remember(samples: Int16Array): void {
    this.history.push(samples.slice())
    this.historyLength += samples.length
    const keep = (this.options.lookbackMs / 1000) * this.options.sampleRate
    while (this.history.length > 1 && this.historyLength - this.history[0]!.length >= keep)
      this.historyLength -= this.history.shift()!.length
  }
}

function rms(samples: Int16Array): number {
  let sum = 0
  for (const s of samples) sum += s * s
  return samples.length > 0 ? Math.sqrt(sum / samples.length) : 0
}
