/**
 * The slice of the onnxruntime API the model runtime uses. ORT is injected, never imported here:
 * the browser worker passes `onnxruntime-web`, the edge server and CLI pass `onnxruntime-node`,
 * and both module objects satisfy this interface as they are.
 */
export interface OrtTensorLike {
  readonly data: unknown
  readonly dims: readonly number[]
  readonly type: string
}

export interface OrtSessionLike {
  readonly inputNames: readonly string[]
  /** Declared input shapes (onnxruntime >= 1.21; absent from adapters such as Triton's). */
  readonly inputMetadata?: readonly { readonly name: string; readonly shape?: readonly (number | string)[] }[]
  readonly outputNames: readonly string[]
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>
  release(): Promise<void>
}

/** Session options forwarded to `InferenceSession.create` (threads, providers, optimisation). */
export type SessionOptionsLike = Record<string, unknown>

export interface OrtLike {
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensorLike
  InferenceSession: {
    create(model: Uint8Array, options?: SessionOptionsLike): Promise<OrtSessionLike>
  }
  env?: { versions?: { node?: string; web?: string } }
}

/** A short name for the injected backend, for logs and the CLI's `--json`. */
export function backendName(ort: OrtLike): string {
  const v = ort.env?.versions
  if (v?.node) return `onnxruntime-node ${v.node}`
  if (v?.web) return `onnxruntime-web ${v.web}`
  return 'onnxruntime'
}
