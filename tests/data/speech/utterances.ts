/**
 * What the evaluation set says: commands of each kind the grammar knows, each with what the typed
 * grammar reads in it (the reference the recogniser's result is scored against). Written as a
 * person would say them, not sampled from the speech grammar.
 */
export const EVAL_UTTERANCES: readonly string[] = [
  // create
  'create a misty pine forest',
  'show me a desert at night',
  'take me to a beach',
  'make a world with snowy mountains',
  'start over',
  // expand with placement
  'add a lake over there',
  'put a river to my left',
  'add some hills behind me',
  'grow the forest to the right',
  'add a volcano in front of me',
  'push the desert out towards my left',
  'on my right i would like a meadow',
  // restyle
  'make it night',
  'make it winter',
  'change it to sunset',
  'make this area foggy',
  // undo, redo, save
  'undo',
  'undo that',
  'scratch that undo',
  'redo',
  'go forward',
  'save the world',
  'save',
  'please save my world',
]

/**
 * Commands said hands-free, after the wake phrase (tests/bench/wake.bench.ts): one of each kind,
 * the wake set being made from "<wake phrase>, <command>".
 */
export const WAKE_COMMANDS: readonly string[] = [
  'add a lake over there',
  'put a river to my left',
  'add some hills behind me',
  'make it night',
  'make it winter',
  'undo',
  'redo',
  'save',
]
