import { readFile } from 'node:fs/promises'
import { createCommandRecognizer } from '../speech/load-recognizer'
import { readSpeechAssets } from '../speech/speech-files'
import { transcribe } from '../speech/transcribe'
import { AudioFileError, decodeWav } from '../speech/wav'

const USAGE = 'usage: npm run --silent cli -- listen FILE.wav [--json]'

/**
 * `npm run --silent cli -- listen FILE.wav [--json]`: the app's on-device recogniser (PocketSphinx
 * with the command grammar) on a WAV file. Prints text, intent, placement, description and the
 * decoding time; with --json one JSON object. Bad audio is a one-line error and exit code 1.
 */
export async function runListen(argv: string[]): Promise<number> {
  let json = false
  const files: string[] = []
  for (const arg of argv) {
    if (arg === '--json') json = true
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE)
      return 0
    } else if (arg.startsWith('--')) {
      console.error(`worldwalk listen: unknown option ${arg} (${USAGE})`)
      return 2
    } else files.push(arg)
  }
  if (files.length !== 1) {
    console.error(`worldwalk listen: give one WAV file (${USAGE})`)
    return 2
  }
  const path = files[0]!
  let samples: Float32Array
  try {
    samples = decodeWav(new Uint8Array(await readFile(path))).samples
  } catch (err) {
    const why = err instanceof AudioFileError || err instanceof Error ? err.message : String(err)
    console.error(`worldwalk listen: ${path}: ${why}`)
    return 1
  }
  const { recognizer, loadMs } = await createCommandRecognizer(await readSpeechAssets())
  const t = transcribe(recognizer, samples)
  recognizer.dispose()
  const c = t.command
  const out = {
    text: t.text,
    intent: c.intent,
    placement: c.placement,
    scope: c.scope,
    description: c.description,
    ms: Math.round(t.ms),
    loadMs: Math.round(loadMs),
    seconds: Math.round((samples.length / 16_000) * 100) / 100,
  }
  if (json) console.log(JSON.stringify(out))
  else {
    console.log(`heard:       ${t.text || '(nothing in the grammar)'}`)
    console.log(`intent:      ${c.intent}`)
    console.log(`placement:   ${c.placement}`)
    console.log(`description: ${c.description || '(none)'}`)
    console.log(`decoded in:  ${out.ms} ms (model load ${out.loadMs} ms)`)
  }
  return 0
}
