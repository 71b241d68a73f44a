import { tokenize } from '../prompt'
import { longestPhraseAt } from '../prompt/text'
import type { ParsedCommand } from './command'

/** A rule's result before the pipeline adds what it heard. */
export type Parsed = Omit<ParsedCommand, 'heard'>

export const phrases = (list: readonly string[]): string[][] => list.map(tokenize)

/** Matches `list` (longest first) at `start` exactly: command words are not plurals. */
export const at = (tokens: readonly string[], start: number, list: readonly (readonly string[])[]): number =>
  longestPhraseAt(tokens, start, list, true)
