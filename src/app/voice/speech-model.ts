import { ctcGreedyDecode, parseVocabulary, type SpeechVocabulary } from './ctc-decode'

/**
 * The contract of an on-device speech model (docs/speech-model.md):
 * - one float32 input, mono PCM at 16 kHz in [-1, 1], shape [1, N] (N free);
 * - one float32 output, per-step token logits (or log-probabilities), shape [1, T, V];
 * - a vocabulary JSON (ctc-decode.ts) whose `tokens` has V entries; decoding is greedy CTC.
 * The first input and the first output are used, whatever their names.
 */
export const SPEECH_SAMPLE_RATE = 16_000

/** The parts of onnxruntime (node or web) this uses, so either can be passed in. */
export interface OrtSpeechRuntime {
  InferenceSession: {
    create(model: Uint8Array): Promise<OrtSpeechSession>
  }
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown
}
export interface OrtSpeechSession {
  readonly inputNames: readonly string[]
  readonly outputNames: readonly string[]
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dims: readonly number[] }>>
  release?(): Promise<void>
}

/** A loaded speech model: audio in, text out. */
export interface SpeechModel {
  transcribe(pcm: Float32Array): Promise<string>
  dispose(): Promise<void>
}

/**
 * Loads a user-supplied speech model. Checks the output shape against the vocabulary on every
 * run, because a model/vocabulary mismatch otherwise decodes to confident nonsense.
 */
export async function loadSpeechModel(
  ort: OrtSpeechRuntime,
  model: Uint8Array,
  vocabulary: unknown,
): Promise<SpeechModel> {
  const vocab: SpeechVocabulary = parseVocabulary(vocabulary)
  const session = await ort.InferenceSession.create(model)
  const input = session.inputNames[0]
  const output = session.outputNames[0]
  if (!input || !output) throw new TypeError('speech model: needs one input and one output')
  return {
    async transcribe(pcm) {
      if (pcm.length === 0) return ''
      const result = await session.run({ [input]: new ort.Tensor('float32', pcm, [1, pcm.length]) })
      const out = result[output]!
      const dims = out.dims
      if (dims.length !== 3 || dims[0] !== 1 || dims[2] !== vocab.tokens.length)
        throw new RangeError(
          `speech model: output shape [${dims.join(', ')}] does not match [1, T, ${vocab.tokens.length}]`,
        )
      if (!(out.data instanceof Float32Array)) throw new TypeError('speech model: output must be float32')
      return ctcGreedyDecode(out.data, dims[1]!, vocab)
    },
    async dispose() {
      await session.release?.()
    },
  }
}
