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

/**
 * "remove the trees": nothing can be taken out of a world yet, so it is said so, with undo first
 * among the suggestions. Read as a description it made a new world called "remove the trees".
 */
export function parseRemoval(tokens: readonly string[], placement: Placement): Parsed | undefined {
  if (at(tokens, 0, REMOVE_VERBS) === 0) return undefined
  return {
    intent: 'unknown',
    placement,
    scope: placement === 'none' ? 'world' : 'area',
    description: '',
    reason: 'Taking things out of a world is not built yet.',
    suggestions: ['undo', 'make it a meadow over there'],
  }
}
