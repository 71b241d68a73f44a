/**
 * The prompt encoder: text to a region's style vector, placement and seed. `encodePrompt` uses the
 * offline lexicon; anything implementing PromptEncoder (a learned text encoder) can replace it.
 */
import type { EncodedPrompt } from './encoder'
import { LexiconPromptEncoder } from './lexicon-encoder'

export type { EncodedPrompt, PromptEncoder, RecognisedFeature } from './encoder'
export {
  IMAGE_STYLE_FEATURES,
  ImageStyleError,
  imageStyle,
  type ImageStyle,
  type PaletteColour,
  type Rgb,
  type RgbaImage,
} from './image-style'
export { LEXICON, type LexiconCategory, type LexiconEntry, type TintTarget } from './lexicon'
export { LexiconPromptEncoder } from './lexicon-encoder'
export { PLACEMENTS, extractPlacement, type Placement } from './placement'
export { promptSeed } from './seed'
export { tokenize } from './text'

let defaultEncoder: LexiconPromptEncoder | undefined

/** Encodes with the default lexicon encoder (built once, on first use). */
export function encodePrompt(text: string): EncodedPrompt {
  defaultEncoder ??= new LexiconPromptEncoder()
  return defaultEncoder.encode(text)
}
