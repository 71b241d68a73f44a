import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCommand, saysWake, withoutWake } from '../../src/core/command'
import { createCommandRecognizer, type CommandRecognizer } from '../../src/speech/load-recognizer'
import { toInt16 } from '../../src/speech/pcm'
import { readSpeechAssets } from '../../src/speech/speech-files'
import { decodeWav } from '../../src/speech/wav'
import { WakeListener, type WakeStep } from '../../src/speech/wake-listener'

const DATA = join(import.meta.dirname, '../data/speech')
const CHUNK = 4096

/** Streams a WAV (then `tailMs` of quiet) through the listener as a microphone would. */
function stream(listener: WakeListener, file: string, tailMs = 0): WakeStep[] {
  const { samples } = decodeWav(new Uint8Array(readFileSync(join(DATA, file))))
  const audio = new Float32Array(samples.length + 16 * tailMs)
  audio.set(samples)
  const pcm = toInt16(audio)
  const steps: WakeStep[] = []
  for (let at = 0; at < pcm.length; at += CHUNK) steps.push(listener.feed(pcm.subarray(at, at + CHUNK)))
  return steps
}

describe('hands-free wake phrase (PocketSphinx keyword spotting, then the grammar)', () => {
  let loaded: CommandRecognizer
  beforeAll(async () => {
    loaded = await createCommandRecognizer(await readSpeechAssets())
  }, 60_000)
  afterAll(() => loaded?.recognizer.dispose())

  it('wakes on "okay world, ..." and carries out the command said after it, with no button', () => {
    const listener = new WakeListener(loaded.recognizer)
    const steps = stream(listener, 'okay-world-add-a-lake-over-there.wav')
    expect(steps[0]!.state).toBe('waiting')
    expect(steps.some((s) => s.state === 'listening')).toBe(true)
    const commands = steps.filter((s) => s.command !== null).map((s) => s.command!)
    expect(commands).toHaveLength(1)
    const command = parseCommand(commands[0]!)
    expect(command).toMatchObject({ intent: 'expand', placement: 'there' })
    expect(command.prompt?.features.map((f) => f.name)).toContain('lake')
  }, 60_000)

  it('does not wake on a command said without the wake phrase', () => {
    const listener = new WakeListener(loaded.recognizer)
    const steps = stream(listener, 'add-a-lake-over-there.wav')
    expect(steps.every((s) => s.state === 'waiting' && s.command === null)).toBe(true)
    expect(listener.stop()).toBeNull()
  }, 60_000)

  it('drops the wake phrase from what was heard, and needs a recogniser that can spot it', () => {
    expect(withoutWake('okay world okay world add a lake')).toBe('add a lake')
    expect(withoutWake('okay world')).toBe('')
    expect(withoutWake('world add a lake')).toBe('world add a lake')
    expect(withoutWake('okay add a world')).toBe('okay add a world')
    expect(withoutWake('')).toBe('')
    // Said word for word, not as a word of a command.
    expect(saysWake('Okay world, add a lake')).toBe(true)
    expect(saysWake('save the world')).toBe(false)
    expect(saysWake('okay, make a world')).toBe(false)
  })
})
