import type { WakeStep } from './wake-listener'

/** What the speech worker answers over comlink (src/workers/speech.worker.ts). */
export interface SpeechWorkerApi {
  /**
   * Fetches the recogniser's files from `baseUrl` (the app's own /speech/), starts PocketSphinx
   * and builds the command grammar. `onProgress` gets the fraction of bytes fetched.
   */
  load(
    baseUrl: string,
    onProgress?: (fraction: number) => void,
  ): Promise<{ loadMs: number; vocabulary: number }>
  /** Starts an utterance. */
  begin(): void
  /** Decodes more 16 kHz mono samples; returns the hypothesis so far. */
  feed(samples: Float32Array): string
  /** Ends the utterance: the final hypothesis and the time the end took (the release latency). */
  end(): { text: string; ms: number }
  /**
   * Hands-free (the wakePhrase setting): decodes the next chunk of a continuous stream, spotting
   * the wake phrase "okay world" and then the command after it. `command` is set on the chunk that ends
   * one (the speaker went quiet), without the wake phrase.
   */
  listen(samples: Float32Array): WakeStep
  /** Stops hands-free listening; the command heard so far if one was under way, else null. */
  stopListening(): string | null
}
