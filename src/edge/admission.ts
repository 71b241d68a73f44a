import type { Socket } from 'node:net'
import type { EdgeMetrics } from './metrics'
import type { EdgeServerOptions } from './options'

type AdmissionLimits = Pick<
  EdgeServerOptions,
  'maxConnections' | 'maxConnectionsPerAddress' | 'handshakeTimeoutMs'
>

const SERVICE_UNAVAILABLE =
  'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'

/**
 * Decides, per TCP connection and before any byte of it is parsed, whether the server takes it: caps
 * on connections in total and per remote address, and a deadline for finishing the WebSocket
 * upgrade. Counting at TCP level (not per WebSocket) is what bounds memory: a half-open handshake
 * costs as much as an open socket.
 */
export class Admission {
  private readonly admitted = new Map<Socket, NodeJS.Timeout | null>()
  private readonly perAddress = new Map<string, number>()

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly metrics: EdgeMetrics,
  ) {}

  get open(): number {
    return this.admitted.size
  }

  /** Called on the server's `connection` event. Returns false when the socket was turned away. */
  admit(tcp: Socket): boolean {
    // First of all: an error event without a listener would end the process.
    tcp.on('error', () => tcp.destroy())
    const address = tcp.remoteAddress ?? 'unknown'
    const fromAddress = this.perAddress.get(address) ?? 0
    let reason: string | null = null
    if (this.admitted.size >= this.limits.maxConnections) reason = 'max_connections'
    else if (fromAddress >= this.limits.maxConnectionsPerAddress) reason = 'max_connections_per_address'
    if (reason) {
      this.metrics.countRefused(reason)
      tcp.end(SERVICE_UNAVAILABLE, () => tcp.destroy())
      // A peer that never reads must not keep the refused socket either.
      setTimeout(() => tcp.destroy(), 1000).unref()
      return false
    }
    this.perAddress.set(address, fromAddress + 1)
    const timer = setTimeout(() => {
      this.metrics.countRefused('handshake_timeout')
      tcp.destroy()
    }, this.limits.handshakeTimeoutMs)
    timer.unref()
    this.admitted.set(tcp, timer)
    this.metrics.tcpConnectionsOpen = this.admitted.size
    tcp.once('close', () => {
      const t = this.admitted.get(tcp)
      if (t) clearTimeout(t)
      this.admitted.delete(tcp)
      const n = (this.perAddress.get(address) ?? 1) - 1
      if (n > 0) this.perAddress.set(address, n)
      else this.perAddress.delete(address)
      this.metrics.tcpConnectionsOpen = this.admitted.size
    })
    return true
  }

  isAdmitted(tcp: unknown): boolean {
    return this.admitted.has(tcp as Socket)
  }

  /**
   * The socket sent a whole request: a finished upgrade (the heartbeat looks after WebSockets from
   * here) or a plain HTTP request (Node's keep-alive and header timeouts look after it from here).
   */
  handshakeDone(tcp: unknown): void {
    const timer = this.admitted.get(tcp as Socket)
    if (timer) clearTimeout(timer)
    if (timer !== undefined) this.admitted.set(tcp as Socket, null)
  }

  /** Closes every TCP connection still open (handshakes, keep-alive HTTP). */
  destroyAll(): void {
    for (const tcp of this.admitted.keys()) tcp.destroy()
  }
}
