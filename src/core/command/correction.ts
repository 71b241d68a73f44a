import { at, phrases } from './match'

/**
 * Spoken requests correct themselves: "ugh, scratch that, undo", "add a lake, no wait, a river".
 * Everything up to the last correction phrase is dropped when something follows it. Alone,
 * "scratch that" and "never mind" are undo commands (fixed-commands.ts), so a correction with
 * nothing after it is left for the grammar.
 */
export const CORRECTIONS = phrases([
  'scratch that',
  'no wait',
  'wait',
  'wait no',
  'no no',
  'no sorry',
  'sorry',
  'oops',
  'actually',
  'actually no',
  'hang on',
  'hold on',
  'never mind',
  'nevermind',
  'forget that',
  'forget it',
  'on second thought',
  'let me rephrase',
  'i meant',
])

export function dropCorrected(tokens: readonly string[]): string[] {
  let from = 0
  for (let i = 0; i < tokens.length; i++) {
    const n = at(tokens, i, CORRECTIONS)
    if (n > 0 && i + n < tokens.length) {
      from = i + n
      i += n - 1
    }
  }
  return tokens.slice(from)
}
