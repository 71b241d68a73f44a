/**
 * The edge source when its server dies: the browser marks the socket CLOSING the moment the TCP
 * connection goes, and fires `close` a little later. A request made in between must fall back at
 * once, not be sent into a closing socket (Chromium drops it and logs "WebSocket is already in
 * CLOSING or CLOSED state"; the request would hang until the close event).
 *
 * The socket here is a test double: the window between a browser's readyState change and its close
 * event cannot be timed from Node with a real server. The integration tier runs EdgeSource against
 * the real server on loopback.
 */
import { describe, expect, it } from 'vitest'
import type { FrameRequest } from '../../src/core/frame'
import { SourceUnavailableError } from '../../src/core/frame-source'
import { pose } from '../../src/core/pose'
import { encodeHello, WIRE_LIMITS } from '../../src/core/wire'
import { EdgeSource, type WebSocketLike } from '../../src/sources/edge-source'

const request = (id: number): FrameRequest => ({
  id,
  pose: pose([0, 1.6, 0]),
  camera: { model: 'perspective', width: 32, height: 32 },
  worldVersion: 1,
  regions: [],
})

class ScriptedSocket implements WebSocketLike {
  static last: ScriptedSocket | null = null
  binaryType = 'blob'
  readyState = 1
  sent: Uint8Array[] = []
  onopen: WebSocketLike['onopen'] = null
  onmessage: WebSocketLike['onmessage'] = null
  onclose: WebSocketLike['onclose'] = null
  onerror: WebSocketLike['onerror'] = null
  constructor() {
    ScriptedSocket.last = this
  }
  send(data: Uint8Array): void {
    this.sent.push(data)
  }
  close(): void {
    this.readyState = 3
  }
}

function readySource(): { source: EdgeSource; socket: ScriptedSocket } {
  const source = new EdgeSource({ url: 'ws://edge.invalid', token: 't', WebSocket: ScriptedSocket })
  const socket = ScriptedSocket.last!
  const hello = encodeHello({
    protocol: 1,
    modelId: 'm',
    backend: 'cpu',
    maxInFlight: 4,
    maxRequestBytes: WIRE_LIMITS.maxRequestBytes,
  })
  socket.onmessage!({ data: hello.buffer.slice(hello.byteOffset, hello.byteOffset + hello.byteLength) })
  return { source, socket }
}

describe('edge source on a closing socket', () => {
  it('serves while the socket is open', () => {
    const { source, socket } = readySource()
    expect(source.status().health).toBe('ready')
    void source.render(request(1)).catch(() => undefined)
    expect(socket.sent).toHaveLength(1)
    source.dispose()
  })

  it('refuses at once, sending nothing, once the socket is closing but its close event has not fired', async () => {
    const { source, socket } = readySource()
    socket.readyState = 2
    await expect(source.render(request(2))).rejects.toBeInstanceOf(SourceUnavailableError)
    expect(socket.sent).toHaveLength(0)
    source.dispose()
  })
})
