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
}
