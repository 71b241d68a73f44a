import { SpeechEmitter, type SpeechErrorCode, type SpeechEvents, type SpeechInput } from './speech-input'

/** The parts of the Web Speech API's SpeechRecognition this uses (lib.dom has no types for it). */
interface RecognitionResult {
  readonly isFinal: boolean
  readonly length: number
  [index: number]: { transcript: string }
}
interface RecognitionEvent {
  readonly resultIndex: number
  readonly results: { readonly length: number; [index: number]: RecognitionResult }
}
interface Recognition {
  lang: string
  continuous: boolean
  interimResults: boolean
  maxAlternatives: number
  onresult: ((e: RecognitionEvent) => void) | null
  onerror: ((e: { error: string; message?: string }) => void) | null
  onend: (() => void) | null
  start(): void
  stop(): void
  abort(): void
}
export type RecognitionConstructor = new () => Recognition

/** The browser's recogniser class, prefixed in Chromium and Safari; null where there is none. */
export function findRecognition(w: object = globalThis): RecognitionConstructor | null {
  const g = w as {
    SpeechRecognition?: RecognitionConstructor
    webkitSpeechRecognition?: RecognitionConstructor
  }
  return g.SpeechRecognition ?? g.webkitSpeechRecognition ?? null
}

const KNOWN: readonly SpeechErrorCode[] = [
  'network',
  'not-allowed',
  'service-not-allowed',
  'no-speech',
  'aborted',
  'audio-capture',
  'language-not-supported',
]

/**
 * Speech through the Web Speech API. Chrome sends the audio to Google's service, so it fails
 * with 'network' where that is unreachable (Debian's Chromium has no keys: STACK-NOTES), and
 * having the class proves nothing: every failure arrives as an `error` event for the app to show.
 */
export class WebSpeechInput implements SpeechInput {
  readonly kind = 'web-speech'
  private readonly events = new SpeechEmitter()
  private rec: Recognition | null = null
  private finalText = ''
  private failed = false

  /**
   * `Ctor` defaults to the browser's, looked up at each start() rather than once: a polyfill or
   * a test's stand-in installed after the app started is still found.
   */
  constructor(
    private readonly ctor?: RecognitionConstructor | null,
    private readonly lang = typeof navigator === 'undefined' ? 'en-US' : navigator.language,
  ) {}

  on(events: Partial<SpeechEvents>): () => void {
    return this.events.on(events)
  }

  start(): void {
    if (this.rec) return
    const Ctor = this.ctor === undefined ? findRecognition() : this.ctor
    if (!Ctor) {
      this.events.emit('error', 'not-supported', 'this browser has no speech recognition')
      this.events.emit('end')
      return
    }
    const rec = new Ctor()
    rec.lang = this.lang
    // Held-button dictation: keep listening through pauses until the button comes up.
    rec.continuous = true
    rec.interimResults = true
    rec.maxAlternatives = 1
    this.finalText = ''
    this.failed = false
    rec.onresult = (e) => this.onResult(e)
    rec.onerror = (e) => {
      this.failed = true
      const code = (KNOWN as readonly string[]).includes(e.error) ? (e.error as SpeechErrorCode) : 'other'
      this.events.emit('error', code, e.message || e.error)
    }
    rec.onend = () => this.onEnd(rec)
    this.rec = rec
    try {
      rec.start()
    } catch (err) {
      this.rec = null
      this.events.emit('error', 'other', err instanceof Error ? err.message : String(err))
      this.events.emit('end')
    }
  }

  stop(): void {
    // stop(), not abort(): what was said so far still comes back as a final result.
    this.rec?.stop()
  }

  private onResult(e: RecognitionEvent): void {
    let fin = ''
    let interim = ''
    for (let i = 0; i < e.results.length; i++) {
      const r = e.results[i]!
      if (r.isFinal) fin += r[0]!.transcript
      else interim += r[0]!.transcript
    }
    this.finalText = fin
    const heard = `${fin}${interim}`.trim()
    if (heard) this.events.emit('interim', heard)
  }

  private onEnd(rec: Recognition): void {
    if (this.rec !== rec) return
    this.rec = null
    const text = this.finalText.trim()
    if (text) this.events.emit('final', text)
    else if (!this.failed) this.events.emit('error', 'no-speech', 'nothing was heard')
    this.events.emit('end')
  }
}
