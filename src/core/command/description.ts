import { encodePrompt, type EncodedPrompt, type Placement } from '../prompt'
import type { Scope } from './command'
import type { Parsed } from './match'
import { namesOnlyMood } from './mood'
import { suggestCommands } from './suggestions'

/** Starts of utterances that are questions or requests to something else, never a description. */
export const NOT_A_DESCRIPTION = new Set(
  `what whats how hows why when who whos where wheres which is are am was were do does did can could
  would will should shall tell play call text send open close stop search find set turn remind read`.split(
    /\s+/,
  ),
)

export function parseBare(tokens: readonly string[], placement: Placement): Parsed | undefined {
  if (tokens.length === 0 || NOT_A_DESCRIPTION.has(tokens[0])) return undefined
  const prompt = recognised(tokens)
  // Mostly unknown words with one lexicon word among them is chatter, not a description.
  if (!prompt || prompt.unknownWords.length > 2 * prompt.features.length) return undefined
  const description = tokens.join(' ')
  // "night", "foggy", "winter", "no trees": how the world looks, so restyle it rather than replace it.
  // Not "a city at night": a place the model has no word for, asked for at night, is a new world
  // (it made this one night and said nothing of the city).
  if (namesOnlyMood(prompt) && prompt.unknownWords.length === 0) {
    return {
      intent: 'restyle',
      placement,
      scope: placement === 'none' ? 'world' : 'area',
      description,
      prompt: { ...prompt, placement },
    }
  }
  const none = { empty: false, unrecognised: false }
  return placement === 'none'
    ? described('create', tokens, placement, 'world', none)
    : described('expand', tokens, placement, 'area', none)
}

/**
 * "add a castle over there": an addition understood, of nothing the model can draw. Said so, with
 * what can be added instead, rather than "didn't understand".
 */
export function notInModel(description: readonly string[], placement: Placement): Parsed | undefined {
  if (description.length === 0) return undefined
  const prompt = encodePrompt(description.join(' '))
  const unknown = prompt.unknownWords
  if (isRecognised(prompt) || unknown.length === 0) return undefined
  return {
    intent: 'unknown',
    placement,
    scope: 'area',
    description: '',
    reason: `There is no ${unknown.join(' ')} in this model yet.`,
    suggestions: suggestCommands(),
  }
}

/** The encoded description if the encoder recognised anything in it. */
export function recognised(description: readonly string[]): EncodedPrompt | undefined {
  if (description.length === 0) return undefined
  const prompt = encodePrompt(description.join(' '))
  return isRecognised(prompt) ? prompt : undefined
}

/** Whether the encoder recognised anything in a description (a feature, or a negated one). */
function isRecognised(prompt: EncodedPrompt): boolean {
  return prompt.features.length > 0 || prompt.negated.length > 0
}

/** What a rule accepts besides a description the encoder recognises something in. */
interface Accept {
  /** No description at all: "expand here" grows the world as it is. */
  empty: boolean
  /** Only unknown words: the person named a world ("a world called Zorb"), so build one. */
  unrecognised: boolean
}

/** A create or expand with its description, or undefined when the rule does not accept it. */
export function described(
  intent: 'create' | 'expand',
  description: readonly string[],
  placement: Placement,
  scope: Scope,
  accept: Accept,
): Parsed | undefined {
  if (description.length === 0)
    return accept.empty ? { intent, placement, scope, description: '' } : undefined
  const text = description.join(' ')
  const prompt = recognised(description) ?? (accept.unrecognised ? encodePrompt(text) : undefined)
  if (!prompt) return undefined
  return { intent, placement, scope, description: text, prompt: { ...prompt, placement } }
}
