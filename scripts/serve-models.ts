// Serves the files in models/ (manifest.json, *.onnx) so the app loads its model from itself, never a CDN.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFile, readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'

const modelsDir = join(import.meta.dirname, '..', 'models')
const types: Record<string, string> = { '.json': 'application/json', '.onnx': 'application/octet-stream' }

export async function listModelFiles(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const names = (await readdir(modelsDir)).filter((n) => n.endsWith('.json') || n.endsWith('.onnx'))
  return Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(modelsDir, name)) })))
}

export async function serveModelFile(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
): Promise<void> {
  const name = basename(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'))
  const type = types[name.slice(name.lastIndexOf('.'))]
  if (!type) return next()
  try {
    const bytes = await readFile(join(modelsDir, name))
    res.setHeader('Content-Type', type)
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    res.end(bytes)
  } catch {
    next()
  }
}
