/** What the browser's model worker needs to find and start its model (ModelWorkerApi's LoadConfig). */
export interface BrowserModelConfig {
  /** Absolute URL of models/manifest.json; the .onnx files are fetched relative to it. */
  manifestUrl: string
  /** Model id in the manifest. @default the manifest's default model */
  modelId?: string
  /**
   * Try onnxruntime-web's WebGPU backend when `navigator.gpu.requestAdapter()` returns a real
   * adapter. @default true
   * Off falls back to wasm at once; headless Chromium has `navigator.gpu` but no adapter.
   */
  preferWebGPU?: boolean
}

/** Extra calls the worker answers for tests: a crash drill that raises an uncaught error. */
export interface ModelWorkerDebugApi {
  /** Throws from a timer in the worker, as a real crash would (the page sees an 'error' event). */
  crash(): void
}
