import { tokenize } from './text'

/**
 * The small closed word classes the encoder reads besides the lexicon: words that carry no style
 * (so they are neither features nor "unknown"), negators and intensifiers.
 */

/**
 * Function words, generic nouns for "a world", and aesthetic adjectives that the reference model has
 * no feature for. They are not reported as unknown: a person who says "a beautiful lake" was
 * understood, there is just nothing to draw for "beautiful".
 */
export const NEUTRAL_WORDS: ReadonlySet<string> = new Set(
  `a an the and or but with of at in on by to into onto from for as is are was were be been being am
  it its this that these those some any lots lot plenty full filled covered made dotted lined
  surrounded where which has have having had under over around near beside next between among across
  through along above below up down out off all every each everywhere everything also too then than
  i im me my we us our you your he she they them there theres heres here whats
  world worlds place places land lands landscape landscapes scene scenery scenes area areas region
  view views environment setting terrain kind type sort style vibe vibes look looks looking feel feels
  nice beautiful gorgeous stunning pretty lovely peaceful calm serene quiet scenic amazing awesome
  cool magical majestic epic cozy cosy wild natural big large huge vast wide open endless distant far
  small little tiny ancient old new fresh
  just`
    .split(/\s+/)
    .filter((w) => w.length > 0),
)

/** Negators apply to the next recognised entry ("no trees", "without snow", "not foggy"). */
export const NEGATORS: ReadonlySet<string> = new Set([
  'no',
  'not',
  'without',
  'never',
  'none',
  'zero',
  'nothing',
  'lacking',
  'minus',
  'dont',
  'isnt',
  'arent',
  'nor',
])

/** Words that carry a negation on to the next entry: "no trees or rocks". */
export const NEGATION_CONTINUERS: ReadonlySet<string> = new Set(['or', 'nor'])

/** Intensifiers scale how far the next entry moves the style (x1.5 or x0.5). */
export const INTENSIFIERS: readonly { phrase: readonly string[]; factor: number }[] = [
  ...['very', 'really', 'extremely', 'super', 'so', 'incredibly', 'totally', 'heavily', 'deeply', 'more'].map(
    (w) => ({ phrase: [w], factor: 1.5 }),
  ),
  ...[
    'slightly',
    'somewhat',
    'mildly',
    'lightly',
    'partly',
    'kinda',
    'a bit',
    'a little',
    'kind of',
    'sort of',
  ]
    .map(tokenize)
    .map((phrase) => ({ phrase, factor: 0.5 })),
]
