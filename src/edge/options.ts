/** Edge server settings. Each default says why it is what it is. */
export interface EdgeServerOptions {
  /** Interface to bind. Default 127.0.0.1: an edge server is exposed on purpose, never by accident. */
  host: string
  /** TCP port; 0 picks a free one (tests). Default 8787. */
  port: number
  /** Shared secret clients must present (WORLDWALK_EDGE_TOKEN). Required: frames cost GPU time. */
  token: string
  /**
   * Browser origins allowed to connect. Connections without an Origin header (CLI, other servers)
   * are allowed, since they cannot be a page riding on a person's browser. Default: the dev and
   * preview servers on localhost.
   */
  allowedOrigins: string[]
  /** Requests one connection may have queued or running. Default 4: enough to pipeline a head turn. */
  maxInFlightPerConnection: number
  /** Sustained requests per second per connection. Default 60: far above what one model can serve. */
  ratePerSecond: number
  /** Burst size of the rate limit. Default 120. */
  rateBurst: number
  /** Model runs at once across all connections. Default 1: ORT already uses the cores for one run. */
  modelConcurrency: number
  /** Ping interval; a peer that misses one ping is dropped. Default 15 s. */
  heartbeatMs: number
  /** How long SIGTERM waits for queued and running frames before closing. Default 10 s. */
  drainTimeoutMs: number
  /** Malformed messages tolerated per connection before it is closed. Default 5. */
  maxMalformed: number
  /** How long a refused socket (4400/4401) may take to finish the close handshake before it is cut. Default 1 s. */
  refusedGraceMs: number
  /**
   * TCP connections held at once: WebSockets, handshakes in progress and HTTP requests together.
   * Default 256: a model serves a few dozen headsets, and each connection costs at most
   * maxRequestBytes in and maxBufferedBytes out, so 256 bound memory to a few GB in the worst case.
   */
  maxConnections: number
  /** TCP connections from one remote address. Default 64: a lab behind one NAT, not one stranger's loop. */
  maxConnectionsPerAddress: number
  /**
   * Time from TCP accept to a finished WebSocket upgrade; a connection that has not upgraded by then
   * is dropped (half-sent requests: slowloris). Plain HTTP (health, metrics) gets the same time for
   * each request's headers. Default 5 s.
   */
  handshakeTimeoutMs: number
  /** Requests queued for the model across all connections; past it new requests get `busy`. Default 64. */
  maxQueuedFrames: number
  /**
   * Bytes sent to a connection and not yet taken by its peer. Past it, new requests get `busy` and
   * the server stops reading from that socket until the peer catches up. Default 8 MiB (a few frames).
   */
  maxBufferedBytes: number
  /** Pings a peer may send per second (burst twice that); a ping flood closes the socket with 4400. Default 10. */
  maxPingsPerSecond: number
  /**
   * Metres of the tiles (core/tile.ts) a connection's requests are counted in as places. A frame in a
   * place the connection has not asked about lately can cost a model far more than a frame
   * (the reference model prepares a 512 m tile: ~0.5 s against ~40 ms, and four tiles fill its
   * cache, so one peer hopping places evicts everyone's). Default 512.
   */
  placeSpan: number
  /**
   * New places per second a connection may ask about (sustained; the last 8 are remembered), and
   * at once. Defaults 0.2 and 8: a walker enters a new 512 m square every minute or more, a link
   * or a teleport far away brings a few at once; hopping places faster gets `rate_limited`.
   */
  newPlacesPerSecond: number
  newPlacesBurst: number
}

export const DEFAULT_EDGE_OPTIONS: Omit<EdgeServerOptions, 'token'> = {
  host: '127.0.0.1',
  port: 8787,
  allowedOrigins: ['http://localhost:5173', 'http://localhost:4173'],
  maxInFlightPerConnection: 4,
  ratePerSecond: 60,
  rateBurst: 120,
  modelConcurrency: 1,
  heartbeatMs: 15_000,
  drainTimeoutMs: 10_000,
  maxMalformed: 5,
  refusedGraceMs: 1000,
  maxConnections: 256,
  maxConnectionsPerAddress: 64,
  handshakeTimeoutMs: 5000,
  maxQueuedFrames: 64,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxPingsPerSecond: 10,
  placeSpan: 512,
  newPlacesPerSecond: 0.2,
  newPlacesBurst: 8,
}
