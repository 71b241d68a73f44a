/**
 * `npm run bench -- --only wake`: how often hands-free listening wakes when nobody said the wake
 * phrase, and how often it wakes (and hears the command) when someone did. Each condition (clean,
 * 20 dB and 10 dB white noise) is streamed as one long recording: the clips back to back with
 * 0.5 s pauses, in 4096-sample chunks as the worker gets the microphone, through the app's
 * WakeListener on a fresh recogniser.
 *
 * - wake.false_wakes_per_min_<condition>: the voice bench's synthesized evaluation set
 *   (tests/data/speech/generate.ts, made into tests/output/speech-eval/ when missing), every
 *   command that does not say the wake phrase ("save the world" included): wakes per minute of
 *   that audio. Each wake runs its command to the end (quiet or 7 s), as in the app, before
 *   listening for the phrase again. These are the nearest misses a person in the room produces.
 * - wake.hits_<condition>: "<wake phrase>, <command>" for 8 commands in the same 7 voices
 *   (tests/output/speech-eval-wake/): the share of clips it woke on; `commands_right`, the share
 *   whose command was heard word for word.
 * Skipped with one line where the sets are missing and flite, espeak-ng or sox are not installed
 * (CI has none of them).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { saysWake, withoutWake } from '../../src/core/command'
import { createCommandRecognizer } from '../../src/speech/load-recognizer'
import { toInt16 } from '../../src/speech/pcm'
import { readSpeechAssets } from '../../src/speech/speech-files'
import { WakeListener } from '../../src/speech/wake-listener'
import { decodeWav } from '../../src/speech/wav'
import { EVAL_DIR, WAKE_EVAL_DIR, openEvalSet } from './speech-eval-set'
import { round, type BenchContext, type BenchResult } from './harness'

export const area = 'wake'

const RATE = 16_000
const CHUNK = 4096
const PAUSE = new Float32Array(RATE / 2)
const CONDITIONS = [null, 20, 10] as const

export async function* bench(ctx: BenchContext): AsyncIterable<BenchResult> {
  const rows = openEvalSet('wake')
  const wakeRows = openEvalSet('wake', 'wake')
  if (!rows || !wakeRows) return
  const withoutPhrase = rows.filter((r) => !saysWake(r.text) && r.engine !== 'recording')
  const assets = await readSpeechAssets()
  for (const snr of CONDITIONS) {
    const condition = snr === null ? 'clean' : `snr${snr}`
    const { recognizer } = await createCommandRecognizer(assets)
    const listener = new WakeListener(recognizer)
    // One clip after another; per clip, whether it woke (while the clip or the pause after it
    // played) and the command heard.
    let waiting = true
    let samples = 0
    const play = (audio: Float32Array): { woke: boolean; command: string | null } => {
      let woke = false
      let command: string | null = null
      for (const part of [audio, PAUSE]) {
        for (let at = 0; at < part.length; at += CHUNK) {
          const step = listener.feed(toInt16(part.subarray(at, at + CHUNK)))
          if (waiting && step.state === 'listening') woke = true
          if (step.command !== null) command = step.command
          waiting = step.state === 'waiting'
        }
        samples += part.length
      }
      return { woke, command }
    }
    const read = (dir: string, file: string): Float32Array =>
      decodeWav(new Uint8Array(readFileSync(join(dir, file)))).samples

    const misses = withoutPhrase.filter((r, i) => r.snr === snr && (!ctx.quick || i % 4 === 0))
    let wakes = 0
    const heard: string[] = []
    for (const row of misses) {
      const { woke, command } = play(read(EVAL_DIR, row.file))
      if (woke) wakes++
      if (command) heard.push(command)
    }
    const minutes = samples / RATE / 60
    yield {
      name: `wake.false_wakes_per_min_${condition}`,
      value: round(wakes / minutes, 2),
      unit: '/min',
      wakes,
      minutes: round(minutes, 1),
      clips: misses.length,
      commands: heard.slice(0, 5),
    }

    const said = wakeRows.filter((r) => r.snr === snr)
    let hits = 0
    let right = 0
    const byEngine: Record<string, { hits: number; clips: number }> = {}
    for (const row of said) {
      const { woke, command } = play(read(WAKE_EVAL_DIR, row.file))
      // A command still open when the clip's pause ends is ended here, as a quiet room would.
      const heardCommand = command ?? listener.stop()
      waiting = true
      if (woke) hits++
      if (heardCommand !== null && heardCommand === withoutWake(row.text.replace(/,/g, ''))) right++
      const engine = (byEngine[row.engine] ??= { hits: 0, clips: 0 })
      engine.clips++
      if (woke) engine.hits++
    }
    listener.stop()
    recognizer.dispose()
    yield {
      name: `wake.hits_${condition}`,
      value: round(hits / said.length, 3),
      unit: 'share of clips',
      hits,
      clips: said.length,
      commands_right: round(right / said.length, 3),
      hits_by_engine: Object.fromEntries(
        Object.entries(byEngine).map(([e, c]) => [e, `${c.hits}/${c.clips}`]),
      ),
    }
  }
}
