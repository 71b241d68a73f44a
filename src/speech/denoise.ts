/**
 * Noise suppression in front of the recogniser: RNNoise (npm @jitsi/rnnoise-wasm, Apache-2.0, a
 * small recurrent network that predicts per-band gains for each 10 ms frame) on 16 kHz speech,
 * which it takes at 48 kHz, so each 10 ms frame is upsampled 3x, denoised and downsampled back.
 * A share of the untouched input is mixed back in (`dry`): suppression alone also takes weak
 * consonants out, and the recogniser then mishears clean speech.
 *
 * The stream works frame by frame with its state (RNNoise's, the resamplers', the partial frame),
 * so audio pushed in chunks comes out exactly as audio pushed whole; its output is the input's
 * time line (the filters' and RNNoise's delay of LATENCY samples is taken off), so a stream holds
 * back only LATENCY samples until end(). RNNoise barely suppresses in its first second or so (it
 * has not heard the room yet), so by default it keeps its state from one utterance to the next,
 * as the recogniser keeps its cepstral mean: createCommandRecognizer gives each recogniser one.
 */
import createRNNWasmModule, { type RnnoiseModule } from '@jitsi/rnnoise-wasm/dist/rnnoise.js'
import { concatChunks } from '../core/concat-chunks'
import type { AudioFilter } from './grammar-recognizer'
import { Downsampler, Upsampler } from './polyphase-resampler'

export type { RnnoiseModule }

/** RNNoise's rate over the recogniser's (48 kHz / 16 kHz). */
const FACTOR = 3
/** RNNoise's frame: 480 samples at 48 kHz, 10 ms. */
const RNNOISE_FRAME = 480
/** The same 10 ms at 16 kHz. */
export const DENOISE_FRAME = RNNOISE_FRAME / FACTOR
/** The resamplers' zero crossings each side (each delays by this many 16 kHz samples). */
const ZEROS = 24
/**
 * How far the denoised signal lags its input, in 16 kHz samples: both resamplers' delay plus one
 * RNNoise frame (it overlap-adds each frame with the one before).
 */
export const LATENCY = 2 * ZEROS + DENOISE_FRAME
/** RNNoise works on 16-bit sample values. */
const SCALE = 32768

/** The share of the input mixed back into the denoised signal (tuned, see README "## Voice"). */
export const DEFAULT_DRY = 0.1

/** Starts RNNoise's runtime from its wasm bytes (read from the package in Node, fetched in the app). */
export function loadRnnoise(wasm: Uint8Array): Promise<RnnoiseModule> {
  return createRNNWasmModule({ wasmBinary: wasm })
}

export interface DenoiseOptions {
  /** Share of the input mixed back in, 0 (denoised only) to 1 (untouched). */
  dry: number
  /** Keep RNNoise's state from one utterance to the next (it has learnt the room); default true. */
  keepRoom: boolean
}

/** A 16 kHz stream through RNNoise; push() as audio arrives, end() at the end of an utterance. */
export class DenoiseStream implements AudioFilter {
  private readonly dry: number
  private readonly keepRoom: boolean
  private state = 0
  private readonly pointer: number
  private up!: Upsampler
  private down!: Downsampler
  /** Input not yet a whole frame. */
  private partial: Float32Array = new Float32Array(0)
  /** Input waiting for its denoised sample (for the dry mix and to count what is owed). */
  private pending: Float32Array = new Float32Array(0)
  /** Denoised samples still to drop: the first LATENCY come from before the stream started. */
  private skip = LATENCY

  constructor(
    private readonly module: RnnoiseModule,
    options: Partial<DenoiseOptions> = {},
  ) {
    this.dry = options.dry ?? DEFAULT_DRY
    this.keepRoom = options.keepRoom ?? true
    if (!(this.dry >= 0 && this.dry <= 1)) throw new RangeError(`denoise: dry ${this.dry} is not in [0, 1]`)
    this.pointer = module._malloc(RNNOISE_FRAME * 4)
    this.restart()
  }

  /** The next 16 kHz samples; returns the denoised samples ready so far (LATENCY behind at most). */
  push(samples: Float32Array): Float32Array {
    this.pending = floats([this.pending, samples])
    const all = floats([this.partial, samples])
    const whole = all.length - (all.length % DENOISE_FRAME)
    this.partial = all.slice(whole)
    const wet = new Float32Array(whole)
    for (let at = 0; at < whole; at += DENOISE_FRAME)
      wet.set(this.frame(all.subarray(at, at + DENOISE_FRAME)), at)
    return this.emit(wet)
  }

  /**
   * Ends the utterance: the rest of the denoised input (all of it has then come out). The next
   * push() starts a new one (with RNNoise's state kept, unless keepRoom is false).
   */
  end(): Float32Array {
    const owed = this.pending.length
    const parts: Float32Array[] = []
    let got = 0
    while (got < owed) {
      const out = this.push(new Float32Array(DENOISE_FRAME))
      parts.push(out)
      got += out.length
    }
    const out = floats(parts).subarray(0, owed)
    this.restart(!this.keepRoom)
    return out.slice()
  }

  /** A whole utterance (push and end). */
  process(samples: Float32Array): Float32Array {
    return floats([this.push(samples), this.end()])
  }

  dispose(): void {
    if (this.state) this.module._rnnoise_destroy(this.state)
    this.state = 0
    this.module._free(this.pointer)
  }

  private restart(fresh = true): void {
    if (fresh || !this.state) {
      if (this.state) this.module._rnnoise_destroy(this.state)
      this.state = this.module._rnnoise_create(0)
    }
    this.up = new Upsampler(FACTOR, ZEROS)
    this.down = new Downsampler(FACTOR, ZEROS)
    this.partial = new Float32Array(0)
    this.pending = new Float32Array(0)
    this.skip = LATENCY
  }

  private frame(input: Float32Array): Float32Array {
    const high = this.up.push(input)
    const at = this.pointer >> 2
    const heap = this.module.HEAPF32.subarray(at, at + RNNOISE_FRAME)
    for (let i = 0; i < RNNOISE_FRAME; i++) heap[i] = high[i]! * SCALE
    this.module._rnnoise_process_frame(this.state, this.pointer, this.pointer)
    const done = this.module.HEAPF32.subarray(at, at + RNNOISE_FRAME)
    for (let i = 0; i < RNNOISE_FRAME; i++) high[i] = done[i]! / SCALE
    return this.down.push(high)
  }

  /** Drops the lead-in, mixes the dry input back in and hands out what is ready. */
  private emit(wet: Float32Array): Float32Array {
    const drop = Math.min(this.skip, wet.length)
    this.skip -= drop
    const ready = wet.subarray(drop)
    const out = new Float32Array(Math.min(ready.length, this.pending.length))
    for (let i = 0; i < out.length; i++) out[i] = (1 - this.dry) * ready[i]! + this.dry * this.pending[i]!
    this.pending = this.pending.slice(out.length)
    return out
  }
}

const floats = (parts: readonly Float32Array[]): Float32Array =>
  concatChunks(parts, (n) => new Float32Array(n))
