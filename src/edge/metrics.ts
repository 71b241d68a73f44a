/**
 * The edge server's Prometheus metrics, in the text exposition format (version 0.0.4), with no
 * client library: a handful of counters, gauges and one latency histogram.
 */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

export class EdgeMetrics {
  framesTotal = 0
  connectionsOpen = 0
  connectionsTotal = 0
  queueDepth = 0
  /** TCP connections held: WebSockets, handshakes in progress and plain HTTP. */
  tcpConnectionsOpen = 0
  /** Connections the server has stopped reading from because their peer does not take its frames. */
  readsPaused = 0
  readonly errorsByCode = new Map<string, number>()
  /** Connections turned away or cut by a limit, by reason (`max_connections`, `handshake_timeout`, ...). */
  readonly refusedByReason = new Map<string, number>()
  /** `busy` answers, by the limit that gave them. */
  readonly busyByReason = new Map<string, number>()
  /** Configured limits, exported so a dashboard can show use against them. */
  limits: Record<string, number> = {}
  private readonly bucketCounts = new Array<number>(LATENCY_BUCKETS_S.length).fill(0)
  private latencySum = 0
  private latencyCount = 0

  observeFrame(seconds: number): void {
    this.framesTotal++
    this.latencySum += seconds
    this.latencyCount++
    for (let i = 0; i < LATENCY_BUCKETS_S.length; i++)
      if (seconds <= LATENCY_BUCKETS_S[i]!) this.bucketCounts[i]!++
  }

  countError(code: string): void {
    this.errorsByCode.set(code, (this.errorsByCode.get(code) ?? 0) + 1)
  }

  countRefused(reason: string): void {
    this.refusedByReason.set(reason, (this.refusedByReason.get(reason) ?? 0) + 1)
  }

  countBusy(reason: string): void {
    this.busyByReason.set(reason, (this.busyByReason.get(reason) ?? 0) + 1)
  }

  render(labels: { model: string; backend: string }): string {
    const l = `model="${escapeLabel(labels.model)}",backend="${escapeLabel(labels.backend)}"`
    const lines = [
      '# HELP worldwalk_edge_frames_total Frames rendered and sent.',
      '# TYPE worldwalk_edge_frames_total counter',
      `worldwalk_edge_frames_total{${l}} ${this.framesTotal}`,
      '# HELP worldwalk_edge_errors_total Error replies and refused messages, by wire error code.',
      '# TYPE worldwalk_edge_errors_total counter',
      ...labelled('worldwalk_edge_errors_total', 'code', this.errorsByCode),
      '# HELP worldwalk_edge_connections Open WebSocket connections.',
      '# TYPE worldwalk_edge_connections gauge',
      `worldwalk_edge_connections ${this.connectionsOpen}`,
      '# HELP worldwalk_edge_connections_total Accepted WebSocket connections.',
      '# TYPE worldwalk_edge_connections_total counter',
      `worldwalk_edge_connections_total ${this.connectionsTotal}`,
      '# HELP worldwalk_edge_tcp_connections TCP connections held (WebSockets, handshakes, HTTP).',
      '# TYPE worldwalk_edge_tcp_connections gauge',
      `worldwalk_edge_tcp_connections ${this.tcpConnectionsOpen}`,
      '# HELP worldwalk_edge_reads_paused Connections not read from until their peer takes what it was sent.',
      '# TYPE worldwalk_edge_reads_paused gauge',
      `worldwalk_edge_reads_paused ${this.readsPaused}`,
      '# HELP worldwalk_edge_refused_total Connections refused or cut by a limit or a check, by reason.',
      '# TYPE worldwalk_edge_refused_total counter',
      ...labelled('worldwalk_edge_refused_total', 'reason', this.refusedByReason),
      '# HELP worldwalk_edge_busy_total Requests answered busy, by the limit that was reached.',
      '# TYPE worldwalk_edge_busy_total counter',
      ...labelled('worldwalk_edge_busy_total', 'reason', this.busyByReason),
      '# HELP worldwalk_edge_limit Configured limits.',
      '# TYPE worldwalk_edge_limit gauge',
      ...labelled('worldwalk_edge_limit', 'name', new Map(Object.entries(this.limits))),
      '# HELP worldwalk_edge_heap_bytes V8 heap in use.',
      '# TYPE worldwalk_edge_heap_bytes gauge',
      `worldwalk_edge_heap_bytes ${process.memoryUsage().heapUsed}`,
      '# HELP worldwalk_edge_queue_depth Requests waiting for the model.',
      '# TYPE worldwalk_edge_queue_depth gauge',
      `worldwalk_edge_queue_depth ${this.queueDepth}`,
      '# HELP worldwalk_edge_frame_seconds Time from a request being read to its frame being sent.',
      '# TYPE worldwalk_edge_frame_seconds histogram',
      ...LATENCY_BUCKETS_S.map(
        (le, i) => `worldwalk_edge_frame_seconds_bucket{${l},le="${le}"} ${this.bucketCounts[i]}`,
      ),
      `worldwalk_edge_frame_seconds_bucket{${l},le="+Inf"} ${this.latencyCount}`,
      `worldwalk_edge_frame_seconds_sum{${l}} ${this.latencySum}`,
      `worldwalk_edge_frame_seconds_count{${l}} ${this.latencyCount}`,
    ]
    return lines.join('\n') + '\n'
  }
}

function labelled(metric: string, label: string, values: Map<string, number>): string[] {
  return [...values].map(([k, n]) => `${metric}{${label}="${escapeLabel(k)}"} ${n}`)
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}
