import type { OrtLike, OrtSessionLike, OrtTensorLike } from '../../model/ort-like'
import { sha256Hex } from '../../model/sha256'
import { infer, modelMetadata, type V2Tensor } from './kserve-v2'

class PlainTensor implements OrtTensorLike {
  constructor(
    readonly type: string,
    readonly data: Float32Array,
    readonly dims: readonly number[],
  ) {}
}

/**
 * An onnxruntime look-alike whose sessions run on a Triton Inference Server. The model runtime is
 * given this instead of onnxruntime-node and keeps everything else (validation, the prepare cache,
 * tensor layout), so Triton serves exactly the frames the other backends do. A session is matched
 * to its Triton model by the sha256 of the .onnx bytes, which the Triton repository was written from.
 */
export function tritonOrt(baseUrl: string, modelsBySha: ReadonlyMap<string, string>): OrtLike {
  return {
    Tensor: PlainTensor,
    InferenceSession: {
      async create(model: Uint8Array): Promise<OrtSessionLike> {
        const sha = await sha256Hex(model)
        const name = modelsBySha.get(sha)
        if (!name) throw new Error(`no Triton model is registered for an .onnx with sha256 ${sha}`)
        const meta = await modelMetadata(baseUrl, name)
        const outputNames = meta.outputs.map((o) => o.name)
        return {
          inputNames: meta.inputs.map((i) => i.name),
          outputNames,
          async run(feeds) {
            const inputs: V2Tensor[] = Object.entries(feeds).map(([n, t]) => {
              if (!(t.data instanceof Float32Array))
                throw new Error(`input ${n}: only float32 tensors are sent to Triton`)
              return { name: n, shape: [...t.dims], datatype: 'FP32', data: t.data }
            })
            const out = await infer(baseUrl, name, inputs, outputNames)
            return Object.fromEntries(
              Object.values(out).map((t) => [t.name, new PlainTensor('float32', t.data, t.shape)]),
            )
          },
          release: () => Promise.resolve(),
        }
      },
    },
  }
}
