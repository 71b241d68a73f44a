import type { Frame, FrameRequest } from '../core/frame'
import {
  RequestCancelledError,
  SourceUnavailableError,
  type FrameSource,
  type SourceStatus,
} from '../core/frame-source'
import {
  CLOSE_CODES,
  decodeMessage,
  encodeCancel,
  encodeRender,
  MessageType,
  TOKEN_SUBPROTOCOL_PREFIX,
  WIRE_SUBPROTOCOL,
  WireError,
  WireErrorCode,
} from '../core/wire'
import { StatusEmitter } from './status-emitter'

/** The part of the browser WebSocket API this source uses; `ws`'s WebSocket fits it in Node. */
export interface WebSocketLike {
  binaryType: string
  readonly readyState: number
  send(data: Uint8Array): void
  close(code?: number, reason?: string): void
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: { code: number; reason: string }) => void) | null
  onerror: ((ev: unknown) => void) | null
}
export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike

export interface EdgeSourceOptions {
  /** ws:// or wss:// address of the edge server. */
  url: string
  token: string
  /** Defaults to the global WebSocket (browsers, Node >= 22); tests pass `ws`. */
  WebSocket?: WebSocketConstructor
  /** First reconnect delay; doubles up to `maxBackoffMs`. Default 250 ms: a restart is noticed fast. */
  backoffMs?: number
  /** Default 5 s: a dead server is probed every few seconds, not hammered. */
  maxBackoffMs?: number
}

/** A request the server rejected, with its wire error code. */
export class EdgeRequestError extends Error {
  constructor(
    readonly code: WireErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'EdgeRequestError'
  }
}

/** WebSocket.OPEN (the global is absent in Node before 22). */
const OPEN = 1

interface Pending {
  resolve: (frame: Frame) => void
  reject: (err: unknown) => void
}

/** Frames from an edge server over the v1 wire protocol, reconnecting with backoff. */
export class EdgeSource implements FrameSource {
  readonly kind = 'edge'
  maxInFlight = 4
  private readonly status$ = new StatusEmitter()
  private socket: WebSocketLike | null = null
  private readonly pending = new Map<number, Pending>()
  private backoff: number
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private disposed = false
  private readonly WS: WebSocketConstructor

  constructor(private readonly options: EdgeSourceOptions) {
    const WS = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
    if (!WS) throw new Error('no WebSocket implementation available')
    this.WS = WS
    this.backoff = options.backoffMs ?? 250
    this.connect()
  }

  status(): SourceStatus {
    return this.status$.current
  }

  subscribe(listener: (s: SourceStatus) => void): () => void {
    return this.status$.subscribe(listener)
  }

  render(req: FrameRequest, signal?: AbortSignal): Promise<Frame> {
    const socket = this.socket
    // A socket the browser has begun closing (the server died, its close event not yet fired)
    // drops what is sent into it: the request would hang until the close, so fall back now.
    if (!socket || this.status$.current.health !== 'ready' || socket.readyState !== OPEN) {
      return Promise.reject(new SourceUnavailableError('edge', this.status$.current.error ?? 'not connected'))
    }
    if (signal?.aborted) return Promise.reject(new RequestCancelledError(req.id))
    return new Promise<Frame>((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject })
      socket.send(encodeRender(req))
      signal?.addEventListener(
        'abort',
        () => {
          // Latest wins: the caller has moved on, so settle now and tell the server to skip the work.
          if (!this.pending.delete(req.id)) return
          if (socket.readyState === OPEN) socket.send(encodeCancel(req.id))
          reject(new RequestCancelledError(req.id))
        },
        { once: true },
      )
    })
  }

  dispose(): void {
    this.disposed = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.failAll('source disposed')
    this.socket?.close(CLOSE_CODES.normal, 'client done')
    this.socket = null
  }

  private connect(): void {
    this.status$.set({ health: 'starting', error: null })
    const socket = new this.WS(this.options.url, [
      WIRE_SUBPROTOCOL,
      TOKEN_SUBPROTOCOL_PREFIX + this.options.token,
    ])
    socket.binaryType = 'arraybuffer'
    this.socket = socket
    socket.onmessage = (ev) => this.onMessage(ev.data)
    socket.onerror = () => {}
    socket.onclose = (ev) => {
      if (this.socket !== socket) return
      this.socket = null
      const reason =
        ev.code === CLOSE_CODES.unauthorized
          ? 'edge server rejected the token'
          : `connection closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`
      this.failAll(reason)
      this.status$.set({ health: 'failed', error: reason })
      // A wrong token will not fix itself; anything else may be a restart, so try again.
      if (!this.disposed && ev.code !== CLOSE_CODES.unauthorized) this.scheduleReconnect()
    }
  }

  private scheduleReconnect(): void {
    const delay = this.backoff
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 5000)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      if (!this.disposed) this.connect()
    }, delay)
  }

  private onMessage(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) return
    let msg
    try {
      msg = decodeMessage(new Uint8Array(data))
    } catch (err) {
      this.status$.set({
        error: err instanceof WireError ? `bad message from edge: ${err.message}` : String(err),
      })
      return
    }
    if (msg.type === MessageType.Hello) {
      this.backoff = this.options.backoffMs ?? 250
      this.maxInFlight = msg.hello.maxInFlight
      this.status$.set({
        health: 'ready',
        modelId: msg.hello.modelId,
        backend: msg.hello.backend,
        error: null,
      })
    } else if (msg.type === MessageType.Frame) {
      const p = this.pending.get(msg.requestId)
      this.pending.delete(msg.requestId)
      p?.resolve(msg.frame)
    } else if (msg.type === MessageType.Error) {
      const p = this.pending.get(msg.requestId)
      this.pending.delete(msg.requestId)
      if (!p) return
      p.reject(
        msg.error.code === WireErrorCode.Cancelled
          ? new RequestCancelledError(msg.requestId)
          : new EdgeRequestError(msg.error.code, msg.error.message),
      )
    }
  }

  private failAll(reason: string): void {
    for (const p of this.pending.values()) p.reject(new SourceUnavailableError('edge', reason))
    this.pending.clear()
  }
}
