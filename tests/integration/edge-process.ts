/**
 * Test support for the edge server as a real child process (`node --import tsx src/edge/main.ts`, what
 * `npm run edge` runs, minus npm): the truest check that nothing a client sends ends the process.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import WebSocket from 'ws'
import { TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL } from '../../src/core/wire'
import { EdgeSource, type WebSocketConstructor } from '../../src/sources/edge-source'

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
