import type { Placement } from '../prompt'
import type { Intent } from './command'
import { at, phrases, type Parsed } from './match'

/** Commands with no description: undo, redo, save. The whole utterance must be one of them. */
export const UNDO = phrases([
  'undo',
  'undo that',
  'undo it',
  'undo this',
  'undo last',
  'undo the last change',
  'undo the last edit',
  'undo the last step',
  'undo the last thing',
  'undo the last one',
  'undo my last change',
  'go back',
  'go back one step',
  'step back',
  'take that back',
  'take it back',
  'revert',
  'revert that',
  'revert it',
  'scratch that',
  'never mind',
  'nevermind',
  'cancel',
  'cancel that',
  'cancel it',
  'cancel that last thing',
  'cancel the last thing',
  'cancel the last change',
  'remove that',
  'remove it',
  'remove the last thing',
  'get rid of that',
  'get rid of it',
  'delete that',
  'delete it',
  'undo the last thing i did',
  'go back a step',
  'back',
])

export const REDO = phrases([
  'redo',
  'redo that',
  'redo it',
  'redo this',
  'redo the last change',
  'undo the undo',
  'undo that undo',
  'bring it back',
  'bring that back',
  'put it back',
  'go forward',
  'step forward',
  'bring back what i just undid',
  'bring back what i undid',
  'bring it back again',
  'put that back',
  'redo what i undid',
  'redo the last thing',
  'redo that last thing',
  'do it again',
  'do that again',
  'undo undo',
])

export const SAVE_VERBS = phrases(['save', 'keep', 'store', 'bookmark'])
/** What may follow "save" and still mean "save the world" (and not "save the whales"). */
export const SAVE_OBJECTS = new Set(
  'the this that my our it world progress game scene place everything all current changes work state'.split(
    ' ',
  ),
)

export function parseFixed(tokens: readonly string[], placement: Placement): Parsed | undefined {
  const whole = (list: readonly (readonly string[])[]): boolean =>
    tokens.length > 0 && at(tokens, 0, list) === tokens.length
  const plain = (intent: Intent): Parsed => ({ intent, placement, scope: 'world', description: '' })
  if (whole(UNDO)) return plain('undo')
  if (whole(REDO)) return plain('redo')
  const verb = at(tokens, 0, SAVE_VERBS)
  // "keep" alone is too vague to save on; "keep this" is not.
  const minimum = tokens[0] === 'save' ? 1 : 2
  if (verb > 0 && tokens.length >= minimum && tokens.slice(verb).every((t) => SAVE_OBJECTS.has(t))) {
    return plain('save')
  }
  return undefined
}
