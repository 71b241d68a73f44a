import { encodePrompt, extractPlacement, tokenize } from '../prompt'
import type { ParsedCommand } from './command'
import { dropCorrected } from './correction'
import { parseCreate } from './create-rule'
import { parseBare } from './description'
import { parseExpand } from './expand-rule'
import { parseFixed } from './fixed-commands'
import { parseRemoval } from './removal-rule'
import { parseRestyle } from './restyle-rule'
import { stripFillers } from './filler'
import { suggestCommands } from './suggestions'

/**
 * The command grammar for voice and text. Filler goes first, then placement phrases (they can sit
 * anywhere: "add a lake over there", "to my left put a hill"), then the first rule that accepts the
 * rest wins: undo, redo, save, a removal, restyle, expand, create, and finally a bare description.
 * A rule only accepts a description it recognises something in (or an empty one where that means
 * "as it is"), so unrelated speech ends as `unknown`, which changes nothing.
 */
export function parseCommand(utterance: string): ParsedCommand {
  const tokens = stripFillers(dropCorrected(stripFillers(tokenize(utterance))))
  const heard = tokens.join(' ')
  // Whole fixed commands first: "go forward" is a redo, not a placement ("forward") and "go".
  const fixed = parseFixed(tokens, 'none')
  if (fixed) return { ...fixed, heard }
  const extracted = extractPlacement(tokens)
  const placement = extracted.placement
  // A fronted placement leaves the way of asking behind it: "on my right I'd like some birches".
  const rest = stripFillers(extracted.rest)
  const parsed =
    parseFixed(rest, placement) ??
    parseRemoval(rest, placement) ??
    parseRestyle(rest, placement) ??
    parseExpand(rest, placement) ??
    parseCreate(rest, placement) ??
    parseBare(rest, placement)
  if (parsed) return { ...parsed, heard }
  const partial = rest.length > 0 ? encodePrompt(rest.join(' ')) : undefined
  // Nothing happens for an unknown command, so it goes nowhere either.
  return {
    intent: 'unknown',
    placement: 'none',
    scope: 'world',
    description: '',
    heard,
    suggestions: suggestCommands(partial),
  }
}
