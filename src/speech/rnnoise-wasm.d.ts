// @jitsi/rnnoise-wasm ships no types: its emscripten factory, with the exports Worldwalk calls.
declare module '@jitsi/rnnoise-wasm/dist/rnnoise.js' {
  export interface RnnoiseModule {
    /** The wasm heap as floats; read it after each call (growing memory replaces it). */
    HEAPF32: Float32Array
    _malloc(bytes: number): number
    _free(pointer: number): void
    /** A denoiser state with the built-in model (pass 0). */
    _rnnoise_create(model: number): number
    _rnnoise_destroy(state: number): void
    /** Denoises one 480-sample 48 kHz frame (16-bit scale) from `input` into `output`; returns the voice probability. */
    _rnnoise_process_frame(state: number, output: number, input: number): number
  }
  export default function createRNNWasmModule(options?: {
    wasmBinary?: ArrayBuffer | Uint8Array
  }): Promise<RnnoiseModule>
}
