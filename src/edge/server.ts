import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { FrameRenderer } from '../core/frame-source'
import {
  CLOSE_CODES,
  encodeHello,
  TOKEN_SUBPROTOCOL_PREFIX,
  WIRE_LIMITS,
  WIRE_SUBPROTOCOL,
  WIRE_VERSION,
} from '../core/wire'
import { Admission } from './admission'
import { closeAndCut, Connection, type ConnectionContext } from './connection'
import { EdgeMetrics } from './metrics'
import { ModelQueue } from './model-queue'
import { DEFAULT_EDGE_OPTIONS, type EdgeServerOptions } from './options'

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

/**
 * The edge server: HTTP (health, metrics) and the WebSocket frame protocol on one port. Every socket
 * has an error listener from the moment it exists, in every state (TCP accepted, handshaking,
 * refused, open, draining, closing): in Node an `error` event without a listener ends the process,
 * and any peer can raise one (see the ws note in STACK-NOTES).
 */
export async function startEdgeServer(
  renderer: FrameRenderer,
  options: Partial<EdgeServerOptions> & { token: string },
): Promise<EdgeServer> {
  const opts: EdgeServerOptions = { ...DEFAULT_EDGE_OPTIONS, ...options }
  if (!opts.token) throw new Error('the edge server needs a token (set WORLDWALK_EDGE_TOKEN)')
  const metrics = new EdgeMetrics()
  metrics.limits = limitsForMetrics(opts)
  const admission = new Admission(opts, metrics)
  const queue = new ModelQueue(renderer, opts.modelConcurrency, (d) => (metrics.queueDepth = d))
  const connections = new Set<Connection>()
  let draining = false
  const ctx: ConnectionContext = {
    opts,
    metrics,
    queue,
    draining: () => draining,
    onClosed: (conn) => {
      connections.delete(conn)
      metrics.connectionsOpen = connections.size
    },
  }

  // Node checks these timeouts every connectionsCheckingInterval: a second request on a kept-alive
  // socket that never finishes its headers is dropped like a first one.
  const timeouts = { headersTimeout: opts.handshakeTimeoutMs, requestTimeout: opts.handshakeTimeoutMs }
  const http: Server = createServer({ ...timeouts, connectionsCheckingInterval: 1000 }, (req, res) => {
    if (!admission.isAdmitted(req.socket)) return void req.socket.destroy()
    admission.handshakeDone(req.socket)
    serveHttp(req, res)
  })
  http.on('connection', (tcp: Socket) => admission.admit(tcp))
  // Malformed HTTP (bad headers, oversized headers): Node's default answers 400 and keeps going;
  // ours also counts it. The socket's error listener was attached in admit().
  http.on('clientError', (_err, tcp: Duplex) => {
    metrics.countRefused('bad_http')
    tcp.destroy()
  })
  http.on('error', (err) => console.error(`edge: http server error: ${err.message}`))

  function serveHttp(req: IncomingMessage, res: ServerResponse): void {
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
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WIRE_LIMITS.maxRequestBytes,
    perMessageDeflate: false, // compressed messages would let a small message inflate past maxPayload's intent
    handleProtocols: (offered) => (offered.has(WIRE_SUBPROTOCOL) ? WIRE_SUBPROTOCOL : false),
  })
  wss.on('error', (err) => console.error(`edge: websocket server error: ${err.message}`))

  http.on('upgrade', (req: IncomingMessage, tcp: Duplex, head: Buffer) => {
    if (!admission.isAdmitted(tcp)) return void tcp.destroy()
    const refuse = (status: number, text: string, reason: string): void => {
      metrics.countRefused(reason)
      tcp.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (draining) return refuse(503, 'Service Unavailable', 'draining')
    const origin = req.headers.origin
    if (origin !== undefined && !opts.allowedOrigins.includes(origin))
      return refuse(403, 'Forbidden', 'origin')
    wss.handleUpgrade(req, tcp, head, (ws) => {
      admission.handshakeDone(tcp)
      accept(ws, req)
    })
  })

  function accept(socket: WebSocket, req: IncomingMessage): void {
    socket.on('error', () => socket.terminate())
    // Browsers cannot read a 401 from a failed handshake, so a bad token is reported with a close code.
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim())
    const presented = offered
      .find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))
      ?.slice(TOKEN_SUBPROTOCOL_PREFIX.length)
    if (socket.protocol !== WIRE_SUBPROTOCOL) {
      metrics.countRefused('subprotocol')
      const reason = `offer the ${WIRE_SUBPROTOCOL} sub-protocol`
      return closeAndCut(socket, CLOSE_CODES.protocolError, reason, opts.refusedGraceMs)
    }
    if (presented === undefined || !sameSecret(presented, opts.token)) {
      metrics.countError('unauthorized')
      metrics.countRefused('unauthorized')
      const reason = 'unauthorized: wrong or missing token'
      return closeAndCut(socket, CLOSE_CODES.unauthorized, reason, opts.refusedGraceMs)
    }
    const conn = new Connection(socket, ctx)
    connections.add(conn)
    metrics.connectionsOpen = connections.size
    metrics.connectionsTotal++
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

  const heartbeat = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        metrics.countRefused('heartbeat')
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
    http.listen(opts.port, opts.host, () => {
      http.off('error', reject)
      resolve()
    })
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
    admission.destroyAll()
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

function limitsForMetrics(o: EdgeServerOptions): Record<string, number> {
  return {
    max_connections: o.maxConnections,
    max_connections_per_address: o.maxConnectionsPerAddress,
    handshake_timeout_seconds: o.handshakeTimeoutMs / 1000,
    max_in_flight_per_connection: o.maxInFlightPerConnection,
    max_queued_frames: o.maxQueuedFrames,
    max_buffered_bytes: o.maxBufferedBytes,
    max_request_bytes: WIRE_LIMITS.maxRequestBytes,
    new_places_per_second: o.newPlacesPerSecond,
    new_places_burst: o.newPlacesBurst,
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
