import { parseCommand, type ParsedCommand } from '../core/command'
import { encodePrompt } from '../core/prompt'
import type { Region } from '../core/region'

/** What the app shows when nothing was asked for yet (and `?prompt=` is absent). */
export const DEFAULT_PROMPT = 'a misty pine forest with a river at sunset'

/**
 * Radius of a new world's base region, metres. Far beyond what a walk reaches, so the base style
 * holds everywhere and only expansions (smaller regions) blend in.
 */
const BASE_RADIUS = 4000

/**
 * The one-region table of a world made from a description. `seed` keeps the terrain of a world
 * being restyled (the encoder's seed follows the words, and a restyle adds words).
 */
export function regionsFromPrompt(text: string, seed?: number): Region[] {
  const encoded = encodePrompt(text)
  return [
    { id: 'base', center: [0, 0], radius: BASE_RADIUS, style: encoded.style, seed: seed ?? encoded.seed },
  ]
}

/** What the prompt bar does with a line of text. */
export type PromptAction =
  | { kind: 'create'; description: string }
  | { kind: 'restyle'; description: string }
  | { kind: 'none'; message: string }

/**
 * Reads intent with the command grammar. A bare description ("a snowy canyon") creates a new world;
 * "make it night" restyles this one (whole-world restyle only for now: area restyles and
 * expansions need footprint edits, which arrive with the world document's edit history).
 */
export function promptAction(text: string): PromptAction {
  const trimmed = text.trim()
  if (!trimmed) return { kind: 'none', message: 'Type what you want to see.' }
  let cmd: ParsedCommand
  try {
    cmd = parseCommand(trimmed)
  } catch {
    return { kind: 'create', description: trimmed }
  }
  const description = cmd.description || trimmed
  switch (cmd.intent) {
    case 'create':
      return { kind: 'create', description }
    case 'restyle':
      return { kind: 'restyle', description }
    case 'expand':
      return { kind: 'none', message: 'Growing the world at a spot is not wired yet: describe a new world.' }
    case 'unknown':
      // A plain description with no command words is the most common input: make a world of it.
      return cmd.prompt || cmd.description
        ? { kind: 'create', description }
        : { kind: 'none', message: `Try: ${(cmd.suggestions ?? []).slice(0, 2).join(' · ')}` }
    default:
      return { kind: 'none', message: `"${cmd.intent}" is not supported yet.` }
  }
}
