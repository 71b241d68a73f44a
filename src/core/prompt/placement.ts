import { longestPhraseAt, singular, tokenize } from './text'

/**
 * Where a prompt asks for its region, relative to the person: `here` is where they stand, `there`
 * the gaze or pointer target, the rest directions from their head. `none` leaves the choice to the
 * caller (a new world, or the current target). Placement never changes a region's style or seed.
 */
export const PLACEMENTS = ['here', 'there', 'left', 'right', 'behind', 'ahead', 'none'] as const
export type Placement = (typeof PLACEMENTS)[number]

/**
 * Spatial phrases. Bare "left"/"right" are left out on purpose: "right" is filler as often as a
 * direction ("right here", "all right").
 */
export const PLACEMENT_PHRASES: Readonly<Record<Exclude<Placement, 'none'>, readonly string[]>> = {
  here: [
    'here',
    'right here',
    'over here',
    'around here',
    'around me',
    'near me',
    'next to me',
    'beside me',
    'at my feet',
    'where i am',
    'where i stand',
    'where im standing',
    'where i am standing',
  ],
  there: [
    'there',
    'over there',
    'out there',
    'right there',
    'that way',
    'yonder',
    'over yonder',
    'at that spot',
    'where i point',
    'where im pointing',
    'where i am pointing',
    'where im looking',
    'where i am looking',
    'where i look',
  ],
  left: [
    'to my left',
    'on my left',
    'to the left',
    'on the left',
    'at the left',
    'to our left',
    'on our left',
    'on the left side',
    'on the left hand side',
    'left side',
    'leftward',
    'leftwards',
  ],
  right: [
    'to my right',
    'on my right',
    'to the right',
    'on the right',
    'at the right',
    'to our right',
    'on our right',
    'on the right side',
    'on the right hand side',
    'right side',
    'rightward',
    'rightwards',
  ],
  behind: [
    'behind',
    'behind me',
    'behind us',
    'at my back',
    'back there',
    'in back of me',
    'to my back',
    'right behind me',
    'just behind me',
    'directly behind me',
  ],
  ahead: [
    'ahead',
    'ahead of me',
    'ahead of us',
    'straight ahead',
    'up ahead',
    'in front',
    'in front of me',
    'in front of us',
    'right in front',
    'right in front of me',
    'right in front of us',
    'just in front of me',
    'directly in front of me',
    'right ahead',
    'just ahead',
    'directly ahead',
    'dead ahead',
    'forward',
    'forwards',
  ],
}

/**
 * A place named by pointing at a thing: "on that hill", "by those trees", "next to that lake".
 * The thing is what the person points or looks at, so the place is `there`. Generated, like the
 * sides below; the thing's noun goes with the placement, not into the description ("build a
 * castle on that hill" adds a castle, not a hill).
 */
const POINTED_PREPOSITIONS = [
  'on',
  'on top of',
  'up on',
  'at',
  'by',
  'near',
  'beside',
  'next to',
  'in',
  'into',
  'over',
  'across',
  'around',
  'along',
  'beyond',
  'past',
  'behind',
  'in front of',
  'under',
  'below',
  'above',
]
const POINTED_DEMONSTRATIVES = ['that', 'those', 'yonder']
const POINTED_THINGS = `hill mountain peak ridge slope cliff rock boulder stone lake pond river stream creek
  shore beach coast bank water sea ocean island field meadow valley plain clearing forest wood
  tree bush dune desert house village road path ground land spot place area patch side corner`.split(/\s+/)

function pointedPhrases(): string[] {
  const out: string[] = []
  for (const prep of POINTED_PREPOSITIONS)
    for (const that of POINTED_DEMONSTRATIVES)
      for (const thing of POINTED_THINGS) out.push(`${prep} ${that} ${thing}`)
  return out
}

/**
 * Sides said with a preposition and a lead-in: "towards my left", "way out on the right", "off to
 * the left side". Generated, because people combine these freely.
 */
const SIDE_LEADS = ['', 'over', 'out', 'off', 'way', 'way out', 'way over', 'far', 'just', 'further']
const SIDE_PREPOSITIONS = [
  'to',
  'on',
  'towards',
  'toward',
  'at',
  'over to',
  'out to',
  'off to',
  'over on',
  'out on',
]
const SIDE_OWNERS = ['my', 'the', 'our']
const SIDE_TAILS = ['', ' side', ' hand side']

function sidePhrases(side: 'left' | 'right'): string[] {
  const out: string[] = []
  for (const lead of SIDE_LEADS)
    for (const prep of SIDE_PREPOSITIONS)
      for (const owner of SIDE_OWNERS)
        for (const tail of SIDE_TAILS) out.push(`${lead} ${prep} ${owner} ${side}${tail}`.trim())
  return out
}

const TABLE: readonly { placement: Placement; phrase: readonly string[] }[] = [
  ...Object.entries(PLACEMENT_PHRASES).flatMap(([placement, phrases]) =>
    phrases.map((p) => ({ placement: placement as Placement, phrase: tokenize(p) })),
  ),
  ...(['left', 'right'] as const).flatMap((side) =>
    sidePhrases(side).map((p) => ({ placement: side as Placement, phrase: tokenize(p) })),
  ),
  ...pointedPhrases().map((p) => ({ placement: 'there' as Placement, phrase: tokenize(p) })),
]

/** The table by the singular of each phrase's first word: a handful of rows to try per token. */
const BY_FIRST = new Map<string, { placement: Placement; phrase: readonly string[] }[]>()
for (const row of TABLE) {
  const key = singular(row.phrase[0]!)
  BY_FIRST.set(key, [...(BY_FIRST.get(key) ?? []), row])
}

/** Words before "further" that make it part of a verb ("go further", "keep going further"). */
const GOING = new Set(['go', 'going'])

/** "there is a lake": existential "there" says nothing about where. */
const EXISTENTIAL_FOLLOWERS = new Set(['is', 'are', 'was', 'were', 'be', 'will', 'should', 'must'])

export interface PlacementResult {
  /** The first placement phrase in the text, or `none`. */
  placement: Placement
  /** The tokens with every placement phrase removed. */
  rest: string[]
}

/** Finds placement phrases (longest first at each position) and removes them all from the tokens. */
export function extractPlacement(tokens: readonly string[]): PlacementResult {
  let placement: Placement = 'none'
  const rest: string[] = []
  let i = 0
  while (i < tokens.length) {
    let best: { placement: Placement; length: number } | undefined
    for (const row of BY_FIRST.get(singular(tokens[i]!)) ?? []) {
      const length = longestPhraseAt(tokens, i, [row.phrase])
      if (length > (best?.length ?? 0)) best = { placement: row.placement, length }
    }
    const existential =
      best?.placement === 'there' && best.length === 1 && EXISTENTIAL_FOLLOWERS.has(tokens[i + 1] ?? '')
    // "go further over on the left": "further" belongs to the verb, not to the side after it.
    const verbTail = tokens[i] === 'further' && GOING.has(tokens[i - 1] ?? '')
    if (best && !existential && !verbTail) {
      if (placement === 'none') placement = best.placement
      i += best.length
    } else {
      rest.push(tokens[i])
      i++
    }
  }
  return { placement, rest }
}
