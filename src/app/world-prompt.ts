import { encodePrompt } from '../core/prompt'
import type { Region } from '../core/region'
import {
  baseRegion,
  parseWorldDocument,
  regionToData,
  WorldDocument,
  type WorldDocumentJson,
} from '../core/world'

/** What the app shows when nothing was asked for yet (and `?prompt=` is absent). */
export const DEFAULT_PROMPT = 'a misty pine forest with a river at sunset'

/**
 * The one-region table of a world made from a description. `seed` keeps the terrain of a world
 * being restyled (the encoder's seed follows the words, and a restyle adds words).
 */
export function regionsFromPrompt(text: string, seed?: number): Region[] {
  const encoded = encodePrompt(text)
  return [baseRegion({ style: encoded.style, seed: seed ?? encoded.seed })]
}

/**
 * A new world's document: one create edit whose region is exactly regionsFromPrompt's, so frames
 * stored for a world made before documents existed still match what the model would render.
 */
export function documentFromPrompt(
  prompt: string,
  regions: readonly Region[] = regionsFromPrompt(prompt),
): WorldDocument {
  const doc = new WorldDocument()
  doc.apply({ kind: 'create', description: prompt, region: regionToData(regions[0]!) })
  return doc
}

/**
 * The document of a stored world. Records from before the edit log have none: they migrate to a
 * one-create document at their stored version's table; a document that fails to parse (or no
 * longer matches the stored table) is replaced the same way rather than losing the world.
 */
export function documentFromStored(stored: {
  prompt: string
  regions: readonly Region[]
  document?: WorldDocumentJson
}): WorldDocument {
  if (stored.document) {
    try {
      return parseWorldDocument(stored.document)
    } catch {
      // Fall through to the migration: the table itself is still valid.
    }
  }
  return documentFromPrompt(stored.prompt, stored.regions.slice(0, 1))
}
