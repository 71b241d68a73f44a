import type { Placement } from '../prompt'
import { described, notInModel } from './description'
import { at, phrases, type Parsed } from './match'

export const EXPAND_VERBS = phrases([
  'add',
  'push',
  'push out',
  'toss',
  'throw',
  'stick',
  'pop',
  'bring',
  'scatter',
  'sprinkle',
  'raise',
  'stretch',
  'widen',
  'put',
  'place',
  'expand',
  'extend',
  'grow',
  'continue',
  'more',
  'spawn',
  'insert',
  'drop',
  'plant',
  'fill',
  'fill in',
  'populate',
  'keep going',
  'keep expanding',
  'keep growing',
  'go further',
  'show me more',
  'show more',
  'give me more',
  'make more',
  'create more',
  'generate more',
  'build more',
  'add more',
])

/** "grow the world", "expand this area": the thing being grown, not a description of new land. */
export const EXPAND_OBJECTS = phrases([
  'it',
  'everything',
  'the world',
  'the whole world',
  'this world',
  'my world',
  'the area',
  'this area',
  'that area',
  'the map',
  'the terrain',
  'the land',
  'the landscape',
  'the region',
  'this region',
  'the place',
  'this place',
  'the scene',
  'the edge',
  'the horizon',
  'the frontier',
])
export const EXPAND_LINKS = new Set(['with', 'by', 'adding', 'using', 'out', 'more', 'into', 'in', 'of'])

export function parseExpand(tokens: readonly string[], placement: Placement): Parsed | undefined {
  const verb = at(tokens, 0, EXPAND_VERBS)
  // "put me in a desert" is a trip to a new world, not an addition to this one.
  if (verb === 0 || tokens[verb] === 'me' || tokens[verb] === 'us') return undefined
  let i = verb + at(tokens, verb, EXPAND_OBJECTS)
  while (i < tokens.length && EXPAND_LINKS.has(tokens[i])) i++
  const description = tokens.slice(i)
  return (
    described('expand', description, placement, 'area', { empty: true, unrecognised: false }) ??
    notInModel(description, placement)
  )
}
