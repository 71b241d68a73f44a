/**
 * `npx tsx tests/data/speech/generate.ts [OUT_DIR]`: synthesizes the speech evaluation set with two
 * engines from Debian (flite: voices slt, rms, awb, kal16; espeak-ng: en-us, en-gb+f3, en-us+m7)
 * at three speaking rates, resamples to 16 kHz mono with sox, adds white noise at 20 and 10 dB SNR
 * (seeded, so the set is the same every run) and writes manifest.json: one row per WAV with the
 * words said, engine, voice, rate and SNR. The package's real recordings (goforward.raw) are added
 * too. Nothing is hand-picked; the bench generates it into tests/output/ when missing.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { seededRandom } from '../../../src/core/random'
import { pocketsphinxDir } from '../../../src/speech/speech-files'
import { decodeWav } from '../../../src/speech/wav'
import { encodeWav } from './wav-write'
import { EVAL_UTTERANCES } from './utterances'

export interface EvalRow {
  file: string
  text: string
  engine: 'flite' | 'espeak-ng' | 'recording'
  voice: string
  rate: number
  /** Signal-to-noise ratio in dB, or null for clean audio. */
  snr: number | null
}

const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal16']
const ESPEAK_VOICES = ['en-us', 'en-gb+f3', 'en-us+m7']
/** Speaking rate relative to the engine's default (0.85 slower ... 1.15 faster). */
const RATES = [0.85, 1, 1.15]
const SNRS = [20, 10]

function synthesize(engine: 'flite' | 'espeak-ng', voice: string, rate: number, text: string, out: string): void {
  const raw = `${out}.raw.wav`
  if (engine === 'flite')
    execFileSync('flite', ['-voice', voice, '--setf', `duration_stretch=${1 / rate}`, '-t', text, '-o', raw])
  else execFileSync('espeak-ng', ['-v', voice, '-s', String(Math.round(175 * rate)), '-w', raw, text])
  // 16 kHz mono 16-bit, with 0.3 s of room before and after as a push-to-talk clip has.
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', out, 'pad', '0.3', '0.3'])
  execFileSync('rm', ['-f', raw])
}

/** White noise scaled to `snr` dB below the clip's speech power (power over samples above -40 dB). */
export function addNoise(samples: Float32Array, snr: number, seed: number): Float32Array {
  const random = seededRandom(seed)
  let power = 0
  let n = 0
  for (const s of samples)
    if (Math.abs(s) > 0.01) {
      power += s * s
      n++
    }
  const noiseRms = Math.sqrt((n > 0 ? power / n : 0) / 10 ** (snr / 10))
  const out = new Float32Array(samples.length)
  for (let i = 0; i < samples.length; i++) {
    // Box-Muller: Gaussian noise.
    const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    out[i] = Math.max(-1, Math.min(1, samples[i]! + g * noiseRms))
  }
  return out
}

/** The command-line tools the set is made with that this machine lacks (none: it can be made). */
export function missingTools(): string[] {
  return ['flite', 'espeak-ng', 'sox'].filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' })
      return false
    } catch {
      return true
    }
  })
}

/**
 * Synthesizes `texts` with every voice (and the package's recording, with `recording`) into `dir`
 * and writes its manifest.json.
 */
export function generateEvalSet(
  dir: string,
  texts: readonly string[] = EVAL_UTTERANCES,
  recording = true,
): EvalRow[] {
  const missing = missingTools()
  if (missing.length > 0) throw new Error(`speech eval set: ${missing.join(', ')} not installed`)
  mkdirSync(dir, { recursive: true })
  const rows: EvalRow[] = []
  let k = 0
  const voices = [
    ...FLITE_VOICES.map((v) => ['flite', v] as const),
    ...ESPEAK_VOICES.map((v) => ['espeak-ng', v] as const),
  ]
  for (const [engine, voice] of voices) {
    for (const text of texts) {
      // Each utterance once per voice, at a rate that cycles, so every rate meets every voice.
      const rate = RATES[k++ % RATES.length]!
      const base = `${engine}-${voice.replace(/\W/g, '')}-${k}`
      const clean = join(dir, `${base}.wav`)
      synthesize(engine, voice, rate, text, clean)
      rows.push({ file: `${base}.wav`, text, engine, voice, rate, snr: null })
      const { samples } = decodeWav(new Uint8Array(readFileSync(clean)))
      for (const snr of SNRS) {
        const file = `${base}-snr${snr}.wav`
        writeFileSync(join(dir, file), encodeWav(addNoise(samples, snr, k * 100 + snr), 16_000))
        rows.push({ file, text, engine, voice, rate, snr })
      }
    }
  }
  if (recording) {
    // The real recording in the npm package (CMU's test data): "go forward ten meters".
    const raw = readFileSync(join(pocketsphinxDir(), 'pocketsphinx/test/data/goforward.raw'))
    const pcm = new Int16Array(raw.buffer, raw.byteOffset, raw.length >> 1)
    const file = 'recording-goforward.wav'
    writeFileSync(join(dir, file), encodeWav(Float32Array.from(pcm, (s) => s / 32768), 16_000))
    rows.push({ file, text: 'go forward ten meters', engine: 'recording', voice: 'cmu', rate: 1, snr: null })
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(rows, null, 1))
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'tests/output/speech-eval'
  const rows = generateEvalSet(dir)
  console.log(`${rows.length} clips in ${dir}`)
}
