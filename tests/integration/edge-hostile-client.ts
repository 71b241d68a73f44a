/**
 * A hostile WebSocket peer written by hand on raw TCP (node:net): the ws library will not send a
 * malformed frame, so these helpers build frames byte by byte, and sockets in every connection state.
 */
import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL } from '../../src/core/wire'

export const Opcode = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa }

export interface FrameOptions {
  fin?: boolean
  /** Clients must mask; false makes a protocol violation. */
  mask?: boolean
  /** Claim this payload length in the header whatever the payload's real size (truncation, oversize). */
  declaredLength?: number
  rsv?: number
}

/** One WebSocket frame as a client would send it (masked unless told otherwise). */
export function wsFrame(opcode: number, payload: Buffer = Buffer.alloc(0), o: FrameOptions = {}): Buffer {
  const fin = o.fin ?? true
  const mask = o.mask ?? true
  const len = o.declaredLength ?? payload.length
  const head: number[] = [(fin ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode]
  const m = mask ? 0x80 : 0
  if (len < 126) head.push(m | len)
  else if (len < 65536) head.push(m | 126, len >> 8, len & 0xff)
  else {
    const b = Buffer.alloc(8)
    b.writeBigUInt64BE(BigInt(len))
    head.push(m | 127, ...b)
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload])
  const key = randomBytes(4)
  const body = Buffer.from(payload)
  for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!
  return Buffer.concat([Buffer.from(head), key, body])
}

export function upgradeRequest(host: string, protocols: string[] | null): string {
  const lines = [
    'GET / HTTP/1.1',
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
  ]
  if (protocols) lines.push(`Sec-WebSocket-Protocol: ${protocols.join(', ')}`)
  return lines.join('\r\n') + '\r\n\r\n'
}

export function protocolsFor(token: string | null): string[] | null {
  return token === null ? null : [WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + token]
}

export interface RawPeer {
  socket: Socket
  /** Resolves when the socket closes. */
  closed: Promise<void>
  isClosed: () => boolean
  /** Bytes received so far (HTTP response, then frames). */
  received: () => Buffer
}

export function rawConnect(url: string): Promise<RawPeer> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  const chunks: Buffer[] = []
  let size = 0
  let closed = false
  // The server cuts hostile peers; EPIPE/ECONNRESET on our side are expected.
  socket.on('error', () => {})
  socket.on('data', (d: Buffer) => {
    // Keep a bounded prefix: floods would otherwise fill the test's memory.
    if (size < 1 << 16) chunks.push(d)
    size += d.length
  })
  const done = new Promise<void>((resolve) =>
    socket.on('close', () => {
      closed = true
      resolve()
    }),
  )
  return new Promise((resolve, reject) => {
    socket.once('connect', () =>
      resolve({ socket, closed: done, isClosed: () => closed, received: () => Buffer.concat(chunks) }),
    )
    socket.once('error', reject)
  })
}

/** Connects and completes the upgrade; resolves once the 101 has arrived. */
export async function rawUpgrade(url: string, protocols: string[] | null): Promise<RawPeer> {
  const peer = await rawConnect(url)
  peer.socket.write(upgradeRequest(new URL(url).host, protocols))
  const end = Date.now() + 5000
  while (!peer.received().includes('\r\n\r\n')) {
    if (peer.isClosed() || Date.now() > end) throw new Error(`no upgrade: ${peer.received().toString()}`)
    await new Promise((r) => setTimeout(r, 5))
  }
  const head = peer.received().toString('latin1')
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`upgrade refused: ${head.split('\r\n')[0]}`)
  return peer
}
