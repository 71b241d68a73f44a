import { encodePrompt, extractPlacement, tokenize, type EncodedPrompt, type Placement } from '../prompt'
import { longestPhraseAt } from '../prompt/text'
import type { Intent, ParsedCommand, Scope } from './command'
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

type Parsed = Omit<ParsedCommand, 'heard'>

const phrases = (list: readonly string[]): string[][] => list.map(tokenize)

/** Matches `list` (longest first) at `start` exactly: command words are not plurals. */
const at = (tokens: readonly string[], start: number, list: readonly (readonly string[])[]): number =>
  longestPhraseAt(tokens, start, list, true)

const UNDO = phrases([
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
])

const REDO = phrases([
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
])

const SAVE_VERBS = phrases(['save', 'keep', 'store', 'bookmark'])
/** What may follow "save" and still mean "save the world" (and not "save the whales"). */
const SAVE_OBJECTS = new Set(
  'the this that my our it world progress game scene place everything all current changes work state'.split(
    ' ',
  ),
)

function parseFixed(tokens: readonly string[], placement: Placement): Parsed | undefined {
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

/** Verbs that restyle what exists; `optional` ones may go straight to the style ("switch to night"). */
const RESTYLE_VERBS: readonly { phrase: string[]; targetOptional: boolean }[] = [
  ...phrases(['make', 'turn', 'paint', 'transform', 'convert', 'let', 'set', 'colour', 'color']).map(
    (phrase) => ({
      phrase,
      targetOptional: false,
    }),
  ),
  ...phrases(['change', 'switch', 'restyle', 'shift']).map((phrase) => ({
    phrase,
    targetOptional: true,
  })),
]

/** What a restyle applies to. `placement` is where an area target is, if the utterance said nowhere. */
const RESTYLE_TARGETS: readonly { phrase: string[]; scope: Scope; placement: Placement }[] = [
  ...phrases([
    'it',
    'it all',
    'all of it',
    'everything',
    'everywhere',
    'all',
    'the world',
    'the whole world',
    'the entire world',
    'this world',
    'this whole world',
    'my world',
    'the whole thing',
    'the scene',
    'the sky',
    'the time',
    'the time of day',
    'the season',
    'the weather',
    'the light',
    'the lighting',
    'the mood',
  ]).map((phrase) => ({ phrase, scope: 'world' as const, placement: 'none' as const })),
  ...phrases([
    'this',
    'this area',
    'this place',
    'this spot',
    'this part',
    'this region',
    'this bit',
    'this part of the world',
    'the area',
    'the area around me',
  ]).map((phrase) => ({ phrase, scope: 'area' as const, placement: 'here' as const })),
  ...phrases(['that', 'that area', 'that place', 'that spot', 'that part', 'that region']).map((phrase) => ({
    phrase,
    scope: 'area' as const,
    placement: 'there' as const,
  })),
]

/** Words between target and style: "turn it into", "make it look", "change it to be". */
const RESTYLE_LINKS = new Set([
  'into',
  'to',
  'in',
  'as',
  'look',
  'looks',
  'looking',
  'be',
  'seem',
  'feel',
  'appear',
])

/** "it should be night", "it to be winter" (after "I want" is stripped). */
const BARE_RESTYLE = phrases(['it be', 'it should be', 'it to be', 'it will be', 'everything should be'])

function parseRestyle(tokens: readonly string[], placement: Placement): Parsed | undefined {
  let i = 0
  let target: (typeof RESTYLE_TARGETS)[number] | undefined
  const bare = at(tokens, 0, BARE_RESTYLE)
  if (bare > 0) {
    i = bare
    target = RESTYLE_TARGETS[0]
  } else {
    const verb = RESTYLE_VERBS.find((v) => at(tokens, 0, [v.phrase]) > 0)
    if (!verb) return undefined
    i = verb.phrase.length
    const length = at(
      tokens,
      i,
      RESTYLE_TARGETS.map((t) => t.phrase),
    )
    target = RESTYLE_TARGETS.find((t) => t.phrase.length === length && at(tokens, i, [t.phrase]) > 0)
    if (!target && !verb.targetOptional) return undefined
    i += length
  }
  while (i < tokens.length && RESTYLE_LINKS.has(tokens[i])) i++
  const description = tokens.slice(i)
  const prompt = recognised(description)
  if (!prompt) return undefined
  const area = placement !== 'none' || target?.scope === 'area'
  return {
    intent: 'restyle',
    placement: placement !== 'none' ? placement : (target?.placement ?? 'none'),
    scope: area ? 'area' : 'world',
    description: description.join(' '),
    prompt: { ...prompt, placement },
  }
}

const EXPAND_VERBS = phrases([
  'add',
  'put',
  'place',
  'expand',
  'extend',
  'grow',
  'continue',
  'more',
  'spawn',
  'insert',
  'drop',
  'plant',
  'fill',
  'fill in',
  'populate',
  'keep going',
  'keep expanding',
  'keep growing',
  'go further',
  'show me more',
  'show more',
  'give me more',
  'make more',
  'create more',
  'generate more',
  'build more',
  'add more',
])

/** "grow the world", "expand this area": the thing being grown, not a description of new land. */
const EXPAND_OBJECTS = phrases([
  'it',
  'everything',
  'the world',
  'the whole world',
  'this world',
  'my world',
  'the area',
  'this area',
  'that area',
  'the map',
  'the terrain',
  'the land',
  'the landscape',
  'the region',
  'this region',
  'the place',
  'this place',
  'the scene',
  'the edge',
  'the horizon',
  'the frontier',
])
const EXPAND_LINKS = new Set(['with', 'by', 'adding', 'using', 'out', 'more', 'into', 'in', 'of'])

function parseExpand(tokens: readonly string[], placement: Placement): Parsed | undefined {
  const verb = at(tokens, 0, EXPAND_VERBS)
  // "put me in a desert" is a trip to a new world, not an addition to this one.
  if (verb === 0 || tokens[verb] === 'me' || tokens[verb] === 'us') return undefined
  let i = verb + at(tokens, verb, EXPAND_OBJECTS)
  while (i < tokens.length && EXPAND_LINKS.has(tokens[i])) i++
  return described('expand', tokens.slice(i), placement, 'area', { empty: true, unrecognised: false })
}

/** Verbs that ask for a new world; weak ones ("show me") need a recognised description or "world". */
const CREATE_STRONG = phrases([
  'create',
  'make',
  'generate',
  'build',
  'start',
  'begin',
  'new',
  'imagine',
  'dream up',
  'dream of',
  'design',
  'conjure',
  'conjure up',
  'start over',
  'start over with',
  'start again',
  'start again with',
  'reset',
])
const CREATE_WEAK = phrases([
  'show',
  'show me',
  'show us',
  'take me to',
  'take us to',
  'bring me to',
  'go to',
  'teleport me to',
  'teleport to',
  'transport me to',
  'give me',
  'see',
  'let me see',
  'visit',
  'load',
  'put me in',
  'put me on',
  'place me in',
  'i want to be in',
])
/** "me"/"us" after a strong verb: "make me a world". */
const CREATE_BENEFACTIVE = new Set(['me', 'us'])
const ARTICLES = new Set(['a', 'an', 'the', 'another', 'some', 'my', 'our'])
const NOVELTY = new Set(['new', 'brand', 'fresh', 'different', 'whole', 'entire', 'other', 'completely'])
const WORLD_NOUNS = new Set(['world', 'place', 'scene', 'landscape', 'environment', 'map', 'planet', 'realm'])
const CREATE_LINKS = new Set([
  'with',
  'of',
  'where',
  'that',
  'which',
  'has',
  'having',
  'full',
  'made',
  'called',
])
const CREATE_LINKS_AFTER = new Set(['is', 'are', 'there', 'of', 'with'])

function parseCreate(tokens: readonly string[], placement: Placement): Parsed | undefined {
  const strong = at(tokens, 0, CREATE_STRONG)
  const weak = at(tokens, 0, CREATE_WEAK)
  const verb = Math.max(strong, weak)
  if (verb === 0) return undefined
  let i = verb
  if (strong >= weak && CREATE_BENEFACTIVE.has(tokens[i] ?? '')) i++
  // "a brand new world with": consumed only if it really names a world, so "make a desert" keeps "a".
  let j = i
  while (ARTICLES.has(tokens[j] ?? '') || NOVELTY.has(tokens[j] ?? '')) j++
  let world = WORLD_NOUNS.has(tokens[j] ?? '')
  if (world) {
    i = j + 1
    while (i < tokens.length && (CREATE_LINKS.has(tokens[i]) || CREATE_LINKS_AFTER.has(tokens[i]))) i++
  }
  const description = tokens.slice(i)
  // "a volcanic world" names a world as surely as "a world that is volcanic".
  if (WORLD_NOUNS.has(description[description.length - 1] ?? '')) world = true
  // Making something at a place ("make a hill over there") adds to this world.
  if (!world && placement !== 'none')
    return described('expand', description, placement, 'area', { empty: false, unrecognised: false })
  if (description.length === 0) {
    return world || strong >= weak
      ? { intent: 'create', placement, scope: 'world', description: '' }
      : undefined
  }
  return described('create', description, placement, 'world', { empty: true, unrecognised: world })
}

/** Starts of utterances that are questions or requests to something else, never a description. */
const NOT_A_DESCRIPTION = new Set(
  `what whats how hows why when who whos where wheres which is are am was were do does did can could
  would will should shall tell play call text send open close stop search find set turn remind read`.split(
    /\s+/,
  ),
)
/** Features that change the look of what is there rather than adding land. */
const MOOD = new Set(['time', 'weather', 'season'])

function parseBare(tokens: readonly string[], placement: Placement): Parsed | undefined {
  if (tokens.length === 0 || NOT_A_DESCRIPTION.has(tokens[0])) return undefined
  const prompt = recognised(tokens)
  // Mostly unknown words with one lexicon word among them is chatter, not a description.
  if (!prompt || prompt.unknownWords.length > 2 * prompt.features.length) return undefined
  const description = tokens.join(' ')
  // "night", "foggy", "winter", "no trees": how the world looks, so restyle it rather than replace it.
  if (prompt.features.every((f) => MOOD.has(f.category))) {
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

/** The encoded description if the encoder recognised anything in it. */
function recognised(description: readonly string[]): EncodedPrompt | undefined {
  if (description.length === 0) return undefined
  const prompt = encodePrompt(description.join(' '))
  return prompt.features.length > 0 || prompt.negated.length > 0 ? prompt : undefined
}

/** What a rule accepts besides a description the encoder recognises something in. */
interface Accept {
  /** No description at all: "expand here" grows the world as it is. */
  empty: boolean
  /** Only unknown words: the person named a world ("a world called Zorb"), so build one. */
  unrecognised: boolean
}

/** A create or expand with its description, or undefined when the rule does not accept it. */
function described(
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
