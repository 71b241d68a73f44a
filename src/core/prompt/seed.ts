/**
 * A region's noise seed from its description. FNV-1a is stable across platforms and releases (unlike
 * anything keyed on object identity or Math.random), so the same words always grow the same world,
 * and a word the lexicon does not know still changes the world, deterministically, through the seed.
 */
export function promptSeed(words: readonly string[]): number {
  let h = 0x811c9dc5
  const text = words.join(' ')
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  // Fold rather than truncate so every input bit reaches the 16-bit seed.
  return ((h >>> 16) ^ h) & 0xffff
}
