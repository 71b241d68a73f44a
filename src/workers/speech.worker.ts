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
import { withoutWake } from '../core/command'
import { WakeListener } from '../speech/wake-listener'

let recognizer: GrammarRecognizer | null = null
let wake: WakeListener | null = null

function ready(): GrammarRecognizer {
  if (!recognizer) throw new Error('speech worker: load() first')
  return recognizer
}

const api: SpeechWorkerApi = {
  async load(baseUrl, onProgress) {
    const assets = await fetchSpeechAssets(baseUrl, onProgress)
    const loaded = await createCommandRecognizer(assets)
    recognizer = loaded.recognizer
    wake = new WakeListener(recognizer)
    return { loadMs: loaded.loadMs, vocabulary: loaded.recognizer.vocabulary }
  },
  begin() {
    wake?.stop()
    ready().begin()
  },
  feed(samples) {
    return withoutWake(ready().feed(toInt16(samples)))
  },
  end() {
    const t0 = performance.now()
    const text = withoutWake(ready().end())
    return { text, ms: performance.now() - t0 }
  },
  listen(samples) {
    ready()
    return wake!.feed(toInt16(samples))
  },
  stopListening() {
    return wake?.stop() ?? null
  },
}

Comlink.expose(api)
