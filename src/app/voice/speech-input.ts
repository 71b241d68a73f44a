/**
 * Why recognition stopped without a line, as the Web Speech API names it (plus our own
 * 'not-supported' and 'model' for the on-device path). The app maps each to a message.
 */
export type SpeechErrorCode =
  | 'not-supported'
  | 'network'
  | 'not-allowed'
  | 'service-not-allowed'
  | 'no-speech'
  | 'aborted'
  | 'audio-capture'
  | 'language-not-supported'
  | 'model'
  | 'other'

export interface SpeechEvents {
  /** Best guess so far while the person still talks (replaces the previous one). */
  interim(text: string): void
  /** The finished line, once per start(); not sent when nothing was heard (an error is). */
  final(text: string): void
  error(code: SpeechErrorCode, detail: string): void
  /** Listening has stopped, after final or error. */
  end(): void
  /** An on-device model is loading: the fraction of its files received (0-1). */
  progress(fraction: number): void
  /** Hands-free: the wake phrase was heard and a command follows (it ends with final or error). */
  wake(): void
}

/**
 * A push-to-talk recogniser: start() when the button goes down, stop() when it comes up; the
 * line arrives as `final`. Two implementations: the browser's Web Speech API (web-speech-input)
 * and an on-device ONNX model the person supplies (onnx-speech-input). The app sees only this.
 */
export interface SpeechInput {
  /** 'web-speech' or 'on-device', for the status line. */
  readonly kind: string
  start(): void
  stop(): void
  /** Subscribes to some events; returns the unsubscribe. */
  on(events: Partial<SpeechEvents>): () => void
}

/** Fan-out of SpeechEvents to subscribers; both implementations emit through it. */
export class SpeechEmitter {
  private readonly subs = new Set<Partial<SpeechEvents>>()

  on(events: Partial<SpeechEvents>): () => void {
    this.subs.add(events)
    return () => this.subs.delete(events)
  }

  emit<K extends keyof SpeechEvents>(name: K, ...args: Parameters<SpeechEvents[K]>): void {
    for (const s of [...this.subs])
      (s[name] as ((...a: Parameters<SpeechEvents[K]>) => void) | undefined)?.(...args)
  }
}
