import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { listModelFiles, serveModelFile } from './scripts/serve-models.ts'
import { listSpeechFiles, serveSpeechFile } from './scripts/serve-speech.ts'

/**
 * Cross-origin isolation (COOP + COEP) makes `crossOriginIsolated` true, which multithreaded
 * onnxruntime-web wasm needs for SharedArrayBuffer. COEP `require-corp` blocks cross-origin assets
 * without CORP headers, which is one more reason everything (models, input profiles, wasm) is
 * served by the app itself.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** Serves `models/` (manifest and .onnx files) at `/models/` in dev and copies them into the build. */
function serveModels(): Plugin {
  return {
    name: 'worldwalk-models',
    configureServer(server) {
      server.middlewares.use('/models', (req, res, next) => {
        void serveModelFile(req, res, next)
      })
    },
    configurePreviewServer(server) {
      server.middlewares.use('/models', (req, res, next) => {
        void serveModelFile(req, res, next)
      })
    },
    async generateBundle() {
      for (const file of await listModelFiles()) {
        this.emitFile({ type: 'asset', fileName: `models/${file.name}`, source: file.bytes })
      }
    },
  }
}

/** Serves the on-device speech recogniser's files at `/speech/` in dev and copies them into the build. */
function serveSpeech(): Plugin {
  return {
    name: 'worldwalk-speech',
    configureServer(server) {
      server.middlewares.use('/speech', (req, res, next) => {
        void serveSpeechFile(req, res, next)
      })
    },
    configurePreviewServer(server) {
      server.middlewares.use('/speech', (req, res, next) => {
        void serveSpeechFile(req, res, next)
      })
    },
    async generateBundle() {
      for (const file of await listSpeechFiles()) {
        this.emitFile({ type: 'asset', fileName: `speech/${file.name}`, source: file.bytes })
      }
    },
  }
}

export default defineConfig({
  plugins: [react(), serveModels(), serveSpeech()],
  server: { headers: isolationHeaders, host: 'localhost', port: 5173 },
  preview: { headers: isolationHeaders, host: 'localhost', port: 4173 },
  worker: { format: 'es' },
  // Both find their .wasm with `new URL(..., import.meta.url)`, which pre-bundling would break.
  optimizeDeps: { exclude: ['onnxruntime-web', '@bokuweb/zstd-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
})
