import { SpeechEmitter, type SpeechEvents, type SpeechInput } from './speech-input'
import type { SpeechModel } from './speech-model'

/** Where audio comes from: the microphone in the app (mic-capture.ts), scripted PCM in tests. */
export interface AudioCapture {
  /** Starts recording; rejects with a DOMException named NotAllowedError when the mic is refused. */
  start(): Promise<void>
  /** Stops and returns everything recorded as mono float32 PCM at 16 kHz. */
  stop(): Promise<Float32Array>
  /** What was recorded so far, for interim transcripts; optional. */
  snapshot?(): Float32Array
}

export interface OnDeviceSpeechOptions {
  /** How often the audio so far is transcribed for the interim line (ms); 0 turns it off. @default 700 */
  interimMs?: number
}

/**
 * Push-to-talk with a speech model on this device (no audio leaves it): records while held,
 * transcribes on release. While held, the audio so far is transcribed every `interimMs` so the
 * person sees that they are heard (a greedy CTC model is cheap enough on short clips).
 */
export class OnDeviceSpeechInput implements SpeechInput {
  readonly kind = 'on-device'
  private readonly events = new SpeechEmitter()
  private active = false
  private timer: ReturnType<typeof setInterval> | null = null
  private busy = false

  constructor(
    private readonly model: SpeechModel,
    private readonly capture: AudioCapture,
    private readonly options: OnDeviceSpeechOptions = {},
  ) {}

  on(events: Partial<SpeechEvents>): () => void {
    return this.events.on(events)
  }

  start(): void {
    if (this.active) return
    this.active = true
    this.capture.start().then(
      () => this.startInterim(),
      (err: unknown) => {
        this.active = false
        const denied = err instanceof Error && err.name === 'NotAllowedError'
        this.events.emit('error', denied ? 'not-allowed' : 'audio-capture', String(err))
        this.events.emit('end')
      },
    )
  }

  stop(): void {
    if (!this.active) return
    this.active = false
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    void this.finish()
  }

  private startInterim(): void {
    const every = this.options.interimMs ?? 700
    const snap = this.capture.snapshot?.bind(this.capture)
    if (!this.active || every <= 0 || !snap) return
    this.timer = setInterval(() => {
      if (this.busy || !this.active) return
      this.busy = true
      this.model.transcribe(snap()).then(
        (text) => {
          this.busy = false
          if (this.active && text) this.events.emit('interim', text)
        },
        () => {
          this.busy = false
        },
      )
    }, every)
  }

  private async finish(): Promise<void> {
    try {
      const pcm = await this.capture.stop()
      const text = await this.model.transcribe(pcm)
      if (text) this.events.emit('final', text)
      else this.events.emit('error', 'no-speech', 'nothing was recognised')
    } catch (err) {
      this.events.emit('error', 'model', err instanceof Error ? err.message : String(err))
    }
    this.events.emit('end')
  }
}
