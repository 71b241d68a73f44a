import { MODEL_FILES, SPEECH_ASSET_NAMES, type SpeechAssets } from './load-recognizer'
import { concatChunks } from '../core/concat-chunks'

/**
 * Fetches the recogniser's files (and RNNoise's wasm) from the app itself (about 13 MB: the browser's HTTP cache keeps
 * them after the first use), reporting the fraction of bytes received across all of them.
 */
export async function fetchSpeechAssets(
  baseUrl: string,
  onProgress: (fraction: number) => void = () => {},
): Promise<SpeechAssets> {
  const names = [
    SPEECH_ASSET_NAMES.script,
    SPEECH_ASSET_NAMES.wasm,
    SPEECH_ASSET_NAMES.dictionary,
    SPEECH_ASSET_NAMES.denoiser,
    ...MODEL_FILES.map((f) => `${SPEECH_ASSET_NAMES.model}/${f}`),
  ]
  const responses = await Promise.all(
    names.map(async (name) => {
      const url = new URL(name, baseUrl)
      const res = await fetch(url)
      if (!res.ok || !res.body) throw new Error(`speech model: ${url.pathname}: HTTP ${res.status}`)
      return res
    }),
  )
  const sizes = responses.map((r) => Number(r.headers.get('content-length') ?? 0))
  const total = sizes.reduce((a, b) => a + b, 0)
  let received = 0
  const bodies = await Promise.all(
    responses.map(async (res) => {
      const reader = res.body!.getReader()
      const parts: Uint8Array[] = []
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        parts.push(value)
        received += value.length
        if (total > 0) onProgress(Math.min(1, received / total))
      }
      return concatChunks(parts, (n) => new Uint8Array(n))
    }),
  )
  onProgress(1)
  const text = new TextDecoder()
  return {
    script: text.decode(bodies[0]),
    wasm: bodies[1]!,
    dictionary: text.decode(bodies[2]),
    denoiser: bodies[3]!,
    model: Object.fromEntries(MODEL_FILES.map((f, i) => [f, bodies[4 + i]!])),
  }
}
