import * as Comlink from 'comlink'
import { WAKE_PHRASE } from '../../core/command'
import type { SpeechWorkerApi } from '../../speech/speech-worker-api'
import { SpeechEmitter, type SpeechEvents, type SpeechInput } from './speech-input'
import { StreamingMic } from './streaming-mic'

/** Where audio comes from: the microphone, or a test's scripted chunks. */
export interface ChunkSource {
  start(onChunk: (samples: Float32Array) => void): Promise<void>
  stop(): Promise<void>
}

export interface SphinxSpeechOptions {
  /** The worker, started on the first push. @default the app's speech.worker.ts */
  spawn?: () => Worker
  /** Where the recogniser's files are served. @default the app's own /speech/ */
  baseUrl?: string
  mic?: ChunkSource
}

/**
 * On-device push-to-talk: PocketSphinx in a worker decodes the command grammar while the button
 * is held (each microphone chunk is decoded as it arrives, and the hypothesis so far is the
 * interim line), and the utterance ends on release. No audio leaves the device. The recogniser's
 * files (~13 MB) load on the first push, with progress; a push while loading is kept.
 */
export class SphinxSpeechInput implements SpeechInput {
  readonly kind = 'on-device'
  private readonly events = new SpeechEmitter()
  private readonly mic: ChunkSource
  private worker: Comlink.Remote<SpeechWorkerApi> | null = null
  private loading: Promise<Comlink.Remote<SpeechWorkerApi>> | null = null
  private active = false
  /** Hands-free listening for the wake phrase is wanted (the wakePhrase setting). */
  private handsFree = false
  private handsFreeOpen = false
  /** Decoding happens in order: each chunk waits for the one before. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: SphinxSpeechOptions = {}) {
    this.mic = options.mic ?? new StreamingMic()
  }

  on(events: Partial<SpeechEvents>): () => void {
    return this.events.on(events)
  }

  start(): void {
    if (this.active) return
    this.active = true
    // Push-to-talk takes the microphone from hands-free listening, which resumes after it.
    if (this.handsFreeOpen) void this.closeHandsFree().then(() => this.begin())
    else void this.begin()
  }

  /**
   * Hands-free (the wakePhrase setting): while on, the microphone stays open and the worker spots
   * "okay world, ..." and decodes the command after it; the command arrives as `final`, as if pushed.
   */
  setHandsFree(on: boolean): void {
    this.handsFree = on
    void (on ? this.openHandsFree() : this.closeHandsFree())
  }

  private async openHandsFree(): Promise<void> {
    if (!this.handsFree || this.handsFreeOpen || this.active) return
    this.handsFreeOpen = true
    let api: Comlink.Remote<SpeechWorkerApi>
    try {
      api = await this.load()
      let wasListening = false
      await this.mic.start((chunk) => {
        this.queue = this.queue.then(async () => {
          if (!this.handsFreeOpen) return
          const step = await api.listen(Comlink.transfer(chunk, [chunk.buffer]))
          if (step.state === 'listening' && !wasListening) this.events.emit('wake')
          wasListening = step.state === 'listening'
          if (step.state === 'listening')
            this.events.emit('interim', step.hyp || `heard "${WAKE_PHRASE}", listening…`)
          if (step.command === null) return
          if (step.command) this.events.emit('final', step.command)
          this.events.emit('end')
        })
        // A failed chunk must not stall the ones after it, and should be seen.
        this.queue = this.queue.catch((err: unknown) =>
          this.events.emit('error', 'model', err instanceof Error ? err.message : String(err)),
        )
      })
      this.events.emit('interim', `say "${WAKE_PHRASE}, …"`)
    } catch (err) {
      this.handsFreeOpen = false
      this.events.emit('error', 'audio-capture', err instanceof Error ? err.message : String(err))
    }
  }

  private async closeHandsFree(): Promise<void> {
    if (!this.handsFreeOpen) return
    this.handsFreeOpen = false
    await this.mic.stop()
    await this.queue
    await this.worker?.stopListening()
  }

  stop(): void {
    if (!this.active) return
    this.active = false
    void this.finish()
  }

  private load(): Promise<Comlink.Remote<SpeechWorkerApi>> {
    this.loading ??= (async () => {
      const spawn =
        this.options.spawn ??
        (() => new Worker(new URL('../../workers/speech.worker.ts', import.meta.url), { type: 'module' }))
      const api = Comlink.wrap<SpeechWorkerApi>(spawn())
      const base = this.options.baseUrl ?? new URL('/speech/', location.href).href
      await api.load(
        base,
        Comlink.proxy((f: number) => this.events.emit('progress', f)),
      )
      this.worker = api
      return api
    })()
    this.loading.catch(() => {
      this.loading = null
    })
    return this.loading
  }

  private async begin(): Promise<void> {
    let api: Comlink.Remote<SpeechWorkerApi>
    try {
      api = await this.load()
    } catch (err) {
      this.fail('model', err)
      return
    }
    this.queue = api.begin()
    try {
      await this.mic.start((chunk) => {
        this.queue = this.queue.then(async () => {
          const hyp = await api.feed(Comlink.transfer(chunk, [chunk.buffer]))
          if (this.active && hyp) this.events.emit('interim', hyp)
        })
      })
    } catch (err) {
      const denied = err instanceof Error && err.name === 'NotAllowedError'
      this.active = false
      this.events.emit('error', denied ? 'not-allowed' : 'audio-capture', String(err))
      this.events.emit('end')
      return
    }
    // Released while the model loaded or the mic opened: end now with what was heard.
    if (!this.active) await this.finish()
  }

  private async finish(): Promise<void> {
    const api = this.worker
    if (!api) return // begin() finishes once loading is done
    try {
      await this.mic.stop()
      await this.queue
      const { text } = await api.end()
      if (text) this.events.emit('final', text)
      else this.events.emit('error', 'no-speech', 'nothing in the command grammar was heard')
    } catch (err) {
      this.events.emit('error', 'model', err instanceof Error ? err.message : String(err))
    }
    this.events.emit('end')
    void this.openHandsFree()
  }

  private fail(code: 'model', err: unknown): void {
    this.active = false
    this.events.emit('error', code, err instanceof Error ? err.message : String(err))
    this.events.emit('end')
  }
}
