import type { Placement } from '../prompt'
import { at, phrases, type Parsed } from './match'

/** Verbs that ask for something to be taken out of the world. */
export const REMOVE_VERBS = phrases([
  'remove',
  'delete',
  'erase',
  'get rid of',
  'take away',
  'take out',
  'clear away',
  'clear out',
  'destroy',
  'demolish',
  'cut down',
  'chop down',
  'knock down',
  'tear down',
])

/** "take that away": the verb's particle after its object. */
const TRAILING = new Set(['away', 'out', 'down'])

/**
 * "get rid of the village over there", "take that away": take out what was added at the placement
 * (or where the person points). Read as a description, "remove the trees" made a new world called
 * that. What the words name is only a label: the region at the place is what goes. "remove that"
 * alone is an undo of the last change (fixed-commands.ts), which comes first.
 */
export function parseRemoval(tokens: readonly string[], placement: Placement): Parsed | undefined {
  let verb = at(tokens, 0, REMOVE_VERBS)
  // "take that away", "take it out": the particle comes after a short object.
  if (verb === 0 && tokens[0] === 'take' && tokens.length <= 4 && TRAILING.has(tokens[tokens.length - 1]!))
    verb = 1
  if (verb === 0) return undefined
  const words = tokens.slice(verb).filter((t, i, all) => !(i === all.length - 1 && TRAILING.has(t)))
  return {
    intent: 'remove',
    placement,
    scope: 'area',
    description: words.join(' '),
  }
}
