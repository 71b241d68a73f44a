/**
 * Test support for the edge server as a real child process (`node --import tsx src/edge/main.ts`, what
 * `npm run edge` runs, minus npm): the truest check that nothing a client sends ends the process.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import WebSocket from 'ws'
import { TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL } from '../../src/core/wire'
import type { Frame } from '../../src/core/frame'
import { EdgeSource, type WebSocketConstructor } from '../../src/sources/edge-source'
import { sampleRequest } from '../support/fixtures'
import { loadReferenceRuntime } from '../support/node-runtime'

export interface EdgeProcess {
  readonly url: string
  readonly child: ChildProcess
  /** Everything the process wrote on stdout and stderr. */
  readonly log: () => string
  /** Set when the process exits; a hostile test asserts it stays null. */
  readonly exited: () => { code: number | null; signal: string | null } | null
  stop(): Promise<void>
}

export async function spawnEdge(token: string, args: string[] = []): Promise<EdgeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/edge/main.ts', '--port', '0', ...args], {
    env: { ...process.env, WORLDWALK_EDGE_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let exit: { code: number | null; signal: string | null } | null = null
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = { code, signal }
      resolve()
    }),
  )
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`edge did not start in 60 s:\n${out}`)), 60_000)
    const check = (): void => {
      const m = /at (ws:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    }
    child.stdout.on('data', check)
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`edge exited before serving:\n${out}`))
    })
  })
  return {
    url,
    child,
    log: () => out,
    exited: () => exit,
    async stop() {
      if (exit) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export function wsClientOptions(token: string): string[] {
  return [WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + token]
}

export function edgeSource(url: string, token: string): EdgeSource {
  return new EdgeSource({ url, token, WebSocket: WebSocket as unknown as WebSocketConstructor })
}

export async function until(cond: () => boolean, ms = 5000, what = 'a condition'): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export async function readySource(url: string, token: string): Promise<EdgeSource> {
  const s = edgeSource(url, token)
  await until(() => s.status().health === 'ready', 10_000, 'the edge source to be ready')
  return s
}

/**
 * A well-behaved client that, on each `check()`, asks for a frame and compares it byte for byte
 * with the same request rendered locally (the reference model on onnxruntime-node).
 */
export async function goodClient(
  url: string,
  token: string,
): Promise<{ check: () => Promise<void>; dispose: () => void; reconnects: () => number }> {
  const poses = [0, 1, 2].map((i) =>
    sampleRequest(1000 + i, {
      camera: { model: 'perspective', width: 32, height: 24, fovYDeg: 70 },
      pose: { position: [i * 3, 1.7, -i], rotation: [0, Math.sin(i / 2), 0, Math.cos(i / 2)] },
    }),
  )
  const runtime = await loadReferenceRuntime()
  const local: Frame[] = []
  for (const req of poses) local.push(await runtime.render(req))
  const source = await readySource(url, token)
  let served = 0
  let reconnects = 0
  return {
    async check() {
      // A headset whose own process stalled past a heartbeat is dropped and reconnects; so does this.
      if (source.status().health !== 'ready') {
        reconnects++
        await until(() => source.status().health === 'ready', 20_000, 'the good client to reconnect')
      }
      const i = served++ % poses.length
      const frame = await source.render({ ...poses[i]!, id: 5000 + served })
      const want = local[i]!
      if (!Buffer.from(frame.rgba).equals(Buffer.from(want.rgba)))
        throw new Error(`edge frame ${frame.requestId}: colour differs from the local render`)
      if (!Buffer.from(frame.depth.buffer).equals(Buffer.from(want.depth.buffer)))
        throw new Error(`edge frame ${frame.requestId}: depth differs from the local render`)
    },
    dispose: () => source.dispose(),
    reconnects: () => reconnects,
  }
}

/** Sums a Prometheus metric's samples (all label sets) from the server's /metrics. */
export async function scrapeMetric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url.replace('ws:', 'http:') + '/metrics')).text()
  let sum = 0
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(m[1])
  return sum
}
