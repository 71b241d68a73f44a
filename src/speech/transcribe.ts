import { parseCommand, type ParsedCommand } from '../core/command'
import type { GrammarRecognizer } from './grammar-recognizer'
import { toInt16 } from './pcm'
import { withoutWake } from '../core/command'

export interface Transcript {
  /** What the recogniser heard (a path of the command grammar), "" for nothing. */
  text: string
  command: ParsedCommand
  /** Decoding time, ms. */
  ms: number
}

/** One utterance (16 kHz mono float) to text and the command the typed grammar reads in it. */
export function transcribe(recognizer: GrammarRecognizer, samples: Float32Array): Transcript {
  const t0 = performance.now()
  const text = withoutWake(recognizer.decode(toInt16(samples)))
  const ms = performance.now() - t0
  return { text, command: parseCommand(text), ms }
}
