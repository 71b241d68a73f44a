// Serves the files in models/ (manifest.json, *.onnx) so the app loads its model from itself, never a CDN.
import { readFile, readdir } from 'node:fs/promises'
import { join, basename } from 'node:path'

const modelsDir = join(import.meta.dirname, '..', 'models')
const types = { '.json': 'application/json', '.onnx': 'application/octet-stream' }

/** @returns {Promise<{name: string, bytes: Uint8Array}[]>} */
export async function listModelFiles() {
  const names = (await readdir(modelsDir)).filter((n) => n.endsWith('.json') || n.endsWith('.onnx'))
  return Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(modelsDir, name)) })))
}

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {() => void} next */
export async function serveModelFile(req, res, next) {
  const name = basename(decodeURIComponent((req.url ?? '/').split('?')[0]))
  const ext = name.slice(name.lastIndexOf('.'))
  if (!(ext in types)) return next()
  try {
    const bytes = await readFile(join(modelsDir, name))
    res.setHeader('Content-Type', types[/** @type {'.json'|'.onnx'} */ (ext)])
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    res.end(bytes)
  } catch {
    next()
  }
}
