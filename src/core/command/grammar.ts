import { encodePrompt, extractPlacement, tokenize } from '../prompt'
import type { ParsedCommand } from './command'
import { parseCreate } from './create-rule'
import { parseBare } from './description'
import { parseExpand } from './expand-rule'
import { parseFixed } from './fixed-commands'
import { parseRestyle } from './restyle-rule'
import { stripFillers } from './filler'
import { suggestCommands } from './suggestions'

/**
 * The command grammar for voice and text. Filler goes first, then placement phrases (they can sit
 * anywhere: "add a lake over there", "to my left put a hill"), then the first rule that accepts the
 * rest wins: undo, redo, save, restyle, expand, create, and finally a bare description. A rule only
 * accepts a description it recognises something in (or an empty one where that means "as it is"),
 * so unrelated speech ends as `unknown`, which changes nothing.
 */
export function parseCommand(utterance: string): ParsedCommand {
  const tokens = stripFillers(tokenize(utterance))
  const heard = tokens.join(' ')
  const { placement, rest } = extractPlacement(tokens)
  const parsed =
    parseFixed(rest, placement) ??
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
