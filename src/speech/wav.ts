import { resample, SPEECH_RATE } from './pcm'

/** Why a WAV file could not be used; the message is one line for the CLI. */
export class AudioFileError extends Error {
  override name = 'AudioFileError'
}

/** The longest utterance accepted: push-to-talk commands are seconds long, and decoding is linear. */
export const MAX_AUDIO_SECONDS = 30

const MIN_RATE = 8_000
const MAX_RATE = 192_000

/**
 * A WAV file (RIFF, PCM 8/16/24/32-bit or IEEE float 32, any channel count) as mono float samples
 * at 16 kHz: channels averaged, other rates resampled. Throws AudioFileError for anything else.
 */
export function decodeWav(bytes: Uint8Array): { samples: Float32Array; seconds: number; sourceRate: number } {
  if (bytes.length < 12) throw new AudioFileError(`not a WAV file (${bytes.length} bytes)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4))
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new AudioFileError('not a WAV file (no RIFF/WAVE header)')
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined
  let data: Uint8Array | undefined
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at)
    const size = view.getUint32(at + 4, true)
    const body = at + 8
    if (id === 'fmt ' && size >= 16) {
      let format = view.getUint16(body, true)
      // WAVE_FORMAT_EXTENSIBLE: the real format is the sub-format GUID's first two bytes.
      if (format === 0xfffe && size >= 40) format = view.getUint16(body + 24, true)
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      }
    } else if (id === 'data') {
      data = bytes.subarray(body, Math.min(bytes.length, body + size))
      break
    }
    at = body + size + (size & 1)
  }
  if (!fmt) throw new AudioFileError('WAV file has no fmt chunk')
  if (!data) throw new AudioFileError('WAV file has no data chunk')
  const { format, channels, rate, bits } = fmt
  if (channels < 1) throw new AudioFileError('WAV file has no channels')
  if (rate < MIN_RATE || rate > MAX_RATE)
    throw new AudioFileError(`cannot resample ${rate} Hz audio (${MIN_RATE}-${MAX_RATE} Hz)`)
  const pcm = format === 1 && [8, 16, 24, 32].includes(bits)
  const float = format === 3 && bits === 32
  if (!pcm && !float) throw new AudioFileError(`unsupported WAV encoding (format ${format}, ${bits} bit)`)
  const width = bits / 8
  const frames = Math.floor(data.length / (width * channels))
  if (frames === 0) throw new AudioFileError('WAV file is empty (no samples)')
  const seconds = frames / rate
  if (seconds > MAX_AUDIO_SECONDS)
    throw new AudioFileError(`audio is too long (${seconds.toFixed(1)} s; at most ${MAX_AUDIO_SECONDS} s)`)
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const read = (at: number): number => {
    if (float) return dv.getFloat32(at, true)
    if (bits === 8) return (dv.getUint8(at) - 128) / 128
    if (bits === 16) return dv.getInt16(at, true) / 32768
    if (bits === 24)
      return (dv.getUint8(at) | (dv.getUint8(at + 1) << 8) | (dv.getInt8(at + 2) << 16)) / 8388608
    return dv.getInt32(at, true) / 2147483648
  }
  const mono = new Float32Array(frames)
  for (let i = 0; i < frames; i++) {
    let sum = 0
    for (let c = 0; c < channels; c++) sum += read((i * channels + c) * width)
    mono[i] = sum / channels
  }
  return { samples: resample(mono, rate, SPEECH_RATE), seconds, sourceRate: rate }
}
