/**
 * `npm run cli -- <command> ...`: each command lives in its own file and returns an exit code.
 * Errors are one line on stderr and a non-zero exit, so the CLI composes in shell pipelines.
 */
type Command = (argv: string[]) => Promise<number>

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  render: {
    summary: 'render one frame of a prompt to PNG (local model or --edge)',
    load: async () => (await import('./render-command')).runRender,
  },
  'triton-repo': {
    summary: 'write a Triton Inference Server model repository for the bundled model',
    load: async () => (await import('./triton-repo-command')).runTritonRepo,
  },
  generate: {
    summary: 'generate a world headlessly and write .json, .spz, .ply, .splat, .glb or a .png panorama',
    load: async () => (await import('./generate-command')).runGenerate,
  },
  inspect: {
    summary: 'parse a .spz/.ply/.splat/.glb/world .json with the import readers and summarise it',
    load: async () => (await import('./inspect-command')).runInspect,
  },
  listen: {
    summary: 'transcribe a 16 kHz mono WAV with the on-device recogniser and parse it as a command',
    load: async () => (await import('./listen-command')).runListen,
  },
  parse: {
    summary: 'parse a spoken or typed command into JSON',
    load: async () => (await import('./parse-command')).runParse,
  },
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  return ['usage: npm run --silent cli -- <command> [options]', '', 'commands:', ...lines].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h') {
    console.log(usage())
    return name ? 0 : 2
  }
  const command = commands[name]
  if (!command) {
    console.error(`worldwalk: unknown command "${name}" (try --help)`)
    return 2
  }
  return (await command.load())(rest)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    console.error(`worldwalk: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = 1
  },
)
