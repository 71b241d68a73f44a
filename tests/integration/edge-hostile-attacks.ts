/**
 * The hostile-client catalogue shared by the matrix test, the opt-in fuzz and the edge bench: ways
 * to reach each connection state, and attacks to run in it. Every attack writes its bytes and
 * returns; `runAttack` then waits for the server to cut the socket within the state's limit.
 */
import { rng } from '../support/fixtures'
import {
  Opcode,
  protocolsFor,
  rawConnect,
  rawUpgrade,
  upgradeRequest,
  wsFrame,
  type RawPeer,
} from './edge-hostile-client'

/** The server limits the states' deadlines are computed from (pass the same as flags). */
export interface HostileLimits {
  handshakeMs: number
  graceMs: number
  heartbeatMs: number
}

export const limitFlags = (l: HostileLimits): string[] => [
  `--handshake-timeout-ms=${l.handshakeMs}`,
  `--refused-grace-ms=${l.graceMs}`,
  `--heartbeat-ms=${l.heartbeatMs}`,
]

export const noise = (n: number, seed: number): Buffer => {
  const next = rng(seed)
  return Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)))
}

/** Builds a payload on first use and keeps it: the fuzz and the bench repeat attacks by the thousand. */
function once(build: () => Buffer): () => Buffer {
  let bytes: Buffer | undefined
  return () => (bytes ??= build())
}

const PAYLOADS = {
  garbage: once(() => noise(4096, 1)),
  oversized: once(() => wsFrame(Opcode.binary, noise(1 << 20, 3), { declaredLength: 70 * 1024 * 1024 })),
  fragments: once(() => {
    const parts = [wsFrame(Opcode.binary, noise(100, 4), { fin: false })]
    for (let i = 0; i < 1000; i++) parts.push(wsFrame(Opcode.continuation, noise(100, 5), { fin: false }))
    return Buffer.concat(parts)
  }),
  emptyFragments: once(() => {
    const parts = [wsFrame(Opcode.binary, Buffer.alloc(0), { fin: false })]
    for (let i = 0; i < 20_000; i++) parts.push(wsFrame(Opcode.continuation, Buffer.alloc(0), { fin: false }))
    return Buffer.concat(parts)
  }),
  pings: once(() => {
    const ping = wsFrame(Opcode.ping, noise(125, 6))
    return Buffer.concat(Array.from({ length: 2000 }, () => ping))
  }),
}

/** Each attack writes its bytes and returns; the harness then waits for the server to cut the socket. */
export const ATTACKS: Record<string, (p: RawPeer) => void | Promise<void>> = {
  garbage: (p) => void p.socket.write(PAYLOADS.garbage()),
  truncated: (p) => void p.socket.write(wsFrame(Opcode.binary, noise(100, 2), { declaredLength: 1000 })),
  oversized: (p) => void p.socket.write(PAYLOADS.oversized()),
  'fragments over maxPayload': (p) => void p.socket.write(PAYLOADS.fragments()),
  'empty fragment flood': (p) => void p.socket.write(PAYLOADS.emptyFragments()),
  'ping flood': (p) => void p.socket.write(PAYLOADS.pings()),
  'oversized ping': (p) => void p.socket.write(wsFrame(Opcode.ping, noise(200, 7))),
  'close with invalid UTF-8': (p) => {
    p.socket.write(wsFrame(Opcode.close, Buffer.from([0x03, 0xe8, 0xff, 0xfe, 0xc3, 0x28])))
  },
  'close with reserved code': (p) => void p.socket.write(wsFrame(Opcode.close, Buffer.from([0x03, 0xed]))),
  'text with invalid UTF-8': (p) =>
    void p.socket.write(wsFrame(Opcode.text, Buffer.from([0xff, 0xfe, 0xfd]))),
  unmasked: (p) => void p.socket.write(wsFrame(Opcode.binary, noise(40, 8), { mask: false })),
  'reserved opcode and RSV bits': (p) => {
    p.socket.write(
      Buffer.concat([wsFrame(0x3, noise(10, 9)), wsFrame(Opcode.binary, noise(10, 10), { rsv: 7 })]),
    )
  },
  'abrupt reset mid-frame': (p) => {
    p.socket.write(wsFrame(Opcode.binary, noise(10, 11), { declaredLength: 5000 }))
    p.socket.resetAndDestroy()
  },
  'half-close after a frame header': (p) => {
    p.socket.end(wsFrame(Opcode.binary, Buffer.alloc(0), { declaredLength: 60_000 }))
  },
  'silent (never sends another byte)': () => {},
}

type StateSetup = (url: string) => Promise<RawPeer>

export interface HostileState {
  setup: StateSetup
  /** The server must have cut the socket by then, whatever the attack. */
  cutWithinMs: number
}

/** How each connection state is reached before the attack begins. Slack covers a loaded machine. */
export function hostileStates(token: string, l: HostileLimits, slackMs = 1500): Record<string, HostileState> {
  const malformedFive = async (url: string): Promise<RawPeer> => {
    const p = await rawUpgrade(url, protocolsFor(token))
    for (let i = 0; i < 5; i++) p.socket.write(wsFrame(Opcode.binary, noise(20, 20 + i)))
    await new Promise((r) => setTimeout(r, 50))
    return p
  }
  return {
    'TCP accepted, nothing sent': { setup: rawConnect, cutWithinMs: l.handshakeMs + slackMs },
    'half an upgrade request sent': {
      setup: async (url) => {
        const p = await rawConnect(url)
        p.socket.write(upgradeRequest(new URL(url).host, protocolsFor(token)).slice(0, 60))
        return p
      },
      cutWithinMs: l.handshakeMs + slackMs,
    },
    'refused: no sub-protocol (4400)': {
      setup: (url) => rawUpgrade(url, ['not-worldwalk']),
      cutWithinMs: l.graceMs + slackMs,
    },
    'refused: wrong token (4401)': {
      setup: (url) => rawUpgrade(url, protocolsFor('wrong-token')),
      cutWithinMs: l.graceMs + slackMs,
    },
    'open and authenticated': {
      setup: (url) => rawUpgrade(url, protocolsFor(token)),
      // A peer that never answers a ping is gone after a missed heartbeat (two intervals at most).
      cutWithinMs: 2 * l.heartbeatMs + slackMs,
    },
    'closing (server closed it after malformed messages)': {
      setup: malformedFive,
      cutWithinMs: l.graceMs + slackMs,
    },
    'closing (client sent close first)': {
      setup: async (url) => {
        const p = await rawUpgrade(url, protocolsFor(token))
        p.socket.write(wsFrame(Opcode.close, Buffer.from([0x03, 0xe8])))
        return p
      },
      cutWithinMs: 2 * l.heartbeatMs + slackMs,
    },
  }
}

/** Reaches the state, runs the attack, and reports whether the server cut the socket in time. */
export async function runAttack(
  url: string,
  state: HostileState,
  attack: (p: RawPeer) => void | Promise<void>,
): Promise<{ cut: boolean; ms: number }> {
  const peer = await state.setup(url)
  const t0 = Date.now()
  await attack(peer)
  let timer: NodeJS.Timeout | undefined
  const cut = await Promise.race([
    peer.closed.then(() => true),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), state.cutWithinMs))),
  ])
  clearTimeout(timer)
  peer.socket.destroy()
  return { cut, ms: Date.now() - t0 }
}
