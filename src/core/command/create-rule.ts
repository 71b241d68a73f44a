import type { Placement } from '../prompt'
import { described, notInModel, recognised } from './description'
import { at, phrases, type Parsed } from './match'
import { namesOnlyMood } from './mood'

/** Verbs that ask for a new world; weak ones ("show me") need a recognised description or "world". */
export const CREATE_STRONG = phrases([
  'create',
  'make',
  'generate',
  'build',
  'start',
  'begin',
  'new',
  'imagine',
  'dream up',
  'dream of',
  'design',
  'conjure',
  'conjure up',
  'start over',
  'start over with',
  'start again',
  'start again with',
  'reset',
])
export const CREATE_WEAK = phrases([
  'show',
  'show me',
  'show us',
  'take me to',
  'take us to',
  'bring me to',
  'go to',
  'teleport me to',
  'teleport to',
  'transport me to',
  'give me',
  'see',
  'let me see',
  'visit',
  'load',
  'put me in',
  'put me on',
  'place me in',
  'i want to be in',
])
/** "me"/"us" after a strong verb: "make me a world". */
export const CREATE_BENEFACTIVE = new Set(['me', 'us'])
export const ARTICLES = new Set(['a', 'an', 'the', 'another', 'some', 'my', 'our'])
export const NOVELTY = new Set([
  'new',
  'brand',
  'fresh',
  'different',
  'whole',
  'entire',
  'other',
  'completely',
])
export const WORLD_NOUNS = new Set([
  'world',
  'place',
  'scene',
  'landscape',
  'environment',
  'map',
  'planet',
  'realm',
])
export const CREATE_LINKS = new Set([
  'with',
  'of',
  'where',
  'that',
  'which',
  'has',
  'having',
  'full',
  'made',
  'called',
])
const CREATE_LINKS_AFTER = new Set(['is', 'are', 'there', 'of', 'with'])

export function parseCreate(tokens: readonly string[], placement: Placement): Parsed | undefined {
  const strong = at(tokens, 0, CREATE_STRONG)
  const weak = at(tokens, 0, CREATE_WEAK)
  const verb = Math.max(strong, weak)
  if (verb === 0) return undefined
  let i = verb
  if (strong >= weak && CREATE_BENEFACTIVE.has(tokens[i] ?? '')) i++
  // "a brand new world with": consumed only if it really names a world, so "make a desert" keeps "a".
  let j = i
  while (ARTICLES.has(tokens[j] ?? '') || NOVELTY.has(tokens[j] ?? '')) j++
  let world = WORLD_NOUNS.has(tokens[j] ?? '')
  if (world) {
    i = j + 1
    while (i < tokens.length && (CREATE_LINKS.has(tokens[i]) || CREATE_LINKS_AFTER.has(tokens[i]))) i++
  }
  const description = tokens.slice(i)
  // "a volcanic world" names a world as surely as "a world that is volcanic".
  if (WORLD_NOUNS.has(description[description.length - 1] ?? '')) world = true
  // Making something at a place ("make a hill over there") adds to this world.
  if (!world && placement !== 'none')
    return (
      described('expand', description, placement, 'area', { empty: false, unrecognised: false }) ??
      notInModel(description, placement)
    )
  if (description.length === 0) {
    return world || strong >= weak
      ? { intent: 'create', placement, scope: 'world', description: '' }
      : undefined
  }
  // "give me a sunset", "let me see some rain": a mood asked of the world one stands in, not a
  // new world (a new one, made of only a sunset, replaced the place the person was in).
  const prompt = weak > strong && !world ? recognised(description) : undefined
  if (prompt && namesOnlyMood(prompt))
    return { intent: 'restyle', placement, scope: 'world', description: description.join(' '), prompt }
  return described('create', description, placement, 'world', { empty: true, unrecognised: world })
}
