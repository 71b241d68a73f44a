import type { Frame, FrameRequest } from '../core/frame'
import type { FrameRenderer } from '../core/frame-source'

interface Job {
  req: FrameRequest
  resolve: (frame: Frame) => void
  reject: (err: unknown) => void
  cancelled: boolean
}

/**
 * Serialises model runs across all connections: onnxruntime on two cores gains nothing from
 * running frames side by side, and a queue lets a cancel drop work that has not started.
 */
export class ModelQueue {
  private readonly waiting: Job[] = []
  private running = 0

  constructor(
    private readonly renderer: FrameRenderer,
    private readonly concurrency: number,
    private readonly onDepth: (depth: number) => void = () => {},
  ) {}

  get depth(): number {
    return this.waiting.length
  }

  get busy(): boolean {
    return this.running > 0 || this.waiting.length > 0
  }

  /** Returns the frame promise and a cancel function (which only works while the job waits). */
  submit(req: FrameRequest): { frame: Promise<Frame>; cancel: () => boolean } {
    let job!: Job
    const frame = new Promise<Frame>((resolve, reject) => {
      job = { req, resolve, reject, cancelled: false }
    })
    this.waiting.push(job)
    this.onDepth(this.waiting.length)
    this.pump()
    const cancel = (): boolean => {
      const i = this.waiting.indexOf(job)
      if (i < 0) return false
      this.waiting.splice(i, 1)
      job.cancelled = true
      this.onDepth(this.waiting.length)
      return true
    }
    return { frame, cancel }
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!
      this.onDepth(this.waiting.length)
      this.running++
      this.renderer
        .render(job.req)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.running--
          this.pump()
        })
    }
  }
}
