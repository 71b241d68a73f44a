/** A small `--flag value` / `--flag=value` parser for the generate and inspect commands. */
export class UsageError extends Error {}

export interface ParsedFlags {
  values: Map<string, string>
  switches: Set<string>
  positional: string[]
}

export function parseFlags(
  argv: readonly string[],
  valued: readonly string[],
  switches: readonly string[],
): ParsedFlags {
  const out: ParsedFlags = { values: new Map(), switches: new Set(), positional: [] }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) {
      out.positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    if (switches.includes(flag) && eq < 0) {
      out.switches.add(flag)
      continue
    }
    if (!valued.includes(flag)) throw new UsageError(`unknown option "${arg}"`)
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined) throw new UsageError(`${flag} needs a value`)
    out.values.set(flag, value)
  }
  return out
}
