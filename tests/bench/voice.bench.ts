/**
 * `npm run bench -- --only voice`: the on-device recogniser (PocketSphinx + the command grammar, as
 * the app's worker and the CLI run it) on the synthesized evaluation set (tests/data/speech/
 * generate.ts, made into tests/output/speech-eval/ when missing).
 *
 * - voice.command_accuracy_clean / _snr20 / _snr10: share of clips whose recognised text reads as
 *   the same command as the words said (intent, placement, and the description's recognised
 *   features, so "a lake" and "the lake" agree).
 * - voice.wer: word error rate of the clean clips.
 * - voice.release_to_command_ms_p50: a 3 s utterance fed in 4096-sample chunks as the microphone
 *   delivers them, then the time from release (end of the utterance) to a parsed command.
 * - voice.model_load_ms: runtime start + dictionary + grammar, files already read.
 * - voice.heldout.*: the same on the voices no setting was tuned on (voice-split.ts); the goals
 *   (95 % clean, 85 % at 10 dB) are judged there.
 * Per engine and per voice rows follow, so voices can be compared; `--quick` takes every 4th
 * utterance, VOICE_BENCH_EVERY=N every Nth. Without the eval set and without flite, espeak-ng or
 * sox to make it (CI has none of them), the area is skipped with a one-line message.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseCommand, type ParsedCommand } from '../../src/core/command'
import { tokenize } from '../../src/core/prompt'
import { createCommandRecognizer } from '../../src/speech/load-recognizer'
import type { GrammarRecognizer } from '../../src/speech/grammar-recognizer'
import { toInt16 } from '../../src/speech/pcm'
import { readSpeechAssets } from '../../src/speech/speech-files'
import { withoutWake } from '../../src/core/command'
import { decodeWav } from '../../src/speech/wav'
import type { EvalRow } from '../data/speech/generate'
import { EVAL_DIR, openEvalSet } from './speech-eval-set'
import { median, round, type BenchContext, type BenchResult } from './harness'
import { HELD_OUT_VOICES } from './voice-split'

export const area = 'voice'

const CHUNK = 4096

/** Same command: intent, placement and what the description is recognised as. */
export function sameCommand(a: ParsedCommand, b: ParsedCommand): boolean {
  const features = (c: ParsedCommand): string =>
    [...(c.prompt?.features.map((f) => f.name) ?? []), ...(c.prompt?.negated ?? []).map((n) => `-${n}`)]
      .sort()
      .join(',')
  return a.intent === b.intent && a.placement === b.placement && features(a) === features(b)
}

export function wordErrors(ref: readonly string[], hyp: readonly string[]): number {
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j)
  for (let i = 1; i <= ref.length; i++) {
    const cur = [i]
    for (let j = 1; j <= hyp.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[hyp.length]!
}

/** The utterance number a clip was made from (its clean and noisy versions share it). */
function utteranceIndex(row: EvalRow): number {
  return Number(/-(\d+)(?:-snr\d+)?\.wav$/.exec(row.file)?.[1] ?? 0)
}

export async function* bench(ctx: BenchContext): AsyncIterable<BenchResult> {
  const rows = openEvalSet('voice')
  if (!rows) return
  const assets = await readSpeechAssets()
  const loads: number[] = []
  for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
    const r = await createCommandRecognizer(assets)
    loads.push(r.loadMs)
    r.recognizer.dispose()
  }
  yield { name: 'voice.model_load_ms', value: round(median(loads), 0), unit: 'ms' }

  const every = Number(process.env.VOICE_BENCH_EVERY ?? (ctx.quick ? 4 : 1))
  if (!Number.isInteger(every) || every < 1) throw new Error('VOICE_BENCH_EVERY must be a whole number >= 1')
  const picked = rows.filter((r) => utteranceIndex(r) % every === 0)
  const heldOut = new Set(HELD_OUT_VOICES)
  const groups = new Map<string, { ok: number; n: number }>()
  const count = (key: string, ok: boolean): void => {
    const g = groups.get(key) ?? { ok: 0, n: 0 }
    g.ok += ok ? 1 : 0
    g.n++
    groups.set(key, g)
  }
  let errors = 0
  let words = 0
  const decodeMs: number[] = []
  // Each condition is its own session on a fresh recogniser, as a person in one room would use it:
  // PocketSphinx's live cepstral mean carries over from utterance to utterance, so interleaving
  // clean and noisy clips would judge each clip with the previous condition's mean.
  const sessions = new Map<string, GrammarRecognizer>()
  for (const row of picked) {
    const session = row.snr === null ? 'clean' : `snr${row.snr}`
    let recognizer = sessions.get(session)
    if (!recognizer) sessions.set(session, (recognizer = (await createCommandRecognizer(assets)).recognizer))
    const { samples } = decodeWav(new Uint8Array(readFileSync(join(EVAL_DIR, row.file))))
    const t0 = performance.now()
    const text = withoutWake(recognizer.decode(toInt16(samples)))
    decodeMs.push(performance.now() - t0)
    const ref = tokenize(row.text)
    if (row.snr === null) {
      errors += wordErrors(ref, tokenize(text))
      words += ref.length
    }
    if (row.engine === 'recording') continue
    const ok = sameCommand(parseCommand(text), parseCommand(row.text))
    const snr = row.snr === null ? 'clean' : `snr${row.snr}`
    count(snr, ok)
    count(`${snr}:${row.engine}`, ok)
    count(`${snr}:${row.engine}:${row.voice}`, ok)
    if (heldOut.has(`${row.engine}:${row.voice}`)) count(`heldout.${snr}`, ok)
    if (!ok && process.env.VOICE_BENCH_MISSES) console.error(`miss ${row.file}: "${row.text}" -> "${text}"`)
  }
  const acc = (key: string): number => {
    const g = groups.get(key)
    return g && g.n > 0 ? round((100 * g.ok) / g.n, 1) : NaN
  }
  for (const snr of ['clean', 'snr20', 'snr10'])
    yield { name: `voice.command_accuracy_${snr}`, value: acc(snr), unit: '%', n: groups.get(snr)?.n }
  for (const [snr, budget] of [
    ['clean', 95],
    ['snr20', undefined],
    ['snr10', 85],
  ] as const)
    yield {
      name: `voice.heldout.command_accuracy_${snr}`,
      value: acc(`heldout.${snr}`),
      unit: '%',
      budget,
      n: groups.get(`heldout.${snr}`)?.n,
    }
  yield { name: 'voice.wer', value: round(words > 0 ? errors / words : NaN, 3), unit: 'ratio', words }
  yield { name: 'voice.decode_ms_p50', value: round(median(decodeMs), 0), unit: 'ms', clips: decodeMs.length }
  for (const [key, g] of [...groups].sort()) {
    if (key.includes(':') && !key.startsWith('heldout'))
      yield { name: `voice.accuracy.${key.replace(/:/g, '.')}`, value: acc(key), unit: '%', n: g.n }
  }

  for (const [name, r] of sessions) if (name !== 'clean') r.dispose()
  const recognizer = sessions.get('clean') ?? (await createCommandRecognizer(assets)).recognizer

  // Release to command: a 3 s utterance streamed as the microphone would deliver it.
  const clip = rows.find((r) => r.snr === null && r.text === 'push the desert out towards my left')!
  const { samples } = decodeWav(new Uint8Array(readFileSync(join(EVAL_DIR, clip.file))))
  const three = new Float32Array(48_000)
  three.set(samples.subarray(0, three.length))
  const release: number[] = []
  for (let i = 0; i < (ctx.quick ? 3 : 7); i++) {
    recognizer.begin()
    for (let at = 0; at < three.length; at += CHUNK) recognizer.feed(toInt16(three.subarray(at, at + CHUNK)))
    const t0 = performance.now()
    parseCommand(recognizer.end())
    release.push(performance.now() - t0)
  }
  yield { name: 'voice.release_to_command_ms_p50', value: round(median(release), 1), unit: 'ms', budget: 500 }
  recognizer.dispose()
}
