/**
 * Node-side loading for the CLI, the edge server and tests: reads models/manifest.json and the
 * .onnx files from disk and creates a runtime on onnxruntime-node, or on onnxruntime-web's wasm
 * backend (the browser's code path, run in Node to compare backends).
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { ModelManifest, ModelManifestEntry } from '../core/model-contract'
import { loadManifest, manifestEntry } from './manifest'
import type { OrtLike, SessionOptionsLike } from './ort-like'
import { FrameModelRuntime } from './runtime'

export type NodeBackend = 'node' | 'web'

/** The repository's models/ folder. */
export const MODELS_DIR = resolve(import.meta.dirname, '..', '..', 'models')

export async function readManifest(dir: string = MODELS_DIR): Promise<ModelManifest> {
  const text = await readFile(join(dir, 'manifest.json'), 'utf8')
  return loadManifest(JSON.parse(text) as unknown)
}

/** The injected ORT module and session options for a backend, single-threaded (see STACK-NOTES). */
export async function ortFor(
  backend: NodeBackend,
  threads = 1,
): Promise<{ ort: OrtLike; sessionOptions: SessionOptionsLike }> {
  if (backend === 'node') {
    const ort = await import('onnxruntime-node')
    return {
      ort,
      sessionOptions: {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      },
    }
  }
  const ort = await import('onnxruntime-web')
  ort.env.wasm.numThreads = threads
  ort.env.logLevel = 'error'
  return { ort, sessionOptions: { executionProviders: ['wasm'], graphOptimizationLevel: 'all' } }
}

export interface NodeRuntimeOptions {
  backend?: NodeBackend
  /** Model id in the manifest; default: the manifest's default. */
  modelId?: string
  /** Folder holding manifest.json and the .onnx files. */
  dir?: string
  /** Use this entry instead of reading one from the manifest (files still come from `dir`). */
  entry?: ModelManifestEntry
  threads?: number
  verifyHashes?: boolean
  /**
   * onnxruntime-node execution providers, e.g. ['cuda', 'cpu'] on a GPU edge box. @default ['cpu']
   * The CUDA provider needs ORT's CUDA libraries, which `npm ci` here deliberately skips (.npmrc).
   */
  executionProviders?: string[]
}

export async function loadNodeRuntime(opts: NodeRuntimeOptions = {}): Promise<FrameModelRuntime> {
  const dir = opts.dir ?? MODELS_DIR
  const entry = opts.entry ?? manifestEntry(await readManifest(dir), opts.modelId)
  const { ort, sessionOptions } = await ortFor(opts.backend ?? 'node', opts.threads)
  if (opts.executionProviders) sessionOptions.executionProviders = opts.executionProviders
  return FrameModelRuntime.create({
    ort,
    entry,
    sessionOptions,
    verifyHashes: opts.verifyHashes ?? true,
    loadFile: async (name) => new Uint8Array(await readFile(join(dir, name))),
  })
}
