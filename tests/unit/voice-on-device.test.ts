import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { GraphBuilder } from '../../models/build/graph'
import { ctcGreedyDecode, parseVocabulary } from '../../src/app/voice/ctc-decode'
import { OnDeviceSpeechInput, type AudioCapture } from '../../src/app/voice/onnx-speech-input'
import { loadSpeechModel, SPEECH_SAMPLE_RATE, type OrtSpeechRuntime } from '../../src/app/voice/speech-model'

/** 10 ms steps at 16 kHz, as common CTC acoustic models take them. */
const HOP = 160
const VOCAB = { tokens: ['<blank>', '|', 'a', 'd', 'e', 'k', 'l'], blank: 0, wordDelimiter: '|' }
/** The "acoustic code" of each token: this toy model hears a step's mean level as a token. */
const code = (i: number): number => (i + 1) / 10

/**
 * A tiny speech model that follows the contract (float32 PCM [1, N] -> logits [1, T, V]) with a
 * handful of ONNX ops: frame the audio into 10 ms steps (Reshape), take each step's mean level
 * (MatMul by 1/HOP), and score every token by how close that level is to its code (Sub, Mul,
 * Neg). Not a learned model, but real ops, real shapes and a dynamic length, run by ORT.
 */
function tinySpeechModel(): Uint8Array {
  const g = new GraphBuilder('tiny-ctc')
  const pcm = g.input('pcm', [1, 'N'])
  const steps = g.reshape(pcm, [1, -1, HOP])
  const mean = g.matmul(steps, g.constant(new Array<number>(HOP).fill(1 / HOP), [HOP, 1]))
  const codes = g.constant(
    VOCAB.tokens.map((_, i) => code(i)),
    [VOCAB.tokens.length],
  )
  const d = g.sub(mean, codes)
  const logits = g.mul(g.mul(d, d), -1)
  g.output(logits, 'logits', [1, 'T', VOCAB.tokens.length])
  return g.toBytes({ producerVersion: 'test', docString: 'toy CTC speech model for tests' })
}

/** PCM that this model hears as `text`: 3 steps per character, a blank step between characters. */
function speak(text: string): Float32Array {
  const ids: number[] = []
  for (const ch of text) {
    const i = VOCAB.tokens.indexOf(ch === ' ' ? '|' : ch)
    if (i < 0) throw new Error(`no token for ${ch}`)
    ids.push(i, i, i, 0)
  }
  const pcm = new Float32Array(ids.length * HOP)
  ids.forEach((id, s) => pcm.fill(code(id), s * HOP, (s + 1) * HOP))
  return pcm
}

const runtime = ort as unknown as OrtSpeechRuntime

describe('greedy CTC decoding', () => {
  const v = parseVocabulary(VOCAB)
  const logitsOf = (ids: number[]): Float32Array => {
    const out = new Float32Array(ids.length * v.tokens.length).fill(-5)
    ids.forEach((id, t) => (out[t * v.tokens.length + id] = 5))
    return out
  }
  it.each([
    { ids: [2, 2, 0, 3, 3, 0, 3], text: 'add', why: 'a blank keeps a doubled letter' },
    { ids: [2, 3, 3, 3], text: 'ad', why: 'a run collapses to one' },
    { ids: [0, 0, 6, 1, 1, 2, 0], text: 'l a', why: 'the delimiter is a space, blanks vanish' },
    { ids: [1, 0, 2, 1], text: 'a', why: 'spaces are trimmed' },
    { ids: [], text: '', why: 'nothing heard' },
  ])('$why', ({ ids, text }) => {
    expect(ctcGreedyDecode(logitsOf(ids), ids.length, v)).toBe(text)
  })
  it('rejects a vocabulary that does not fit', () => {
    expect(() => parseVocabulary({ tokens: 'abc' })).toThrow(/tokens/)
    expect(() => parseVocabulary({ tokens: ['a'], blank: 3 })).toThrow(/blank/)
    expect(() => ctcGreedyDecode(new Float32Array(5), 1, v)).toThrow(/expected/)
  })
})

describe('on-device speech model (onnxruntime-node)', () => {
  it('loads a model that follows the contract and transcribes its audio', async () => {
    const model = await loadSpeechModel(runtime, tinySpeechModel(), VOCAB)
    expect(await model.transcribe(speak('add a lake'))).toBe('add a lake')
    expect(await model.transcribe(new Float32Array(0))).toBe('')
    await model.dispose()
  })

  it('refuses a vocabulary whose size does not match the logits', async () => {
    const model = await loadSpeechModel(runtime, tinySpeechModel(), { tokens: ['<blank>', 'a'] })
    await expect(model.transcribe(speak('a'))).rejects.toThrow(/does not match/)
  })

  it('runs behind SpeechInput: push, talk, release -> interim then the final line', async () => {
    const model = await loadSpeechModel(runtime, tinySpeechModel(), VOCAB)
    const audio = speak('add a lake')
    let recorded = 0
    // A scripted microphone: every snapshot "has recorded" a little more of the utterance.
    const capture: AudioCapture = {
      start: async () => {},
      snapshot: () => audio.subarray(0, (recorded = Math.min(audio.length, recorded + 8 * HOP))),
      stop: () => Promise.resolve(audio),
    }
    const input = new OnDeviceSpeechInput(model, capture, { interimMs: 5 })
    const interim: string[] = []
    const done = new Promise<string>((resolve, reject) => {
      input.on({ interim: (t) => interim.push(t), final: resolve, error: (c) => reject(new Error(c)) })
    })
    input.start()
    await new Promise((r) => setTimeout(r, 80))
    input.stop()
    expect(await done).toBe('add a lake')
    expect(interim.length).toBeGreaterThan(0)
    expect('add a lake'.startsWith(interim[0]!)).toBe(true)
    expect(SPEECH_SAMPLE_RATE).toBe(16_000)
  })

  it('reports a refused microphone as not-allowed', async () => {
    const model = await loadSpeechModel(runtime, tinySpeechModel(), VOCAB)
    const denied = Object.assign(new Error('denied'), { name: 'NotAllowedError' })
    const input = new OnDeviceSpeechInput(model, {
      start: () => Promise.reject(denied),
      stop: () => Promise.resolve(new Float32Array(0)),
    })
    const code = new Promise((resolve) => input.on({ error: resolve }))
    input.start()
    expect(await code).toBe('not-allowed')
  })
})
