import { LazySpeechInput } from './lazy-speech-input'
import { MicCapture } from './mic-capture'
import { OnDeviceSpeechInput } from './onnx-speech-input'
import type { SpeechInput } from './speech-input'
import { loadSpeechModel, type OrtSpeechRuntime } from './speech-model'
import { SphinxSpeechInput } from './sphinx-speech-input'
import { WebSpeechInput } from './web-speech-input'

/**
 * `?speech=<model.onnx url>&speechVocab=<vocab.json url>`: use a speech model on this device
 * (docs/speech-model.md) instead of the browser's Web Speech API. Both urls are needed.
 */
export function speechFlags(search: string): { model: string; vocab: string } | null {
  const p = new URLSearchParams(search)
  const model = p.get('speech')
  const vocab = p.get('speechVocab')
  return model && vocab ? { model, vocab } : null
}

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  return res
}

/**
 * The recogniser for this page: on-device PocketSphinx by default (no audio leaves the device);
 * `?speech=web` picks the browser's Web Speech API (Chrome sends the audio to Google's service);
 * `?speech=<model.onnx>&speechVocab=<vocab.json>` a user-supplied ONNX model.
 */
export function chooseSpeechInput(search: string = location.search): SpeechInput {
  if (new URLSearchParams(search).get('speech') === 'web') return new WebSpeechInput()
  const flags = speechFlags(search)
  if (!flags) return new SphinxSpeechInput()
  return new LazySpeechInput('on-device', async () => {
    const [ort, model, vocab] = await Promise.all([
      import('onnxruntime-web/wasm'),
      fetchOk(flags.model).then(async (r) => new Uint8Array(await r.arrayBuffer())),
      fetchOk(flags.vocab).then((r) => r.json() as Promise<unknown>),
    ])
    const speech = await loadSpeechModel(ort as unknown as OrtSpeechRuntime, model, vocab)
    return new OnDeviceSpeechInput(speech, new MicCapture())
  })
}
