/** The voice and text command grammar: an utterance to a typed command. */
export { INTENTS, type Intent, type ParsedCommand, type Scope } from './command'
export { parseCommand } from './grammar'
export { stripFillers } from './filler'
export { suggestCommands } from './suggestions'
export { spokenCommandGraph } from './spoken-grammar'
export { WordGraph, samplePath, type WordArc } from './word-graph'
export { WAKE_PHRASE, saysWake, withoutWake } from './wake-phrase'
