import type { Placement } from '../prompt'
import type { Scope } from './command'
import { recognised } from './description'
import { at, phrases, type Parsed } from './match'

/** Verbs that restyle what exists; `optional` ones may go straight to the style ("switch to night"). */
export const RESTYLE_VERBS: readonly { phrase: string[]; targetOptional: boolean }[] = [
  ...phrases(['make', 'turn', 'paint', 'transform', 'convert', 'let', 'set', 'colour', 'color']).map(
    (phrase) => ({
      phrase,
      targetOptional: false,
    }),
  ),
  ...phrases(['change', 'switch', 'restyle', 'shift']).map((phrase) => ({
    phrase,
    targetOptional: true,
  })),
]

/** What a restyle applies to. `placement` is where an area target is, if the utterance said nowhere. */
export const RESTYLE_TARGETS: readonly { phrase: string[]; scope: Scope; placement: Placement }[] = [
  ...phrases([
    'it',
    'it all',
    'all of it',
    'everything',
    'everywhere',
    'all',
    'the world',
    'the whole world',
    'the entire world',
    'this world',
    'this whole world',
    'my world',
    'the whole thing',
    'the whole place',
    'this whole place',
    'the place',
    'the landscape',
    'the whole landscape',
    'the land',
    'the scene',
    'the sky',
    'the time',
    'the time of day',
    'the season',
    'the weather',
    'the light',
    'the lighting',
    'the mood',
  ]).map((phrase) => ({ phrase, scope: 'world' as const, placement: 'none' as const })),
  ...phrases([
    'this',
    'this area',
    'this place',
    'this spot',
    'this part',
    'this region',
    'this bit',
    'this part of the world',
    'the area',
    'the area around me',
  ]).map((phrase) => ({ phrase, scope: 'area' as const, placement: 'here' as const })),
  ...phrases(['that', 'that area', 'that place', 'that spot', 'that part', 'that region']).map((phrase) => ({
    phrase,
    scope: 'area' as const,
    placement: 'there' as const,
  })),
]

/** Words between target and style: "turn it into", "make it look", "change it to be". */
export const RESTYLE_LINKS = new Set([
  'into',
  'to',
  'in',
  'as',
  'look',
  'looks',
  'looking',
  'be',
  'seem',
  'feel',
  'appear',
])

/** "it should be night", "it to be winter" (after "I want" is stripped). */
export const BARE_RESTYLE = phrases([
  'it be',
  'it should be',
  'it to be',
  'it will be',
  'everything should be',
])

export function parseRestyle(tokens: readonly string[], placement: Placement): Parsed | undefined {
  let i = 0
  let target: (typeof RESTYLE_TARGETS)[number] | undefined
  const bare = at(tokens, 0, BARE_RESTYLE)
  if (bare > 0) {
    i = bare
    target = RESTYLE_TARGETS[0]
  } else {
    const verb = RESTYLE_VERBS.find((v) => at(tokens, 0, [v.phrase]) > 0)
    if (!verb) return undefined
    i = verb.phrase.length
    const length = at(
      tokens,
      i,
      RESTYLE_TARGETS.map((t) => t.phrase),
    )
    target = RESTYLE_TARGETS.find((t) => t.phrase.length === length && at(tokens, i, [t.phrase]) > 0)
    if (!target && !verb.targetOptional) return undefined
    i += length
  }
  while (i < tokens.length && RESTYLE_LINKS.has(tokens[i])) i++
  const description = tokens.slice(i)
  const prompt = recognised(description)
  if (!prompt) return undefined
  const area = placement !== 'none' || target?.scope === 'area'
  return {
    intent: 'restyle',
    placement: placement !== 'none' ? placement : (target?.placement ?? 'none'),
    scope: area ? 'area' : 'world',
    description: description.join(' '),
    prompt: { ...prompt, placement },
  }
}
