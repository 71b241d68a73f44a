import { LEXICON, tokenize } from '../prompt'
import { PLACEMENT_PHRASES } from '../prompt/placement'
import { singular } from '../prompt/text'
import { INTENSIFIERS } from '../prompt/words'
import { CORRECTIONS } from './correction'
import { NOT_A_DESCRIPTION } from './description'
import { CREATE_STRONG, CREATE_WEAK, WORLD_NOUNS } from './create-rule'
import { EXPAND_OBJECTS, EXPAND_VERBS } from './expand-rule'
import { LEADING_PHRASES } from './filler'
import { REDO, SAVE_VERBS, UNDO } from './fixed-commands'
import { phrases } from './match'
import { REMOVE_VERBS } from './removal-rule'
import { BARE_RESTYLE, RESTYLE_TARGETS, RESTYLE_VERBS } from './restyle-rule'
import { WordGraph } from './word-graph'

/**
 * The command grammar as a word graph a recogniser can decode against, built from the same tables
 * the typed grammar reads, so what can be said is what can be typed, and nothing outside it can be
 * heard. The shape:
 *
 *   [opener]* [correction] [placement] command [placement] [closer]
 *
 * where a command is undo/redo/save, a removal ("get rid of that"), or a restyle, expand or create
 * verb phrase followed by a description (one or more lexicon phrases, each optionally negated or
 * intensified), or a bare description. A unit test walks random paths and checks that
 * parseCommand reads every one.
 */
export function spokenCommandGraph(): WordGraph {
  const g = new WordGraph()
  const opened = g.state()
  const corrected = g.state()
  const placed = g.state()
  const command = g.state()
  const said = g.state()
  const closing = g.state()

  // Hesitations loop ("um so"), then at most one way of asking ("could you").
  const hesitated = g.state()
  g.phrases(g.start, g.start, HESITATIONS, 0.1)
  g.skip(g.start, hesitated)
  g.phrases(hesitated, opened, ASKING, 0.2)
  g.skip(hesitated, opened)
  g.phrases(opened, corrected, CORRECTIONS, 0.1)
  g.skip(opened, corrected)
  g.phrases(corrected, placed, PLACEMENTS, 0.3)
  g.skip(corrected, placed, 3)
  g.skip(placed, command)

  // Undo, redo and save take no description or placement.
  g.phrases(corrected, closing, UNDO, 0.6)
  g.phrases(corrected, closing, REDO, 0.4)
  const saveVerb = g.state()
  g.phrases(corrected, saveVerb, SAVE_VERBS, 0.2)
  g.phrases(saveVerb, closing, SAVE_PHRASE_OBJECTS)
  g.phrases(corrected, closing, phrases(['save']), 0.3)

  const description = g.state()
  const restyleVerb = g.state()
  const restyleTarget = g.state()
  g.phrases(
    command,
    restyleVerb,
    RESTYLE_VERBS.map((v) => v.phrase),
  )
  g.phrases(
    restyleVerb,
    restyleTarget,
    RESTYLE_TARGETS.filter((t) => t.phrase.length <= 3).map((t) => t.phrase),
  )
  g.phrases(command, restyleTarget, BARE_RESTYLE)
  g.phrases(restyleTarget, description, RESTYLE_SPOKEN_LINKS, 0.5)
  g.skip(restyleTarget, description)

  const expandVerb = g.state()
  const expandObject = g.state()
  g.phrases(command, expandVerb, EXPAND_VERBS)
  g.phrases(expandVerb, expandObject, EXPAND_OBJECTS, 0.3)
  g.skip(expandVerb, expandObject)
  g.phrases(expandObject, description, EXPAND_SPOKEN_LINKS, 0.3)
  g.skip(expandObject, description)
  // "expand over there": growing the world as it is needs no description.
  g.skip(expandObject, said, 0.2)

  const createVerb = g.state()
  // Verbs that begin with a way of asking ("i want to be in") lose it to filler.ts first.
  g.phrases(
    command,
    createVerb,
    [...CREATE_STRONG, ...CREATE_WEAK].filter((v) => v[0] !== 'i'),
  )
  g.skip(createVerb, description)
  g.phrases(createVerb, description, NEW_WORLD_OF, 0.3)
  // "start over", "create a new world".
  g.phrases(corrected, closing, phrases(['start over', 'start again', 'reset']), 0.1)
  g.phrases(createVerb, said, NEW_WORLD, 0.1)

  // "get rid of the lake over there", "take that away": what was added at a place.
  const removeVerb = g.state()
  g.phrases(command, removeVerb, REMOVE_VERBS, 0.1)
  g.phrases(removeVerb, said, REMOVE_OBJECTS, 0.5)
  g.skip(removeVerb, description)
  g.phrases(corrected, closing, phrases(['take that away', 'take it away', 'take this away']), 0.1)

  g.skip(command, description, 0.5)
  describe(g, description, said)

  g.phrases(said, closing, PLACEMENTS, 0.6)
  g.skip(said, closing)
  g.phrases(closing, g.end, CLOSERS, 0.1)
  g.skip(closing, g.end)
  return g
}

/** A description: [article] item ([and|with] item)*, each item [negator|intensifier] lexicon phrase. */
function describe(g: WordGraph, from: number, to: number): void {
  const item = g.state()
  const modified = g.state()
  g.phrases(from, item, DESCRIPTION_ARTICLES, 0.6)
  g.skip(from, item)
  g.phrases(item, modified, ITEM_MODIFIERS, 0.15)
  g.skip(item, modified)
  g.phrases(modified, to, LEXICON_PHRASES)
  g.phrases(to, item, JOINERS, 0.3)
}

const HESITATIONS = phrases([
  'um',
  'uh',
  'er',
  'hmm',
  'ugh',
  'okay',
  'ok',
  'hey',
  'so',
  'well',
  'please',
  'now',
  'and',
])
/** Ways of asking that filler.ts strips; those with "like" in them are left out (it goes first). */
const ASKING = LEADING_PHRASES.filter((p) => p.length > 1 && !p.includes('like'))
const CLOSERS = phrases(['please', 'thanks', 'thank you', 'now', 'too'])
/** What a removal names without describing it ("that over there"). */
const REMOVE_OBJECTS = phrases(['that', 'this', 'it', 'those', 'these'])
/** The listed placement phrases and a few common sides with prepositions (placement.ts has them all). */
const PLACEMENTS = [
  ...Object.values(PLACEMENT_PHRASES).flatMap((list) => list.map(tokenize)),
  ...['', 'over ', 'off ', 'way out ', 'out '].flatMap((lead) =>
    ['to', 'on', 'towards'].flatMap((prep) =>
      ['my', 'the'].flatMap((owner) =>
        phrases([`${lead}${prep} ${owner} left`, `${lead}${prep} ${owner} right`]),
      ),
    ),
  ),
]
const SAVE_PHRASE_OBJECTS = phrases([
  'it',
  'this',
  'the world',
  'my world',
  'this world',
  'my progress',
  'everything',
])
const RESTYLE_SPOKEN_LINKS = phrases([
  'into',
  'to',
  'look',
  'be',
  'feel',
  'look like',
  'into a',
  'to a',
  'an',
  'a',
])
const EXPAND_SPOKEN_LINKS = phrases(['with', 'with some', 'with a', 'by adding', 'out', 'more', 'in', 'into'])
const DESCRIPTION_ARTICLES = [
  ...phrases(['a', 'an', 'the', 'some']),
  ...phrases(['lots of', 'a lot of', 'plenty of', 'more']),
]
const NEW_WORLD_OF = [
  ...phrases(['a world with', 'a new world with', 'a world of', 'a new world of', 'a place with']),
  ...phrases(['me a', 'me an', 'me some', 'us a']),
]
const NEW_WORLD = [...[...WORLD_NOUNS].flatMap((w) => phrases([`a ${w}`, `a new ${w}`]))]
const ITEM_MODIFIERS = [...INTENSIFIERS.map((i) => i.phrase), ...phrases(['no', 'not', 'without'])]
const JOINERS = phrases([
  'and',
  'with',
  'and some',
  'with some',
  'and a',
  'with a',
  'and an',
  'with an',
  'or',
])

/**
 * How many of each lexicon entry's phrases can be said. Every phrase widens what the recogniser
 * must tell apart: with all ~700 the en-us model confused short words ("add" with "an") far more
 * often on synthesized commands, so speech gets each entry's first (most common) phrases.
 */
const SPOKEN_PHRASES_PER_ENTRY = 3

/** Lexicon phrases, and the plural of its last word: people ask for "birches" as well as "a birch". */
const LEXICON_PHRASES: string[][] = LEXICON.flatMap((entry) =>
  entry.phrases.slice(0, SPOKEN_PHRASES_PER_ENTRY).flatMap((text) => {
    const words = tokenize(text)
    // "open ocean" alone would read as a request to open something.
    if (words.length === 0 || NOT_A_DESCRIPTION.has(words[0]!)) return []
    const last = words[words.length - 1]!
    // Only plurals the encoder folds back to the same word ("bayous" is not read as "bayou").
    const many = plural(last)
    return singular(many) === singular(last) ? [words, [...words.slice(0, -1), many]] : [words]
  }),
)

/** English plural, good enough for landscape nouns; the recogniser drops any it cannot pronounce. */
export function plural(word: string): string {
  if (/(?:s|x|ch|sh)$/.test(word)) return word.endsWith('s') ? word : `${word}es`
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`
  return `${word}s`
}
