/**
 * Headless generation: the same world .json gives byte-identical exports, the exports parse with
 * the import readers, the .glb passes the Khronos validator, and `inspect` reports failures as one
 * line with a non-zero exit. Kept small (64-pixel frames only) to run in well under a minute.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateBytes } from 'gltf-validator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { importLimits, readSplatFile } from '../../src/core/formats'
import { runGenerate } from '../../src/cli/generate-command'
import { runInspect } from '../../src/cli/inspect-command'

const dir = mkdtempSync(join(tmpdir(), 'worldwalk-generate-'))
const world = join(dir, 'world.json')
const quiet = vi.spyOn(console, 'log').mockImplementation(() => undefined)

beforeAll(async () => {
  expect(await runGenerate(['--prompt', 'rolling green hills at noon', '--out', world])).toBe(0)
})

afterAll(() => quiet.mockRestore())

describe('cli generate', () => {
  it('gives byte-identical .spz files from the same world json', async () => {
    const a = join(dir, 'a.spz')
    const b = join(dir, 'b.spz')
    expect(await runGenerate(['--from', world, '--out', a, '--levels', '64'])).toBe(0)
    expect(await runGenerate(['--from', world, '--out', b, '--levels', '64'])).toBe(0)
    const bytesA = readFileSync(a)
    expect(bytesA.length).toBeGreaterThan(1000)
    expect(bytesA.equals(readFileSync(b))).toBe(true)
    const parsed = await readSplatFile(new Uint8Array(bytesA), { limits: importLimits('desktop') })
    expect(parsed.kind === 'splats' && parsed.splats.count).toBeGreaterThan(10_000)
  }, 60_000)

  it('writes a .glb the validator accepts, with the same splats as the .spz', async () => {
    const glb = join(dir, 'w.glb')
    expect(await runGenerate(['--from', world, '--out', glb, '--levels', '64'])).toBe(0)
    const bytes = new Uint8Array(readFileSync(glb))
    const report = await validateBytes(bytes)
    const errors = report.issues.messages.filter(
      (m) =>
        m.severity === 0 &&
        !(m.code === 'MESH_PRIMITIVE_INVALID_ATTRIBUTE' && m.pointer?.includes('KHR_gaussian_splatting:')),
    )
    expect(errors).toEqual([])
    const fromGlb = await readSplatFile(bytes, { limits: importLimits('desktop') })
    const fromSpz = await readSplatFile(new Uint8Array(readFileSync(join(dir, 'a.spz'))), {
      limits: importLimits('desktop'),
    })
    expect(fromGlb.kind === 'splats' && fromGlb.splats.count).toBe(
      fromSpz.kind === 'splats' && fromSpz.splats.count,
    )
  }, 60_000)

  it('writes a 360-degree equirectangular panorama PNG', async () => {
    const png = join(dir, 'pano.png')
    expect(await runGenerate(['--from', world, '--out', png, '--size', '256x128'])).toBe(0)
    const bytes = readFileSync(png)
    expect([...bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG')
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([256, 128])
  }, 60_000)

  it('inspect summarises a good file and fails a bad one with one line and exit 1', async () => {
    expect(await runInspect([join(dir, 'a.spz'), '--json'])).toBe(0)
    const summary = JSON.parse(String(quiet.mock.calls.at(-1)?.[0])) as { format: string; splats: number }
    expect(summary.format).toBe('spz')
    const bad = join(dir, 'bad.ply')
    writeFileSync(bad, 'ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nend_header\n1\n')
    const cli = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'inspect', bad], { encoding: 'utf8' })
    expect(cli.status).toBe(1)
    const lines = cli.stderr.split('\n').filter((l) => l.startsWith('worldwalk'))
    expect(lines).toEqual([
      `worldwalk inspect: ${bad}: unsupported: ply: ascii PLY (only binary_little_endian is read)`,
    ])
  }, 60_000)
})
