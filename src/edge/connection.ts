import type { WebSocket } from 'ws'
import {
  CLOSE_CODES,
  decodeMessage,
  encodeError,
  encodeFrame,
  MessageType,
  WIRE_LIMITS,
  WireError,
  WireErrorCode,
} from '../core/wire'
import { tileOrigin } from '../core/tile'
import type { EdgeMetrics } from './metrics'
import type { ModelQueue } from './model-queue'
import type { EdgeServerOptions } from './options'
import { TokenBucket } from './rate-limit'

/** Places a connection's requests may return to without counting as new (a tile and its neighbours). */
const RECENT_PLACES = 8

/** What a connection needs from the server it belongs to. */
export interface ConnectionContext {
  readonly opts: EdgeServerOptions
  readonly metrics: EdgeMetrics
  readonly queue: ModelQueue
  readonly draining: () => boolean
  readonly onClosed: (conn: Connection) => void
}

/**
 * Closes with a code and reason the peer can read, and cuts the socket after `graceMs` whatever the
 * peer sends meanwhile. Once the close frame is out, ws answers no pings and we listen to no
 * messages, so what a peer sends in the grace costs reading and nothing more.
 */
export function closeAndCut(socket: WebSocket, code: number, reason: string, graceMs: number): void {
  socket.close(code, reason)
  setTimeout(() => socket.terminate(), graceMs).unref()
}

/**
 * One authenticated WebSocket: its requests in flight, its rate limits, and back-pressure against a
 * peer that sends faster than it reads. The socket's error listener was attached before this
 * object existed (server.ts), and stays for every later state: open, draining, closing.
 */
export class Connection {
  readonly inFlight = new Map<number, () => boolean>()
  /** Cleared by each heartbeat ping, set by the pong. */
  alive = true
  private malformed = 0
  private readonly requests: TokenBucket
  /** Places (placeSpan squares) asked about lately, newest last, and the bucket new ones take from. */
  private readonly places: string[] = []
  private readonly newPlaces: TokenBucket
  private readonly pings: TokenBucket
  private resumeTimer: NodeJS.Timeout | null = null

  constructor(
    readonly socket: WebSocket,
    private readonly ctx: ConnectionContext,
  ) {
    const { opts } = ctx
    this.requests = new TokenBucket(opts.ratePerSecond, opts.rateBurst, Date.now())
    this.newPlaces = new TokenBucket(opts.newPlacesPerSecond, opts.newPlacesBurst, Date.now())
    this.pings = new TokenBucket(opts.maxPingsPerSecond, opts.maxPingsPerSecond * 2, Date.now())
    socket.on('pong', () => (this.alive = true))
    socket.on('ping', () => this.onPing())
    socket.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary))
    socket.on('close', () => {
      for (const cancel of this.inFlight.values()) cancel()
      this.inFlight.clear()
      this.stopBackPressure()
      ctx.onClosed(this)
    })
  }

  private get open(): boolean {
    return this.socket.readyState === this.socket.OPEN
  }

  private onPing(): void {
    // ws answers each ping with a pong: a flood from a peer that does not read would queue pongs.
    if (this.pings.take(Date.now()) || !this.open) return
    this.ctx.metrics.countRefused('ping_flood')
    closeAndCut(this.socket, CLOSE_CODES.protocolError, 'ping flood', this.ctx.opts.refusedGraceMs)
  }

  /** Stops reading from a peer that is not taking what it is sent, until it catches up. */
  private applyBackPressure(): boolean {
    const { maxBufferedBytes } = this.ctx.opts
    if (this.socket.bufferedAmount <= maxBufferedBytes) return false
    if (!this.resumeTimer) {
      this.socket.pause()
      this.ctx.metrics.readsPaused++
      this.resumeTimer = setInterval(() => {
        if (this.socket.bufferedAmount > maxBufferedBytes / 2) return
        this.stopBackPressure()
        this.socket.resume()
      }, 50)
      this.resumeTimer.unref()
    }
    return true
  }

  private stopBackPressure(): void {
    if (!this.resumeTimer) return
    clearInterval(this.resumeTimer)
    this.resumeTimer = null
    this.ctx.metrics.readsPaused--
  }

  private replyError(requestId: number, code: WireErrorCode, message: string): void {
    this.ctx.metrics.countError(code)
    if (this.open) this.socket.send(encodeError(requestId, { code, message }))
  }

  private busy(requestId: number, reason: string, message: string): void {
    this.ctx.metrics.countBusy(reason)
    this.replyError(requestId, WireErrorCode.Busy, message)
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (!this.open) return
    const backPressured = this.applyBackPressure()
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
      this.replyError(e.code === WireErrorCode.InvalidRequest ? id : 0, e.code, e.message)
      if (e.code !== WireErrorCode.InvalidRequest && ++this.malformed >= this.ctx.opts.maxMalformed) {
        this.ctx.metrics.countRefused('malformed')
        closeAndCut(
          this.socket,
          CLOSE_CODES.protocolError,
          'too many malformed messages',
          this.ctx.opts.refusedGraceMs,
        )
      }
      return
    }
    if (msg.type === MessageType.Cancel) {
      const cancel = this.inFlight.get(msg.requestId)
      if (cancel?.()) {
        this.inFlight.delete(msg.requestId)
        this.replyError(msg.requestId, WireErrorCode.Cancelled, 'cancelled before it ran')
      }
      return
    }
    if (msg.type !== MessageType.Render) {
      return this.replyError(
        msg.requestId,
        WireErrorCode.UnknownType,
        `clients may not send message type ${msg.type}`,
      )
    }
    const id = msg.requestId
    const { opts, queue } = this.ctx
    if (this.ctx.draining())
      return this.replyError(id, WireErrorCode.ShuttingDown, 'the server is shutting down')
    if (!this.requests.take(Date.now())) return this.replyError(id, WireErrorCode.RateLimited, 'slow down')
    if (!this.knownPlace(msg.request.pose.position)) {
      return this.replyError(
        id,
        WireErrorCode.RateLimited,
        `too many new places at once (${opts.newPlacesPerSecond * 60} a minute, ${opts.newPlacesBurst} at once)`,
      )
    }
    if (this.inFlight.has(id))
      return this.replyError(id, WireErrorCode.InvalidRequest, `request id ${id} is already in flight`)
    if (this.inFlight.size >= opts.maxInFlightPerConnection)
      return this.busy(id, 'in_flight', `at most ${opts.maxInFlightPerConnection} requests in flight`)
    if (backPressured) return this.busy(id, 'send_buffer', 'read the frames already sent first')
    if (queue.depth >= opts.maxQueuedFrames)
      return this.busy(id, 'queue_full', 'the model queue is full; try again shortly')
    this.render(id, msg.request)
  }

  /** True when the pose's place was asked about lately, or a new one may be (then it is recorded). */
  private knownPlace(position: readonly number[]): boolean {
    // The tiles a tiled model prepares (core/tile.ts), so a new place is a new tile for it.
    const place = tileOrigin(position[0]!, position[2]!, this.ctx.opts.placeSpan).join(',')
    const at = this.places.indexOf(place)
    if (at < 0 && !this.newPlaces.take(Date.now())) return false
    if (at >= 0) this.places.splice(at, 1)
    this.places.push(place)
    if (this.places.length > RECENT_PLACES) this.places.shift()
    return true
  }

  private render(id: number, request: Parameters<ModelQueue['submit']>[0]): void {
    const t0 = performance.now()
    const job = this.ctx.queue.submit(request)
    this.inFlight.set(id, job.cancel)
    job.frame.then(
      (frame) => {
        if (!this.inFlight.delete(id) || !this.open) return
        this.socket.send(encodeFrame({ ...frame, requestId: id }))
        this.ctx.metrics.observeFrame((performance.now() - t0) / 1000)
      },
      (err: unknown) => {
        if (!this.inFlight.delete(id)) return
        const message = err instanceof Error ? err.message : String(err)
        const code =
          err instanceof Error && err.name === 'FrameRequestError'
            ? WireErrorCode.InvalidRequest
            : WireErrorCode.ModelFailed
        this.replyError(id, code, message)
      },
    )
  }
}
