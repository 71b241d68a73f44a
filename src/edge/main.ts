/**
 * `npm run edge -- [--port N] [--host H] [--backend cpu|cuda|triton] [--triton-url URL] ...`
 * Starts the edge frame server. The token comes from WORLDWALK_EDGE_TOKEN (never a flag, so it
 * does not show in `ps`); without one, a random token is made and printed for this run.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import type { FrameRenderer } from '../core/frame-source'
import { DEFAULT_EDGE_OPTIONS } from './options'
import { startEdgeServer } from './server'
import { ThreadRenderer } from './thread-renderer'

/** Limits settable from the command line: flag, option. README's edge options table lists them. */
const LIMIT_FLAGS = [
  ['max-connections', 'maxConnections'],
  ['max-connections-per-address', 'maxConnectionsPerAddress'],
  ['handshake-timeout-ms', 'handshakeTimeoutMs'],
  ['max-queued-frames', 'maxQueuedFrames'],
  ['max-buffered-bytes', 'maxBufferedBytes'],
  ['max-pings-per-second', 'maxPingsPerSecond'],
  ['refused-grace-ms', 'refusedGraceMs'],
  ['heartbeat-ms', 'heartbeatMs'],
] as const satisfies readonly (readonly [string, keyof typeof DEFAULT_EDGE_OPTIONS])[]

const HELP = `usage: npm run edge -- [options]

  --port N                          TCP port (default ${DEFAULT_EDGE_OPTIONS.port}; env WORLDWALK_EDGE_PORT)
  --host H                          interface to bind (default ${DEFAULT_EDGE_OPTIONS.host}; env WORLDWALK_EDGE_HOST)
  --origin URL                      allowed browser origin, repeatable (default the local dev/preview servers)
  --model ID                        model id from models/manifest.json (default: the manifest's default)
  --backend B                       cpu (default), cuda (onnxruntime-node CUDA provider), or triton
  --triton-url URL                  Triton/KServe v2 HTTP endpoint, with --backend triton
  --triton-model NAME               model name on Triton (default worldwalk-reference)
  --max-in-flight N                 requests per connection (default ${DEFAULT_EDGE_OPTIONS.maxInFlightPerConnection})
${LIMIT_FLAGS.map(([flag, key]) => `  --${flag} N`.padEnd(36) + `see README (default ${DEFAULT_EDGE_OPTIONS[key]})`).join('\n')}

env: WORLDWALK_EDGE_TOKEN (required by clients; generated when unset)`

async function main(): Promise<void> {
  const { values: parsed } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      origin: { type: 'string', multiple: true },
      model: { type: 'string' },
      backend: { type: 'string', default: 'cpu' },
      'triton-url': { type: 'string' },
      'triton-model': { type: 'string', default: 'worldwalk-reference' },
      'max-in-flight': { type: 'string' },
      ...Object.fromEntries(LIMIT_FLAGS.map(([flag]) => [flag, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  const values = parsed as typeof parsed & Record<string, string | undefined>
  if (values.help) {
    console.log(HELP)
    return
  }
  const port = intOption(values.port ?? process.env.WORLDWALK_EDGE_PORT, 'port', DEFAULT_EDGE_OPTIONS.port)
  const host = values.host ?? process.env.WORLDWALK_EDGE_HOST ?? DEFAULT_EDGE_OPTIONS.host
  const maxIn = intOption(
    values['max-in-flight'],
    'max-in-flight',
    DEFAULT_EDGE_OPTIONS.maxInFlightPerConnection,
  )
  let token = process.env.WORLDWALK_EDGE_TOKEN ?? ''
  if (!token) {
    token = randomBytes(18).toString('base64url')
    console.log(`edge: WORLDWALK_EDGE_TOKEN not set; this run's token is ${token}`)
  }

  const renderer = await makeRenderer(
    values.backend,
    values.model,
    values['triton-url'],
    values['triton-model'],
  )
  const server = await startEdgeServer(renderer, {
    port,
    host,
    token,
    maxInFlightPerConnection: maxIn,
    ...Object.fromEntries(
      LIMIT_FLAGS.map(([flag, key]) => [
        key,
        intOption(values[flag], flag, DEFAULT_EDGE_OPTIONS[key], Number.MAX_SAFE_INTEGER),
      ]),
    ),
    ...(values.origin ? { allowedOrigins: values.origin } : {}),
  })
  console.log(
    `edge: serving ${renderer.modelId} on ${renderer.backend} at ${server.url} (health: ${server.url.replace('ws', 'http')}/healthz)`,
  )

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`edge: ${signal}, draining`)
    void server.shutdown().then(async () => {
      if (renderer instanceof ThreadRenderer) await renderer.dispose()
      console.log('edge: stopped')
      process.exit(0)
    })
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

async function makeRenderer(
  backend: string,
  model: string | undefined,
  tritonUrl: string | undefined,
  tritonModel: string,
): Promise<FrameRenderer> {
  if (backend === 'cpu' || backend === 'cuda') {
    return ThreadRenderer.start({
      backend: 'node',
      ...(model ? { modelId: model } : {}),
      ...(backend === 'cuda' ? { executionProviders: ['cuda', 'cpu'] } : {}),
    })
  }
  if (backend === 'triton') {
    if (!tritonUrl) throw new Error('--backend triton needs --triton-url')
    const { TritonRenderer } = await import('./triton-renderer')
    return TritonRenderer.connect({
      url: tritonUrl,
      model: tritonModel,
      ...(model ? { modelId: model } : {}),
    })
  }
  throw new Error(`unknown backend "${backend}" (cpu, cuda or triton)`)
}

function intOption(value: string | undefined, name: string, fallback: number, max = 65535): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`--${name} must be an integer, got "${value}"`)
  return n
}

main().catch((err: unknown) => {
  console.error(`edge: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
