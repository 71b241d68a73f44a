import { SpeechEmitter, type SpeechEvents, type SpeechInput } from './speech-input'

/**
 * A SpeechInput whose real implementation loads on the first push (an on-device model is
 * megabytes: nobody who never talks should download it). Events are forwarded; a release that
 * comes while the model still loads is kept and applied once it has started.
 */
export class LazySpeechInput implements SpeechInput {
  private readonly events = new SpeechEmitter()
  private inner: SpeechInput | null = null
  private loading: Promise<SpeechInput> | null = null
  private held = false

  constructor(
    readonly kind: string,
    private readonly load: () => Promise<SpeechInput>,
  ) {}

  on(events: Partial<SpeechEvents>): () => void {
    return this.events.on(events)
  }

  start(): void {
    this.held = true
    if (this.inner) {
      this.inner.start()
      return
    }
    this.loading ??= this.load().then((inner) => {
      inner.on({
        interim: (t) => this.events.emit('interim', t),
        final: (t) => this.events.emit('final', t),
        error: (c, d) => this.events.emit('error', c, d),
        end: () => this.events.emit('end'),
      })
      this.inner = inner
      return inner
    })
    this.loading.then(
      (inner) => {
        inner.start()
        if (!this.held) inner.stop()
      },
      (err: unknown) => {
        this.loading = null
        this.events.emit('error', 'model', err instanceof Error ? err.message : String(err))
        this.events.emit('end')
      },
    )
  }

  stop(): void {
    this.held = false
    this.inner?.stop()
  }
}
