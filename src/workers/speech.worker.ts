/**
 * The on-device speech worker: PocketSphinx (wasm) decoding the command grammar, over comlink.
 * PocketSphinx is synchronous, so it lives here and the main thread only posts audio chunks.
 */
import * as Comlink from 'comlink'
import { fetchSpeechAssets } from '../speech/fetch-assets'
import type { GrammarRecognizer } from '../speech/grammar-recognizer'
import { createCommandRecognizer } from '../speech/load-recognizer'
import { toInt16 } from '../speech/pcm'
import type { SpeechWorkerApi } from '../speech/speech-worker-api'

let recognizer: GrammarRecognizer | null = null

function ready(): GrammarRecognizer {
  if (!recognizer) throw new Error('speech worker: load() first')
  return recognizer
}

const api: SpeechWorkerApi = {
  async load(baseUrl, onProgress) {
    const assets = await fetchSpeechAssets(baseUrl, onProgress)
    const loaded = await createCommandRecognizer(assets)
    recognizer = loaded.recognizer
    return { loadMs: loaded.loadMs, vocabulary: loaded.recognizer.vocabulary }
  },
  begin() {
    ready().begin()
  },
  feed(samples) {
    return ready().feed(toInt16(samples))
  },
  end() {
    const t0 = performance.now()
    const text = ready().end()
    return { text, ms: performance.now() - t0 }
  },
}

Comlink.expose(api)
