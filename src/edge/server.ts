import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { FrameRenderer } from '../core/frame-source'
import {
  CLOSE_CODES,
  decodeMessage,
  encodeError,
  encodeFrame,
  encodeHello,
  MessageType,
  TOKEN_SUBPROTOCOL_PREFIX,
  WIRE_LIMITS,
  WIRE_SUBPROTOCOL,
  WIRE_VERSION,
  WireError,
  WireErrorCode,
} from '../core/wire'
import { EdgeMetrics } from './metrics'
import { ModelQueue } from './model-queue'
import { DEFAULT_EDGE_OPTIONS, type EdgeServerOptions } from './options'
import { TokenBucket } from './rate-limit'
import { timingSafeEqual } from 'node:crypto'

export interface EdgeServer {
  readonly url: string
  readonly port: number
  readonly metrics: EdgeMetrics
  /** Requests accepted and not yet answered, across all connections. */
  readonly requestsInFlight: number
  /** Stop accepting, finish queued and running frames (up to drainTimeoutMs), then close everything. */
  shutdown(): Promise<void>
  /** Close at once, dropping work in progress. */
  close(): Promise<void>
}

interface Connection {
  socket: WebSocket
  bucket: TokenBucket
  inFlight: Map<number, () => boolean>
  malformed: number
  alive: boolean
}

export async function startEdgeServer(
  renderer: FrameRenderer,
  options: Partial<EdgeServerOptions> & { token: string },
): Promise<EdgeServer> {
  const opts: EdgeServerOptions = { ...DEFAULT_EDGE_OPTIONS, ...options }
  if (!opts.token) throw new Error('the edge server needs a token (set WORLDWALK_EDGE_TOKEN)')
  const metrics = new EdgeMetrics()
  const queue = new ModelQueue(renderer, opts.modelConcurrency, (d) => (metrics.queueDepth = d))
  const connections = new Set<Connection>()
  let draining = false

  const http: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(draining ? 503 : 200, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          ok: !draining,
          model: renderer.modelId,
          backend: renderer.backend,
          protocol: WIRE_VERSION,
        }),
      )
    } else if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      res.end(metrics.render({ model: renderer.modelId, backend: renderer.backend }))
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n')
    }
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WIRE_LIMITS.maxRequestBytes,
    handleProtocols: (offered) => (offered.has(WIRE_SUBPROTOCOL) ? WIRE_SUBPROTOCOL : false),
  })

  // Every socket, in every state, has an error listener from the moment it exists: an error event
  // without one ends the process, and a hostile peer can raise one in any state (ws STACK-NOTES).
  http.on('connection', (tcp: Socket) => tcp.on('error', () => tcp.destroy()))
  http.on('clientError', (_err, tcp: Duplex) => tcp.destroy())
  http.on('error', (err) => console.error(`edge: http server error: ${err.message}`))
  wss.on('error', (err) => console.error(`edge: websocket server error: ${err.message}`))

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (draining) return refuse(503, 'Service Unavailable')
    const origin = req.headers.origin
    if (origin !== undefined && !opts.allowedOrigins.includes(origin)) return refuse(403, 'Forbidden')
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req))
  })

  function accept(socket: WebSocket, req: IncomingMessage): void {
    socket.on('error', () => socket.terminate())
    // Browsers cannot read a 401 from a failed handshake, so a bad token is reported with a close code.
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim())
    const presented = offered
      .find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))
      ?.slice(TOKEN_SUBPROTOCOL_PREFIX.length)
    if (socket.protocol !== WIRE_SUBPROTOCOL) {
      return refuse(socket, CLOSE_CODES.protocolError, `offer the ${WIRE_SUBPROTOCOL} sub-protocol`)
    }
    if (presented === undefined || !sameSecret(presented, opts.token)) {
      metrics.countError('unauthorized')
      return refuse(socket, CLOSE_CODES.unauthorized, 'unauthorized: wrong or missing token')
    }
    const conn: Connection = {
      socket,
      bucket: new TokenBucket(opts.ratePerSecond, opts.rateBurst, Date.now()),
      inFlight: new Map(),
      malformed: 0,
      alive: true,
    }
    connections.add(conn)
    metrics.connectionsOpen = connections.size
    metrics.connectionsTotal++
    socket.on('pong', () => (conn.alive = true))
    socket.on('message', (data, isBinary) => onMessage(conn, data as Buffer, isBinary))
    socket.on('close', () => {
      for (const cancel of conn.inFlight.values()) cancel()
      conn.inFlight.clear()
      connections.delete(conn)
      metrics.connectionsOpen = connections.size
    })
    socket.send(
      encodeHello({
        protocol: WIRE_VERSION,
        modelId: renderer.modelId,
        backend: renderer.backend,
        maxInFlight: opts.maxInFlightPerConnection,
        maxRequestBytes: WIRE_LIMITS.maxRequestBytes,
      }),
    )
  }

  /** Closes with a reason the peer can read, and cuts the socket after a short grace whatever it sends. */
  function refuse(socket: WebSocket, code: number, reason: string): void {
    socket.close(code, reason)
    setTimeout(() => socket.terminate(), opts.refusedGraceMs).unref()
  }

  function replyError(conn: Connection, requestId: number, code: WireErrorCode, message: string): void {
    metrics.countError(code)
    if (conn.socket.readyState === conn.socket.OPEN)
      conn.socket.send(encodeError(requestId, { code, message }))
  }

  function onMessage(conn: Connection, data: Buffer, isBinary: boolean): void {
    let msg
    try {
      if (!isBinary)
        throw new WireError(WireErrorCode.Malformed, 'text messages are not part of the protocol')
      msg = decodeMessage(
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        WIRE_LIMITS.maxRequestBytes,
      )
    } catch (err) {
      const e = err instanceof WireError ? err : new WireError(WireErrorCode.Malformed, String(err))
      const id = data.length >= 12 ? data.readUInt32LE(8) : 0
      replyError(conn, e.code === WireErrorCode.InvalidRequest ? id : 0, e.code, e.message)
      if (e.code !== WireErrorCode.InvalidRequest && ++conn.malformed >= opts.maxMalformed) {
        conn.socket.close(CLOSE_CODES.protocolError, 'too many malformed messages')
      }
      return
    }
    if (msg.type === MessageType.Cancel) {
      const cancel = conn.inFlight.get(msg.requestId)
      if (cancel?.()) {
        conn.inFlight.delete(msg.requestId)
        replyError(conn, msg.requestId, WireErrorCode.Cancelled, 'cancelled before it ran')
      }
      return
    }
    if (msg.type !== MessageType.Render) {
      return replyError(
        conn,
        msg.requestId,
        WireErrorCode.UnknownType,
        `clients may not send message type ${msg.type}`,
      )
    }
    const id = msg.requestId
    if (draining) return replyError(conn, id, WireErrorCode.ShuttingDown, 'the server is shutting down')
    if (!conn.bucket.take(Date.now())) return replyError(conn, id, WireErrorCode.RateLimited, 'slow down')
    if (conn.inFlight.has(id))
      return replyError(conn, id, WireErrorCode.InvalidRequest, `request id ${id} is already in flight`)
    if (conn.inFlight.size >= opts.maxInFlightPerConnection) {
      return replyError(
        conn,
        id,
        WireErrorCode.Busy,
        `at most ${opts.maxInFlightPerConnection} requests in flight`,
      )
    }
    const t0 = performance.now()
    const job = queue.submit(msg.request)
    conn.inFlight.set(id, job.cancel)
    job.frame.then(
      (frame) => {
        if (!conn.inFlight.delete(id)) return
        if (conn.socket.readyState !== conn.socket.OPEN) return
        conn.socket.send(encodeFrame({ ...frame, requestId: id }))
        metrics.observeFrame((performance.now() - t0) / 1000)
      },
      (err: unknown) => {
        if (!conn.inFlight.delete(id)) return
        const message = err instanceof Error ? err.message : String(err)
        const code =
          err instanceof Error && err.name === 'FrameRequestError'
            ? WireErrorCode.InvalidRequest
            : WireErrorCode.ModelFailed
        replyError(conn, id, code, message)
      },
    )
  }

  const heartbeat = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        conn.socket.close(CLOSE_CODES.timeout, 'heartbeat missed')
        conn.socket.terminate()
        continue
      }
      conn.alive = false
      conn.socket.ping()
    }
  }, opts.heartbeatMs)
  heartbeat.unref()

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(opts.port, opts.host, () => resolve())
  })
  const port = (http.address() as AddressInfo).port

  async function closeAll(code: number, reason: string): Promise<void> {
    clearInterval(heartbeat)
    for (const conn of connections) conn.socket.close(code, reason)
    // A peer that never answers the close handshake is cut off after a short grace.
    const graceEnd = Date.now() + 1000
    while (connections.size > 0 && Date.now() < graceEnd) await new Promise((r) => setTimeout(r, 10))
    for (const conn of connections) conn.socket.terminate()
    await new Promise<void>((resolve) => wss.close(() => resolve()))
    http.closeAllConnections()
    await new Promise<void>((resolve) => http.close(() => resolve()))
  }

  return {
    url: `ws://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    port,
    metrics,
    get requestsInFlight() {
      let n = 0
      for (const c of connections) n += c.inFlight.size
      return n
    },
    async shutdown() {
      draining = true
      const deadline = Date.now() + opts.drainTimeoutMs
      while (Date.now() < deadline && [...connections].some((c) => c.inFlight.size > 0)) {
        await new Promise((r) => setTimeout(r, 20))
      }
      await closeAll(CLOSE_CODES.goingAway, 'server shutting down')
    },
    close: () => closeAll(CLOSE_CODES.goingAway, 'server closed'),
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
