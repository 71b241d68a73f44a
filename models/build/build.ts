/**
 * `npm run models:build`: regenerates the bundled reference model (models/*.onnx) and
 * models/manifest.json. The output is a pure function of this code, so re-running it rewrites the
 * same bytes; CI and the manifest test rely on that.
 */
import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { referenceManifest } from './manifest'
import { buildPrepare } from './prepare-stage'
import { buildRender } from './render-stage'

export const REFERENCE_VERSION = '1.0.0'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

async function main(): Promise<void> {
  const dir = join(import.meta.dirname, '..')
  const prepare = buildPrepare(REFERENCE_VERSION)
  const render = buildRender(REFERENCE_VERSION)
  const files = {
    prepare: { file: 'reference-world.prepare.onnx', bytes: prepare.bytes },
    render: { file: 'reference-world.onnx', bytes: render.bytes },
  }
  for (const f of Object.values(files)) await writeFile(join(dir, f.file), f.bytes)
  const manifest = referenceManifest({
    version: REFERENCE_VERSION,
    file: files.render.file,
    sha256: sha256(files.render.bytes),
    prepare: { file: files.prepare.file, sha256: sha256(files.prepare.bytes) },
  })
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
  for (const [stage, f] of Object.entries(files)) {
    console.log(
      `${stage}: models/${f.file} ${(f.bytes.length / 1024).toFixed(0)} KiB sha256 ${sha256(f.bytes)}`,
    )
  }
  console.log(`nodes: prepare ${prepare.nodes}, render ${render.nodes}`)
}

main().catch((err: unknown) => {
  console.error(`models:build: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
