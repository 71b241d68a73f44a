import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { decodeWav, AudioFileError } from '../../src/speech/wav'
import { resample } from '../../src/speech/pcm'
import { encodeWav } from '../data/speech/wav-write'

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, '../..')
const WAV = join(ROOT, 'tests/data/speech/add-a-lake-over-there.wav')

async function listen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/main.ts', 'listen', ...args], { cwd: ROOT })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('cli listen (PocketSphinx in Node, the app recogniser and grammar)', () => {
  it('transcribes the synthesized command into an expand over there, as JSON', async () => {
    const r = await listen(WAV, '--json')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>
    expect(out.intent).toBe('expand')
    expect(out.placement).toBe('there')
    expect(String(out.description)).toMatch(/\blake\b/)
    expect(String(out.text)).toMatch(/lake over there$/)
    expect(out.ms).toBeGreaterThan(0)
  }, 60_000)

  it('the same clip at 44.1 kHz is resampled and heard the same way', async () => {
    const { samples } = decodeWav(new Uint8Array((await import('node:fs')).readFileSync(WAV)))
    const up = resample(samples, 16_000, 44_100)
    const dir = mkdtempSync(join(tmpdir(), 'listen-'))
    const file = join(dir, 'up.wav')
    writeFileSync(file, encodeWav(up, 44_100))
    const r = await listen(file, '--json')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>
    expect(out.intent).toBe('expand')
    expect(out.placement).toBe('there')
  }, 60_000)

  it('refuses bad audio with one line and a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'listen-'))
    const notWav = join(dir, 'a.wav')
    writeFileSync(notWav, 'hello')
    const empty = join(dir, 'empty.wav')
    writeFileSync(empty, encodeWav(new Float32Array(0), 16_000))
    const long = join(dir, 'long.wav')
    writeFileSync(long, encodeWav(new Float32Array(16_000 * 31), 16_000))
    for (const [file, why] of [
      [notWav, /not a WAV file/],
      [empty, /empty/],
      [long, /too long/],
      [join(dir, 'missing.wav'), /ENOENT|no such file/],
    ] as const) {
      const r = await listen(file)
      expect(r.code).not.toBe(0)
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('npm warn')),
      ).toHaveLength(1)
      expect(r.stderr).toMatch(why)
    }
  }, 60_000)

  it('decodeWav names what is wrong: a rate that cannot be resampled, an unknown encoding', () => {
    const wav = encodeWav(new Float32Array(100), 16_000)
    const slow = wav.slice()
    new DataView(slow.buffer).setUint32(24, 4000, true)
    expect(() => decodeWav(slow)).toThrow(AudioFileError)
    expect(() => decodeWav(slow)).toThrow(/cannot resample 4000 Hz/)
    const alaw = wav.slice()
    new DataView(alaw.buffer).setUint16(20, 6, true)
    expect(() => decodeWav(alaw)).toThrow(/unsupported WAV encoding/)
  })
})
