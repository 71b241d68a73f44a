import { LEXICON, type EncodedPrompt, type LexiconEntry, type TintTarget } from '../prompt'
import { DEFAULT_STYLE, STYLE_FEATURES, STYLE_INDEX, type StyleFeature } from '../style'
import type { StylePatch } from './edit'

const TINT_CHANNELS: Readonly<Record<TintTarget, readonly StyleFeature[]>> = {
  ground: ['groundR', 'groundG', 'groundB'],
  foliage: ['foliageR', 'foliageG', 'foliageB'],
  rock: ['rockR', 'rockG', 'rockB'],
  water: ['waterR', 'waterG', 'waterB'],
}

/**
 * The style features a prompt talks about, with the values it gives them: what a restyle sets,
 * leaving every other feature of the restyled regions alone ("make it night" moves the sun and
 * nothing else). A lexicon entry names its features (`values`, tinted channels, `negates`); a
 * feature from another encoder (a learned one has no lexicon names) falls back to "every feature
 * the prompt moved away from the default".
 *
 * Values are the prompt's own (applied to the default style), not re-applied to each region: a
 * modifier's strength then acts from the default, which keeps a restyle idempotent and the same
 * everywhere it lands.
 */
export function stylePatchOf(prompt: EncodedPrompt, lexicon: readonly LexiconEntry[] = LEXICON): StylePatch {
  const byName = new Map(lexicon.map((e) => [e.name, e]))
  const named = new Set<StyleFeature>()
  let unnamed = false
  const surfaces = prompt.features.flatMap((f) => {
    const e = byName.get(f.name)
    return e && e.category !== 'colour' ? (e.tint ?? []) : []
  })
  for (const f of prompt.features) {
    const e = byName.get(f.name)
    if (!e) {
      unnamed = true
      continue
    }
    for (const k of Object.keys(e.values)) named.add(k as StyleFeature)
    // A colour word tints its own default surface, or a surface named next to it.
    if (e.category === 'colour')
      for (const t of [...(e.tint ?? []), ...surfaces]) TINT_CHANNELS[t].forEach((c) => named.add(c))
  }
  for (const name of prompt.negated) {
    const e = byName.get(name)
    if (e) for (const k of e.negates ?? []) named.add(k)
    else unnamed = true
  }
  if (unnamed) {
    for (const f of STYLE_FEATURES)
      if (prompt.style[STYLE_INDEX[f]] !== Math.fround(DEFAULT_STYLE[f])) named.add(f)
  }
  const patch: StylePatch = {}
  for (const f of STYLE_FEATURES) if (named.has(f)) patch[f] = prompt.style[STYLE_INDEX[f]]
  return patch
}

/**
 * Whether a prompt names a place of its own (a biome: a lake, mountains, a desert) rather than
 * only things to put in one (a village, birches, flowers, snow, a colour). A feature the lexicon
 * does not know (a learned encoder's) counts as a place.
 */
export function namesPlace(prompt: EncodedPrompt, lexicon: readonly LexiconEntry[] = LEXICON): boolean {
  const byName = new Map(lexicon.map((e) => [e.name, e]))
  return prompt.features.some((f) => (byName.get(f.name)?.category ?? 'biome') === 'biome')
}
