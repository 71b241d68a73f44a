import { describe, expect, it } from 'vitest'
import { parseCommand, type Intent } from '../../src/core/command'
import type { Placement } from '../../src/core/prompt'

/**
 * Held-out sentences: written down as people might say them, BEFORE the rules for corrections,
 * fronted and prepositional placements, politeness and synonyms were changed, and not edited
 * afterwards to fit the rules. Each says what a person would expect: intent, placement, and the
 * lexicon features the description must be recognised as. A miss here is a grammar gap, and the
 * rate is printed so a regression shows.
 */
interface HeldOut {
  say: string
  intent: Intent
  placement?: Placement
  features?: string[]
}

const HELD_OUT: readonly HeldOut[] = [
  { say: 'ugh, scratch that, undo', intent: 'undo' },
  {
    say: 'over on my right I would like some birches',
    intent: 'expand',
    placement: 'right',
    features: ['birch forest'],
  },
  {
    say: 'push the desert out towards my left',
    intent: 'expand',
    placement: 'left',
    features: ['desert dunes'],
  },
  { say: 'hmm, no wait, make it night', intent: 'restyle', features: ['night'] },
  {
    say: 'could you maybe put a waterfall over there for me please',
    intent: 'expand',
    placement: 'there',
    features: ['waterfall'],
  },
  {
    say: 'off to the left, a big lake would be nice',
    intent: 'expand',
    placement: 'left',
    features: ['lake'],
  },
  { say: 'behind me I want mountains', intent: 'expand', placement: 'behind', features: ['mountains'] },
  { say: 'sorry, I meant a river, not a lake, over there', intent: 'expand', placement: 'there' },
  { say: 'oops undo that', intent: 'undo' },
  { say: 'actually, redo', intent: 'redo' },
  { say: 'go ahead and save my world', intent: 'save' },
  { say: 'would you be so kind as to make it snow', intent: 'restyle', features: ['snowy'] },
  { say: 'toss some palm trees in front of me', intent: 'expand', placement: 'ahead', features: ['palm'] },
  {
    say: 'stick a volcano way out on the right',
    intent: 'expand',
    placement: 'right',
    features: ['volcanic'],
  },
  { say: 'extend the forest toward the left', intent: 'expand', placement: 'left', features: ['forest'] },
  { say: 'let there be a lake right here', intent: 'expand', placement: 'here', features: ['lake'] },
  {
    say: 'I reckon a meadow would look great over there',
    intent: 'expand',
    placement: 'there',
    features: ['meadow'],
  },
  { say: 'can we get some fog in here', intent: 'restyle', features: ['foggy'] },
  { say: 'change it to winter please', intent: 'restyle', features: ['winter'] },
  { say: 'on second thought, take me to a beach', intent: 'create', features: ['beach'] },
  {
    say: 'erm, hang on, put a hill behind me instead',
    intent: 'expand',
    placement: 'behind',
    features: ['hills'],
  },
  { say: 'I would love a brand new world full of canyons', intent: 'create', features: ['canyon'] },
  {
    say: 'towards my right, more pine trees',
    intent: 'expand',
    placement: 'right',
    features: ['pine forest'],
  },
  { say: 'make the whole place look like autumn', intent: 'restyle', features: ['autumn'] },
  { say: 'please save', intent: 'save' },
  { say: 'cancel that last thing', intent: 'undo' },
  { say: 'bring back what I just undid', intent: 'redo' },
]

/**
 * A second batch, written down on December 7 before that day's grammar changes (a placement at
 * a thing pointed at, removals, a mood asked for with "give me"), and not edited since. "export as
 * ply", said in the same list, is left out: exports are menu actions, the grammar has no file
 * commands.
 */
const HELD_OUT_DECEMBER_7: readonly HeldOut[] = [
  {
    say: 'could you put some pine trees to my left',
    intent: 'expand',
    placement: 'left',
    features: ['pine'],
  },
  { say: 'i want a lake right in front of me', intent: 'expand', placement: 'ahead', features: ['lake'] },
  { say: "let's have mountains behind me", intent: 'expand', placement: 'behind', features: ['mountains'] },
  { say: 'give me a sunset', intent: 'restyle', features: ['sunset'] },
  { say: 'make it rain', intent: 'restyle', features: ['rainy'] },
  { say: 'turn this into a desert', intent: 'restyle', placement: 'here', features: ['desert'] },
  {
    say: "over there i'd like a little village please",
    intent: 'expand',
    placement: 'there',
    features: ['village'],
  },
  { say: 'add a river on the right hand side', intent: 'expand', placement: 'right', features: ['river'] },
  { say: 'no wait go back', intent: 'undo' },
  { say: 'take that back', intent: 'undo' },
  { say: 'save this world', intent: 'save' },
  { say: 'build a castle on that hill', intent: 'expand', placement: 'there' },
  {
    say: 'can we get some snow on those mountains',
    intent: 'restyle',
    placement: 'there',
    features: ['snow'],
  },
  { say: 'put a waterfall straight ahead', intent: 'expand', placement: 'ahead', features: ['waterfall'] },
  { say: 'remove the trees', intent: 'unknown' },
  { say: 'make the sky purple', intent: 'restyle', features: ['purple'] },
  { say: 'more trees over there', intent: 'expand', placement: 'there' },
  { say: 'a beach with palm trees', intent: 'create', features: ['beach', 'palm'] },
  { say: 'hmm maybe add some flowers near me', intent: 'expand', placement: 'here', features: ['flower'] },
  { say: 'change the time to night', intent: 'restyle', features: ['night'] },
  { say: "i'd love a frozen lake to the north", intent: 'expand', features: ['frozen', 'lake'] },
  { say: 'please undo that', intent: 'undo' },
  { say: 'redo', intent: 'redo' },
]

/** A feature is met when some recognised feature name contains it ("pine" in "pine forest"). */
function meets(got: ReturnType<typeof parseCommand>, want: HeldOut): string | null {
  if (got.intent !== want.intent) return `intent ${got.intent}`
  if (want.placement && got.placement !== want.placement) return `placement ${got.placement}`
  const names = got.prompt?.features.map((f) => f.name) ?? []
  for (const f of want.features ?? []) {
    if (!names.some((n) => n.includes(f) || f.includes(n))) return `features ${names.join(', ') || '(none)'}`
  }
  return null
}

/** How many of `batch` read as expected; prints the misses, so a regression shows. */
function score(label: string, batch: readonly HeldOut[]): number {
  const misses: string[] = []
  for (const h of batch) {
    const why = meets(parseCommand(h.say), h)
    if (why) misses.push(`"${h.say}": ${why}`)
  }
  console.log(
    `${label}: ${batch.length - misses.length}/${batch.length}${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`,
  )
  return batch.length - misses.length
}

describe('held-out sentences (not the sentences the rules were written from)', () => {
  it('reads at least 24 of the 27 as a person would expect', () => {
    expect(HELD_OUT.length).toBeGreaterThanOrEqual(20)
    expect(score('held-out', HELD_OUT)).toBeGreaterThanOrEqual(24)
  })

  it('reads at least 18 of the 23 of the second batch (December 7) as a person would expect', () => {
    // 17 before that day's changes: "give me a sunset" and "remove the trees" each made a new
    // world. "remove the trees" is now a removal, which says only what was added can be taken
    // out, where it was written down as not understood: a miss by its label, kept as written.
    expect(score('held-out (December 7)', HELD_OUT_DECEMBER_7)).toBeGreaterThanOrEqual(18)
  })
})
