import type { StyleVector } from '../style'
import type { LexiconCategory } from './lexicon'
import type { Placement } from './placement'

/** One thing the encoder recognised, for the UI to echo back ("forest, sunset, misty"). */
export interface RecognisedFeature {
  /** The lexicon entry's name, e.g. "pine forest". */
  name: string
  category: LexiconCategory
  /** The words that matched, as normalised tokens, e.g. "pines". */
  phrase: string
  /** 1, or the intensifier's factor ("very" 1.5, "slightly" 0.5). */
  intensity: number
}

export interface EncodedPrompt {
  style: StyleVector
  /** Recognised entries in text order, negated ones excluded. */
  features: RecognisedFeature[]
  /** Words the encoder did not understand; they reached the seed only. */
  unknownWords: string[]
  /** Names of entries the text negated ("trees" for "no trees"). */
  negated: string[]
  /** Where the text asked for the region; never part of the style or the seed. */
  placement: Placement
  /** Region noise seed in [0, 2^16), a pure function of the descriptive words. */
  seed: number
}

/**
 * Text to a region style. This is the seam for a learned text encoder (a sentence-embedding model
 * with a head onto STYLE_FEATURES, run in the worker or at the edge): it implements the same method
 * and the rest of the app cannot tell. The offline default is LexiconPromptEncoder. Implementations
 * must be deterministic: the world document stores the prompt, and replays must rebuild the same
 * regions.
 */
export interface PromptEncoder {
  encode(text: string): EncodedPrompt
}
