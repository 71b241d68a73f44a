/**
 * `npx tsx tests/bench/voice-tune.ts 'NAME:-opt v -opt v' ...`: decodes the same evaluation clips
 * (tests/output/speech-eval/, see voice.bench.ts) with several PocketSphinx settings in one run, so
 * they can be compared fairly on a loaded machine. Each setting is COMMAND_CONFIG with the given
 * options replaced or added. VOICE_TUNE_VOICES=a,b (default: the tuning voices), VOICE_TUNE_EVERY=N
 * (every Nth utterance), VOICE_TUNE_SNR=clean,10 (conditions), VOICE_TUNE_ORDER=grouped (each
 * condition in turn, as a session in one room; the default interleaves them), VOICE_TUNE_TWICE=1
 * (decode each clip twice, keep the second: the cepstral mean then includes the clip).
 * VOICE_TUNE_VOICES=heldout for the held-out voices. `--denoise off` among a setting's options
 * decodes without the RNNoise front end (denoise.ts), e.g. 'before:--denoise off' 'after:'.
 * Prints one line per setting.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseCommand } from '../../src/core/command'
import { COMMAND_CONFIG, createCommandRecognizer } from '../../src/speech/load-recognizer'
import type { SphinxConfig } from '../../src/speech/grammar-recognizer'
import { toInt16 } from '../../src/speech/pcm'
import { readSpeechAssets } from '../../src/speech/speech-files'
import { decodeWav } from '../../src/speech/wav'
import type { EvalRow } from '../data/speech/generate'
import { sameCommand } from './voice.bench'
import { HELD_OUT_VOICES, TUNING_VOICES } from './voice-split'

const EVAL_DIR = join(import.meta.dirname, '../output/speech-eval')

function withOptions(base: SphinxConfig, spec: string): { config: SphinxConfig; denoise: boolean } {
  const parts = spec.trim().split(/\s+/).filter(Boolean)
  const out = new Map(base.map(([k, v]) => [k, v]))
  let denoise = true
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i] === '--denoise') denoise = parts[i + 1] !== 'off'
    else out.set(parts[i]!, parts[i + 1]!)
  }
  return { config: [...out], denoise }
}

async function main(): Promise<void> {
  const named = process.env.VOICE_TUNE_VOICES
  const voices = new Set(named === 'heldout' ? HELD_OUT_VOICES : (named?.split(',') ?? TUNING_VOICES))
  const every = Number(process.env.VOICE_TUNE_EVERY ?? 1)
  const snrs = new Set((process.env.VOICE_TUNE_SNR ?? 'clean,10').split(','))
  const rows = (JSON.parse(readFileSync(join(EVAL_DIR, 'manifest.json'), 'utf8')) as EvalRow[])
    .filter((r) => voices.has(`${r.engine}:${r.voice}`) && snrs.has(r.snr === null ? 'clean' : String(r.snr)))
    .filter((r) => Number(/-(\d+)(-snr\d+)?\.wav$/.exec(r.file)?.[1] ?? 0) % every === 0)
  if (process.env.VOICE_TUNE_ORDER === 'grouped') rows.sort((a, b) => (a.snr ?? 99) - (b.snr ?? 99))
  const twice = process.env.VOICE_TUNE_TWICE === '1'
  const clips = rows.map((r) => ({
    row: r,
    pcm: toInt16(decodeWav(new Uint8Array(readFileSync(join(EVAL_DIR, r.file)))).samples),
  }))
  const assets = await readSpeechAssets()
  for (const spec of process.argv.slice(2)) {
    const [name, opts = ''] = spec.split(':')
    let recognizer
    try {
      const { config, denoise } = withOptions(COMMAND_CONFIG, opts)
      recognizer = (await createCommandRecognizer(assets, config, { denoise })).recognizer
    } catch (err) {
      console.log(`${name}: failed to start: ${err instanceof Error ? err.message : String(err)}`)
      continue
    }
    const by = new Map<string, { ok: number; n: number }>()
    const ms: number[] = []
    let failed = ''
    for (const { row, pcm } of clips) {
      const t0 = performance.now()
      let text: string
      try {
        text = recognizer.decode(pcm)
        if (twice) text = recognizer.decode(pcm)
      } catch (err) {
        failed = err instanceof Error ? err.message : String(err)
        break
      }
      ms.push(performance.now() - t0)
      const ok = sameCommand(parseCommand(text), parseCommand(row.text))
      const key = row.snr === null ? 'clean' : `snr${row.snr}`
      const g = by.get(key) ?? { ok: 0, n: 0 }
      g.ok += ok ? 1 : 0
      g.n++
      by.set(key, g)
      if (!ok && process.env.VOICE_BENCH_MISSES)
        console.error(`  ${name} miss ${row.file}: "${row.text}" -> "${text}"`)
    }
    if (failed) {
      console.log(`${name}: failed: ${failed}`)
      continue
    }
    recognizer.dispose()
    ms.sort((a, b) => a - b)
    const acc = [...by].map(([k, g]) => `${k} ${((100 * g.ok) / g.n).toFixed(1)}% (${g.n})`).join('  ')
    console.log(`${name}: ${acc}  decode p50 ${ms[ms.length >> 1]?.toFixed(0)} ms`)
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err))
  process.exitCode = 1
})
