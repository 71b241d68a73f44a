/**
 * `npm run bench -- --only wake`: how often hands-free listening wakes when nobody said the wake
 * phrase. The voice bench's synthesized evaluation set (tests/data/speech/generate.ts, made into
 * tests/output/speech-eval/ when missing), without the utterances that contain "world", is
 * streamed per condition (clean, 20 dB and 10 dB white noise) as one long recording: the clips back
 * to back with 0.5 s pauses, in 4096-sample chunks as the worker gets the microphone, through the
 * app's WakeListener on a fresh recogniser.
 *
 * - wake.false_wakes_per_min_<condition>: wakes per minute of that audio. Each wake runs its
 *   command to the end (quiet or 7 s), as in the app, before listening for the phrase again.
 *   These are commands said without the phrase: the nearest miss a person in the room produces.
 * Skipped with one line where the set is missing and flite, espeak-ng or sox are not installed
 * (CI has none of them).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createCommandRecognizer } from '../../src/speech/load-recognizer'
import { toInt16 } from '../../src/speech/pcm'
import { readSpeechAssets } from '../../src/speech/speech-files'
import { WAKE_PHRASE, WakeListener } from '../../src/speech/wake-listener'
import { decodeWav } from '../../src/speech/wav'
import { EVAL_DIR, openEvalSet } from './speech-eval-set'
import { round, type BenchContext, type BenchResult } from './harness'

export const area = 'wake'

const RATE = 16_000
const CHUNK = 4096
const PAUSE = new Float32Array(RATE / 2)

export async function* bench(ctx: BenchContext): AsyncIterable<BenchResult> {
  const rows = openEvalSet('wake')
  if (!rows) return
  const withoutPhrase = rows.filter(
    (r) => !r.text.split(' ').includes(WAKE_PHRASE) && r.engine !== 'recording',
  )
  const assets = await readSpeechAssets()
  for (const snr of [null, 20, 10]) {
    const clips = withoutPhrase.filter((r, i) => r.snr === snr && (!ctx.quick || i % 4 === 0))
    const { recognizer } = await createCommandRecognizer(assets)
    const listener = new WakeListener(recognizer)
    let wakes = 0
    let samples = 0
    let waiting = true
    const heard: string[] = []
    const stream = (audio: Float32Array): void => {
      for (let at = 0; at < audio.length; at += CHUNK) {
        const step = listener.feed(toInt16(audio.subarray(at, at + CHUNK)))
        if (waiting && step.state === 'listening') wakes++
        if (step.command !== null) heard.push(step.command)
        waiting = step.state === 'waiting'
      }
      samples += audio.length
    }
    for (const row of clips) {
      // decodeWav hands back 16 kHz mono, whatever the file's rate.
      stream(decodeWav(new Uint8Array(readFileSync(join(EVAL_DIR, row.file)))).samples)
      stream(PAUSE)
    }
    listener.stop()
    recognizer.dispose()
    const minutes = samples / RATE / 60
    const condition = snr === null ? 'clean' : `snr${snr}`
    yield {
      name: `wake.false_wakes_per_min_${condition}`,
      value: round(wakes / minutes, 2),
      unit: '/min',
      wakes,
      minutes: round(minutes, 1),
      clips: clips.length,
      commands: heard.filter(Boolean).slice(0, 5),
    }
  }
}
