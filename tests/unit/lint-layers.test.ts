import path from 'node:path'
import { ESLint, Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'
import worldwalk, { LAYERS } from '../../eslint-rules/layers.js'

const root = path.resolve(import.meta.dirname, '../..')
const src = path.join(root, 'src')

/** Lints one in-memory file as if it sat at `file` (relative to src/) with only the layer rule on. */
function lint(file: string, code: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: root })
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { worldwalk },
        rules: { 'worldwalk/layers': ['error', { srcRoot: src }] },
      },
    ],
    { filename: path.join(src, file) },
  )
}

describe('one-way imports (eslint-rules/layers.js)', () => {
  it('fails an import from xr or render back up into app', () => {
    const xr = lint('xr/locomotion.tsx', "import { settingsStore } from '../app/settings-store'\n")
    expect(xr).toHaveLength(1)
    expect(xr[0]!.message).toMatch(/src\/xr may not import src\/app/)
    const render = lint('render/deep/page.tsx', "export { x } from '../../app/world-session'\n")
    expect(render[0]!.message).toMatch(/src\/render may not import src\/app/)
  })

  it('fails core importing anything from src, or a DOM/GPU/Node package', () => {
    expect(lint('core/lift/a.ts', "import type { M } from '../../model/runtime'\n")[0]!.message).toMatch(
      /src\/core may not import src\/model .*nothing outside itself/,
    )
    expect(lint('core/a.ts', "import { Vector3 } from 'three'\n")[0]!.message).toMatch(/pure TypeScript/)
    expect(lint('session/a.ts', "import { readFile } from 'node:fs/promises'\n")).toHaveLength(1)
  })

  it('fails the CLI and the edge reaching the browser layers, and dynamic imports too', () => {
    expect(lint('cli/a.ts', "const m = await import('../render/sky')\n")).toHaveLength(1)
    expect(lint('edge/a.ts', "import '../xr/xr-store'\n")).toHaveLength(1)
    expect(
      lint('session/a.ts', "import type { SourceSelector } from '../sources/source-selector'\n"),
    ).toHaveLength(1)
  })

  it('lets imports point down and within a layer, and main.tsx import anything', () => {
    const ok = [
      ['app/a.tsx', "import { XRScene } from '../xr/xr-scene'"],
      ['xr/a.tsx', "import { AimReticles } from '../render/aim-reticles'"],
      ['xr/a.tsx', "import { buildPanel } from '../ui/panels/panel-model'"],
      ['render/a.tsx', "import type { WorldSession } from '../session/world-session'"],
      ['session/a.ts', "import { SplatWorld } from '../core/lift'"],
      ['speech/a.ts', "import { x } from '../model'"],
      ['core/a.ts', "import { y } from './world/edit'"],
      ['main.tsx', "import { App } from './app/app'"],
      ['cli/a.ts', "import { WorldSession } from '../session/world-session'"],
    ] as const
    for (const [file, code] of ok) expect(lint(file, code + '\n'), `${file}: ${code}`).toEqual([])
  })

  it('names every folder under src/ in the layer table, and the project config turns the rule on', async () => {
    const fs = await import('node:fs')
    const folders = fs
      .readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
    for (const f of folders) expect(Object.keys(LAYERS), f).toContain(f)
    expect(lint('newlayer/a.ts', "import { x } from '../core/pose'\n")[0]!.message).toMatch(
      /not a known layer/,
    )
    const config = (await new ESLint({ cwd: root }).calculateConfigForFile('src/xr/a.tsx')) as {
      rules: Record<string, unknown>
    }
    expect(config.rules['worldwalk/layers']).toEqual([2])
    // Loading the project config loads typescript-eslint: seconds on a busy 2-core machine.
  }, 30_000)
})
