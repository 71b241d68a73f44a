import type { EncodedPrompt, Placement } from '../prompt'

export const INTENTS = ['create', 'expand', 'restyle', 'remove', 'undo', 'redo', 'save', 'unknown'] as const
/**
 * What the person asked for. `create` replaces the world, `expand` adds or grows a region at the
 * placement, `restyle` changes the style of the world or of one area, `remove` takes out what was
 * added at the placement (the world it was added to stays), `unknown` changes nothing.
 */
export type Intent = (typeof INTENTS)[number]

/** What a restyle touches; create is always `world`, expand always `area`. */
export type Scope = 'world' | 'area'

export interface ParsedCommand {
  intent: Intent
  placement: Placement
  scope: Scope
  /** The world description with command words, filler and placement removed ("a lake"); may be empty. */
  description: string
  /** The utterance as the grammar read it: normalised tokens joined by spaces. */
  heard: string
  /** For `unknown`: example commands to offer. */
  suggestions?: string[]
  /** For `unknown` when the command was understood but names nothing the model can draw: why. */
  reason?: string
  /** For create, expand and restyle: the encoded description. */
  prompt?: EncodedPrompt
}
