import { describe, expect, it } from 'vitest'
import { INTENTS, parseCommand, stripFillers, type Intent, type Scope } from '../../src/core/command'
import { tokenize, type Placement } from '../../src/core/prompt'

interface Case {
  say: string
  intent: Intent
  placement?: Placement
  scope?: Scope
  description?: string
  /** Lexicon entries the description must be recognised as. */
  features?: string[]
}

const cases: readonly Case[] = [
  // create
  {
    say: 'create a new world: a misty pine forest',
    intent: 'create',
    placement: 'none',
    scope: 'world',
    description: 'a misty pine forest',
    features: ['misty', 'pine forest'],
  },
  {
    say: 'make a world with snowy mountains',
    intent: 'create',
    description: 'snowy mountains',
    features: ['snowy mountains'],
  },
  { say: 'make me a brand new world of desert dunes', intent: 'create', description: 'desert dunes' },
  {
    say: 'show me a desert at night',
    intent: 'create',
    description: 'a desert at night',
    features: ['desert dunes', 'night'],
  },
  { say: 'take me to a beach', intent: 'create', description: 'a beach' },
  { say: "let's go to a swamp", intent: 'create', description: 'a swamp' },
  { say: 'I want to see a canyon at sunset', intent: 'create', description: 'a canyon at sunset' },
  {
    say: 'generate a volcanic world',
    intent: 'create',
    description: 'a volcanic world',
    features: ['volcanic'],
  },
  { say: 'put me in a jungle', intent: 'create', description: 'a jungle' },
  { say: 'create a new world', intent: 'create', description: '' },
  { say: 'start over', intent: 'create', description: '' },
  {
    say: 'a misty pine forest with a river at sunset',
    intent: 'create',
    placement: 'none',
    scope: 'world',
    description: 'a misty pine forest with a river at sunset',
    features: ['misty', 'pine forest', 'river', 'sunset'],
  },
  { say: 'I want a desert at night', intent: 'create', description: 'a desert at night' },
  { say: 'Snowy mountains!', intent: 'create', description: 'snowy mountains' },
  // expand
  {
    say: 'add a lake over there',
    intent: 'expand',
    placement: 'there',
    scope: 'area',
    description: 'a lake',
    features: ['lake'],
  },
  {
    say: 'put a mountain village to my left',
    intent: 'expand',
    placement: 'left',
    description: 'a mountain village',
    features: ['mountains', 'village'],
  },
  { say: 'expand here', intent: 'expand', placement: 'here', scope: 'area', description: '' },
  {
    say: 'more forest ahead',
    intent: 'expand',
    placement: 'ahead',
    description: 'forest',
    features: ['forest'],
  },
  { say: 'grow the world behind me', intent: 'expand', placement: 'behind', description: '' },
  {
    say: 'extend the world to the right with a lake',
    intent: 'expand',
    placement: 'right',
    description: 'a lake',
  },
  { say: 'add some hills on the right', intent: 'expand', placement: 'right', description: 'some hills' },
  { say: 'make a hill over there', intent: 'expand', placement: 'there', description: 'a hill' },
  { say: 'in front of me add a meadow', intent: 'expand', placement: 'ahead', description: 'a meadow' },
  { say: 'a lake to my left', intent: 'expand', placement: 'left', description: 'a lake' },
  { say: 'keep going', intent: 'expand', placement: 'none', description: '' },
  { say: 'add a river where I am pointing', intent: 'expand', placement: 'there', description: 'a river' },
  // restyle
  {
    say: 'make it night',
    intent: 'restyle',
    placement: 'none',
    scope: 'world',
    description: 'night',
    features: ['night'],
  },
  {
    say: 'turn this area into autumn',
    intent: 'restyle',
    placement: 'here',
    scope: 'area',
    description: 'autumn',
    features: ['autumn'],
  },
  {
    say: 'change the whole world to winter',
    intent: 'restyle',
    placement: 'none',
    scope: 'world',
    description: 'winter',
  },
  { say: 'make it look like winter', intent: 'restyle', scope: 'world', description: 'winter' },
  { say: 'make it sunset here', intent: 'restyle', placement: 'here', scope: 'area', description: 'sunset' },
  { say: 'make that area foggy', intent: 'restyle', placement: 'there', scope: 'area', description: 'foggy' },
  { say: 'make the world snowy', intent: 'restyle', scope: 'world', description: 'snowy' },
  { say: 'set the time to dawn', intent: 'restyle', scope: 'world', description: 'dawn' },
  { say: 'switch to night', intent: 'restyle', scope: 'world', description: 'night' },
  { say: 'make this a desert', intent: 'restyle', placement: 'here', scope: 'area', description: 'a desert' },
  { say: 'night', intent: 'restyle', scope: 'world', description: 'night' },
  // undo, redo, save
  { say: 'undo', intent: 'undo' },
  { say: 'undo that', intent: 'undo' },
  { say: 'Go back.', intent: 'undo' },
  { say: 'undo the last change', intent: 'undo' },
  { say: 'redo', intent: 'redo' },
  { say: 'redo that', intent: 'redo' },
  { say: 'save', intent: 'save' },
  { say: 'save the world', intent: 'save' },
  { say: 'save this', intent: 'save' },
  { say: 'save my progress', intent: 'save' },
  // filler
  {
    say: 'Um, hey, could you please add a lake over there?',
    intent: 'expand',
    placement: 'there',
    description: 'a lake',
  },
  { say: 'uh can you like make it night please', intent: 'restyle', description: 'night' },
  { say: 'okay so undo that', intent: 'undo' },
  { say: "let's save the world", intent: 'save' },
  // unknown
  { say: "what's the weather", intent: 'unknown', placement: 'none', description: '' },
  { say: 'asdf qwerty zxcv', intent: 'unknown' },
  { say: 'tell me a joke', intent: 'unknown' },
  { say: 'save the whales', intent: 'unknown' },
  // "further" after "go" is the verb's, not a side's lead ("further over on the left").
  { say: 'go further over on the left', intent: 'expand', placement: 'left', description: '' },
  // A place pointed at by the thing there: its noun goes with the placement.
  { say: 'add a lake beside those trees', intent: 'expand', placement: 'there', description: 'a lake' },
  { say: 'put some snow on that mountain', intent: 'expand', placement: 'there', description: 'some snow' },
  { say: 'I want a lake right in front of me', intent: 'expand', placement: 'ahead', description: 'a lake' },
  // A place the model has no word for, at a time of day: a new world, not this one at night.
  { say: 'a city at night', intent: 'create', description: 'a city at night', features: ['night'] },
  // A mood asked for with "give me", "show me": the world one stands in, not a new one.
  { say: 'give me a sunset', intent: 'restyle', scope: 'world', features: ['sunset'] },
  { say: 'show me some rain', intent: 'restyle', scope: 'world', features: ['rainy'] },
  { say: 'make it bigger', intent: 'unknown' },
  { say: 'is it night', intent: 'unknown' },
  { say: 'play some music in the forest', intent: 'unknown' },
  { say: 'um', intent: 'unknown' },
  { say: '', intent: 'unknown' },
]

describe('command grammar', () => {
  it.each(cases)('"$say" -> $intent', (c) => {
    const parsed = parseCommand(c.say)
    expect(parsed.intent).toBe(c.intent)
    if (c.placement !== undefined) expect(parsed.placement).toBe(c.placement)
    if (c.scope !== undefined) expect(parsed.scope).toBe(c.scope)
    if (c.description !== undefined) expect(parsed.description).toBe(c.description)
    if (c.features) expect(parsed.prompt?.features.map((f) => f.name)).toEqual(c.features)
    expect(INTENTS).toContain(parsed.intent)
  })

  it('encodes the description for commands that change the world', () => {
    const parsed = parseCommand('add a snowy mountain to my left')
    expect(parsed.prompt).toBeDefined()
    expect(parsed.prompt!.placement).toBe('left')
    expect(parsed.prompt!.style[6]).toBeGreaterThan(0.6) // snow
    expect(parsed.prompt!.seed).toBe(parseCommand('create snowy mountain').prompt!.seed)
  })

  it('offers two or three suggestions, and no prompt, when it does not understand', () => {
    for (const say of ["what's the weather", 'blorp', 'is it night']) {
      const parsed = parseCommand(say)
      expect(parsed.prompt).toBeUndefined()
      expect(parsed.suggestions!.length).toBeGreaterThanOrEqual(2)
      expect(parsed.suggestions!.length).toBeLessThanOrEqual(3)
      // Every suggestion must itself be understood.
      for (const s of parsed.suggestions!) expect(parseCommand(s).intent, s).not.toBe('unknown')
    }
    expect(parseCommand('is it night').suggestions![0]).toBe('make it night')
  })

  it('builds a named world from unknown words, but adds nothing it cannot recognise', () => {
    const named = parseCommand('make a world called zorb')
    expect(named.intent).toBe('create')
    expect(named.prompt!.unknownWords).toEqual(['zorb'])
    const castle = parseCommand('add a castle over there')
    expect(castle.intent).toBe('unknown')
    // Understood, and said why nothing happens: not "didn't understand".
    expect(castle.reason).toBe('There is no castle in this model yet.')
    expect(parseCommand('build a spaceship on that hill').reason).toBe(
      'There is no spaceship in this model yet.',
    )
    for (const s of castle.suggestions!) expect(parseCommand(s).intent, s).not.toBe('unknown')
    expect(parseCommand('blorp').reason).toBeUndefined()
  })

  it('reads a removal as one, of what is at the place, and makes no world of its words', () => {
    // "remove that", "delete it": the last change, as undo (fixed-commands.ts).
    expect(parseCommand('remove that').intent).toBe('undo')
    for (const [say, placement, description] of [
      ['remove the lake', 'none', 'the lake'],
      ['take that away', 'none', 'that'],
      ['get rid of the village over there', 'there', 'the village'],
      ['please delete those houses to my left', 'left', 'those houses'],
      ['remove the trees', 'none', 'the trees'],
    ] as const) {
      const parsed = parseCommand(say)
      expect(parsed.intent, say).toBe('remove')
      expect(parsed.placement, say).toBe(placement)
      expect(parsed.description, say).toBe(description)
      expect(parsed.prompt, say).toBeUndefined()
    }
  })

  it('gives no suggestions when it understood', () => {
    expect(parseCommand('make it night').suggestions).toBeUndefined()
  })

  it('is case and punctuation insensitive', () => {
    const a = parseCommand('ADD A LAKE, OVER THERE!!!')
    const b = parseCommand('add a lake over there')
    expect({ ...a, prompt: undefined }).toEqual({ ...b, prompt: undefined })
  })
})

describe('filler', () => {
  it.each([
    ['um could you please add a lake', 'add a lake'],
    ['okay so can you like make it night now', 'make it night'],
    ['hey i want a desert', 'a desert'],
    ['lets go to a beach thank you', 'go to a beach'],
    ['a lake you know over there', 'a lake over there'],
  ])('"%s" -> "%s"', (say, kept) => {
    expect(stripFillers(tokenize(say)).join(' ')).toBe(kept)
  })
})
