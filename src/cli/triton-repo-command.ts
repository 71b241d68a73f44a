/** `npm run triton:repo -- --out DIR [--name NAME] [--model ID]`: a Triton model repository for the bundled model. */
import { parseArgs } from 'node:util'
import { manifestEntry } from '../model/manifest'
import { MODELS_DIR, readManifest } from '../model/node-loader'
import { DEFAULT_TRITON_MODEL, writeTritonRepository } from '../edge/triton/model-repository'

export async function runTritonRepo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      name: { type: 'string', default: DEFAULT_TRITON_MODEL },
      model: { type: 'string' },
    },
    strict: true,
  })
  if (!values.out) {
    console.error('triton-repo: --out DIR is required')
    return 2
  }
  const entry = manifestEntry(await readManifest(), values.model)
  const files = await writeTritonRepository({
    outDir: values.out,
    entry,
    modelsDir: MODELS_DIR,
    name: values.name,
  })
  for (const f of files) console.log(f)
  console.log(
    `triton-repo: run tritonserver --model-repository=${values.out}, then npm run edge -- --backend triton --triton-url http://HOST:8000 --triton-model ${values.name}`,
  )
  return 0
}
