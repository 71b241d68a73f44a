import { DEFAULT_STYLE, STYLE_FEATURES, styleVector, type StyleFeature } from '../style'
import type { EncodedPrompt, PromptEncoder, RecognisedFeature } from './encoder'
import { LEXICON, type LexiconCategory, type LexiconEntry, type TintTarget } from './lexicon'
import { LexiconIndex } from './lexicon-match'
import { extractPlacement } from './placement'
import { promptSeed } from './seed'
import { longestPhraseAt, tokenize } from './text'
import { INTENSIFIERS, NEGATION_CONTINUERS, NEGATORS, NEUTRAL_WORDS } from './words'

type Style = Record<StyleFeature, number>

interface Hit {
  entry: LexiconEntry
  start: number
  end: number
  phrase: string
  intensity: number
  negated: boolean
}

/**
 * Broad strokes first, details last: a season may thin the vegetation, and an explicit "lush" after
 * it must still win; time of day only sets the sun, so it goes last.
 */
const MODIFIER_ORDER: readonly LexiconCategory[] = [
  'material',
  'season',
  'density',
  'scale',
  'weather',
  'time',
]

const TINT_CHANNELS: Readonly<Record<TintTarget, readonly [StyleFeature, StyleFeature, StyleFeature]>> = {
  ground: ['groundR', 'groundG', 'groundB'],
  foliage: ['foliageR', 'foliageG', 'foliageB'],
  rock: ['rockR', 'rockG', 'rockB'],
  water: ['waterR', 'waterG', 'waterB'],
}

/** How far a plain colour word pulls a surface colour; "very" takes it the rest of the way. */
const TINT_STRENGTH = 0.6
/** A colour word looks this many tokens ahead for the surface it describes ("red sandstone cliffs"). */
const TINT_REACH = 3
/** Negation and intensifiers lapse after this many words the lexicon does not know. */
const PENDING_LAPSE = 2

const INTENSIFIER_PHRASES = INTENSIFIERS.map((i) => i.phrase)

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x))

/**
 * The offline default PromptEncoder: the lexicon in lexicon.ts, longest phrase first, with negation,
 * intensifiers, colour words and placement phrases. Unknown words change nothing but the seed.
 */
export class LexiconPromptEncoder implements PromptEncoder {
  private readonly index: LexiconIndex

  constructor(lexicon: readonly LexiconEntry[] = LEXICON) {
    this.index = new LexiconIndex(lexicon)
  }

  encode(text: string): EncodedPrompt {
    const { placement, rest } = extractPlacement(tokenize(text))
    const { hits, unknownWords } = this.scan(rest)
    const kept = hits.filter((h) => !h.negated)
    const style = blendBiomes(kept.filter((h) => h.entry.category === 'biome'))
    for (const category of MODIFIER_ORDER) {
      if (category === 'density') keepAtLeast(style, kept, 'holds')
      for (const hit of kept) if (hit.entry.category === category) applyModifier(style, hit)
    }
    applyColours(style, kept)
    keepFoliageCast(style, kept)
    keepAtLeast(style, kept, 'floors')
    for (const hit of hits) if (hit.negated) for (const f of hit.entry.negates ?? []) style[f] = 0

    return {
      style: styleVector(style),
      features: unique(kept, (h) => h.entry.name).map((h): RecognisedFeature => ({
        name: h.entry.name,
        category: h.entry.category,
        phrase: h.phrase,
        intensity: h.intensity,
      })),
      unknownWords,
      negated: unique(
        hits.filter((h) => h.negated),
        (h) => h.entry.name,
      ).map((h) => h.entry.name),
      placement,
      // Neutral words leave the seed alone so "a lake" and "the lake" grow the same world.
      seed: promptSeed(rest.filter((t) => !NEUTRAL_WORDS.has(t))),
    }
  }

  private scan(tokens: readonly string[]): { hits: Hit[]; unknownWords: string[] } {
    const hits: Hit[] = []
    const unknown = new Set<string>()
    let negate = false
    let intensity = 1
    let lapse = 0
    let i = 0
    while (i < tokens.length) {
      const token = tokens[i]
      const match = this.index.matchAt(tokens, i)
      const intensifier = longestPhraseAt(tokens, i, INTENSIFIER_PHRASES)
      if (match && match.length >= intensifier) {
        const end = i + match.length
        hits.push({
          entry: match.entry,
          start: i,
          end,
          phrase: tokens.slice(i, end).join(' '),
          intensity,
          negated: negate,
        })
        // "no trees or rocks": the negation reaches across "or".
        negate = negate && NEGATION_CONTINUERS.has(tokens[end] ?? '')
        intensity = 1
        lapse = 0
        i = end
      } else if (intensifier > 0) {
        intensity = INTENSIFIERS.find(
          (x) => x.phrase.length === intensifier && longestPhraseAt(tokens, i, [x.phrase]),
        )!.factor
        i += intensifier
      } else if (NEGATORS.has(token)) {
        negate = true
        lapse = 0
        i++
      } else {
        if (!NEUTRAL_WORDS.has(token)) {
          unknown.add(token)
          if (++lapse >= PENDING_LAPSE) {
            negate = false
            intensity = 1
          }
        }
        i++
      }
    }
    return { hits, unknownWords: [...unknown] }
  }
}

function blendBiomes(biomes: readonly Hit[]): Style {
  const style: Style = { ...DEFAULT_STYLE }
  const total = biomes.reduce((sum, h) => sum + (h.entry.weight ?? 1) * h.intensity, 0)
  if (total <= 0) return style
  for (const f of STYLE_FEATURES) {
    let sum = 0
    for (const h of biomes)
      sum += (h.entry.weight ?? 1) * h.intensity * (h.entry.values[f] ?? DEFAULT_STYLE[f])
    style[f] = sum / total
  }
  return style
}

function applyModifier(style: Style, hit: Hit): void {
  const k = (hit.entry.strength ?? 1) * hit.intensity
  for (const [name, target] of Object.entries(hit.entry.values)) {
    const f = name as StyleFeature
    // The sun has one position: "very sunset" is still sunset.
    style[f] = f === 'timeOfDay' ? target : clamp01(style[f] + (target - style[f]) * k)
  }
}

function applyColours(style: Style, hits: readonly Hit[]): void {
  hits.forEach((hit, n) => {
    const rgb = hit.entry.rgb
    if (hit.entry.category !== 'colour' || !rgb) return
    let targets = hit.entry.tint ?? []
    for (const next of hits.slice(n + 1)) {
      if (next.start - hit.end > TINT_REACH) break
      if (next.entry.category !== 'colour' && next.entry.tint) {
        targets = next.entry.tint
        break
      }
    }
    const k = Math.min(1, TINT_STRENGTH * hit.intensity)
    for (const target of targets) {
      TINT_CHANNELS[target].forEach((f, c) => {
        style[f] = clamp01(style[f] + (rgb[c] - style[f]) * k)
      })
    }
  })
}

/**
 * Colour words and seasons tint the foliage's hue; an entry's own cast survives them (pines'
 * blue-green, birches' light green that turns golden in autumn).
 */
function keepFoliageCast(style: Style, hits: readonly Hit[]): void {
  for (const hit of hits) {
    const green = hit.entry.foliageGreenFloor
    if (green !== undefined) style.foliageG = Math.max(style.foliageG, green)
    const red = hit.entry.foliageRedRatio
    if (red !== undefined) style.foliageR = Math.max(style.foliageR, red * style.foliageG)
    const ratio = hit.entry.foliageBlueRatio
    if (ratio !== undefined) style.foliageB = Math.max(style.foliageB, ratio * style.foliageG)
  }
}

/**
 * Features a named biome keeps at least at its lexicon `floors` (however it was blended and
 * modified) or `holds` (however it was blended and seasoned; density words come after).
 */
function keepAtLeast(style: Style, hits: readonly Hit[], which: 'floors' | 'holds'): void {
  for (const hit of hits) {
    for (const [name, floor] of Object.entries(hit.entry[which] ?? {})) {
      const f = name as StyleFeature
      style[f] = Math.max(style[f], floor)
    }
  }
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)))
}
