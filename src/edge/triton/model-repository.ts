/**
 * Writes a Triton model repository for a manifest entry: one Triton model per ONNX stage
 * (`<name>` for the frame stage, `<name>-prepare` for the once-per-world stage), each with a
 * config.pbtxt for the onnxruntime backend and its .onnx as version 1.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { InferenceSession } from 'onnxruntime-node'
import type { ModelManifestEntry } from '../../core/model-contract'

export const DEFAULT_TRITON_MODEL = 'worldwalk-reference'

export function prepareModelName(base: string): string {
  return `${base}-prepare`
}

interface TensorInfo {
  name: string
  type: string
  shape: readonly (number | string)[]
}

const TRITON_TYPES: Record<string, string> = {
  float32: 'TYPE_FP32',
  int64: 'TYPE_INT64',
  int32: 'TYPE_INT32',
  uint8: 'TYPE_UINT8',
}

/** config.pbtxt for an ONNX model with no batching dimension (frames are rendered one per request). */
export function tritonConfig(
  name: string,
  inputs: readonly TensorInfo[],
  outputs: readonly TensorInfo[],
): string {
  const block = (t: TensorInfo): string => {
    const type = TRITON_TYPES[t.type]
    if (!type) throw new Error(`tensor ${t.name}: type ${t.type} has no Triton equivalent here`)
    const dims = t.shape.map((d) => (typeof d === 'number' ? d : -1)).join(', ')
    return `  {\n    name: "${t.name}"\n    data_type: ${type}\n    dims: [ ${dims} ]\n  }`
  }
  return [
    `name: "${name}"`,
    'platform: "onnxruntime_onnx"',
    'max_batch_size: 0',
    `input [\n${inputs.map(block).join(',\n')}\n]`,
    `output [\n${outputs.map(block).join(',\n')}\n]`,
    '',
  ].join('\n')
}

/** Reads tensor names, types and shapes with onnxruntime-node, the same library that will run them. */
async function tensorInfo(bytes: Uint8Array): Promise<{ inputs: TensorInfo[]; outputs: TensorInfo[] }> {
  const ort = await import('onnxruntime-node')
  const session = await ort.InferenceSession.create(bytes)
  const pick = (m: readonly InferenceSession.ValueMetadata[]): TensorInfo[] =>
    m.map((v) => {
      if (!v.isTensor) throw new Error(`${v.name} is not a tensor`)
      return { name: v.name, type: v.type, shape: v.shape }
    })
  const info = { inputs: pick(session.inputMetadata), outputs: pick(session.outputMetadata) }
  await session.release()
  return info
}

export async function writeTritonRepository(opts: {
  outDir: string
  entry: ModelManifestEntry
  modelsDir: string
  name?: string
}): Promise<string[]> {
  const base = opts.name ?? DEFAULT_TRITON_MODEL
  const stages = [{ name: base, file: opts.entry.file }]
  if (opts.entry.prepare) stages.push({ name: prepareModelName(base), file: opts.entry.prepare.file })
  const written: string[] = []
  for (const stage of stages) {
    const bytes = new Uint8Array(await readFile(join(opts.modelsDir, stage.file)))
    const { inputs, outputs } = await tensorInfo(bytes)
    const dir = join(opts.outDir, stage.name)
    await mkdir(join(dir, '1'), { recursive: true })
    await writeFile(join(dir, 'config.pbtxt'), tritonConfig(stage.name, inputs, outputs))
    await writeFile(join(dir, '1', 'model.onnx'), bytes)
    written.push(join(dir, 'config.pbtxt'), join(dir, '1', 'model.onnx'))
  }
  return written
}
