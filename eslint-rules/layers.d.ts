import type { ESLint, Rule } from 'eslint'

/** layer -> layers it may import (besides itself); see layers.js for the picture. */
export const LAYERS: Record<string, readonly string[]>
/** The layer of an absolute path: its first folder under srcRoot, or null (outside src/, or src/main.tsx). */
export function layerOf(srcRoot: string, file: string): string | null
export const layersRule: Rule.RuleModule
declare const plugin: ESLint.Plugin & { rules: { layers: Rule.RuleModule } }
export default plugin
