import { parseCommand, type ParsedCommand } from '../core/command'
import { styleRecord } from '../core/style'

/**
 * `npm run --silent cli -- parse "<utterance>" [--json]`: shows how the command grammar reads an
 * utterance. With --json the last stdout line is one JSON object, for scripts and tests.
 */
export function runParse(argv: string[]): Promise<number> {
  const words: string[] = []
  let json = false
  for (const arg of argv) {
    if (arg === '--json') json = true
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run --silent cli -- parse "<utterance>" [--json]')
      return Promise.resolve(0)
    } else if (arg.startsWith('--')) {
      console.error(`worldwalk parse: unknown option ${arg} (usage: parse "<utterance>" [--json])`)
      return Promise.resolve(2)
    } else words.push(arg)
  }
  const utterance = words.join(' ').trim()
  if (utterance.length === 0) {
    console.error('worldwalk parse: missing utterance (usage: parse "<utterance>" [--json])')
    return Promise.resolve(2)
  }
  const command = parseCommand(utterance)
  console.log(json ? JSON.stringify(toJson(command)) : describe(command))
  return Promise.resolve(0)
}

function toJson(c: ParsedCommand): Record<string, unknown> {
  const p = c.prompt
  return {
    intent: c.intent,
    placement: c.placement,
    scope: c.scope,
    description: c.description,
    heard: c.heard,
    features: p?.features.map((f) => f.name) ?? [],
    negated: p?.negated ?? [],
    unknownWords: p?.unknownWords ?? [],
    ...(p && {
      seed: p.seed,
      // Three decimals: enough to see what a word did, short enough to read.
      style: Object.fromEntries(
        Object.entries(styleRecord(p.style)).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
      ),
    }),
    ...(c.suggestions && { suggestions: c.suggestions }),
    ...(c.reason && { reason: c.reason }),
  }
}

function describe(c: ParsedCommand): string {
  if (c.intent === 'unknown') {
    const why = c.reason ?? `didn't understand "${c.heard}"`
    return [why, 'try:', ...(c.suggestions ?? []).map((s) => `  ${s}`)].join('\n')
  }
  const lines = [`intent:      ${c.intent}`, `placement:   ${c.placement}`, `scope:       ${c.scope}`]
  lines.push(`description: ${c.description || '(none)'}`)
  const p = c.prompt
  if (p) {
    lines.push(`recognised:  ${p.features.map((f) => f.name).join(', ') || '(nothing)'}`)
    if (p.negated.length > 0) lines.push(`without:     ${p.negated.join(', ')}`)
    if (p.unknownWords.length > 0) lines.push(`unknown:     ${p.unknownWords.join(', ')}`)
    lines.push(`seed:        ${p.seed}`)
  }
  return lines.join('\n')
}
