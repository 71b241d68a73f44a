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
import { areaViewpoints } from '../../src/session'

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

  it('exports an area far out: every splat inside it, its ground covered from edge to edge', async () => {
    const spz = join(dir, 'area.spz')
    const area = ['--around', '3000,-1500', '--radius', '60']
    expect(await runGenerate(['--from', world, '--out', spz, ...area, '--json'])).toBe(0)
    const summary = JSON.parse(String(quiet.mock.calls.at(-1)?.[0])) as { viewpoints: number; splats: number }
    expect(summary.viewpoints).toBe(areaViewpoints({ center: [3000, -1500], radius: 60 }, 25).length)
    const parsed = await readSplatFile(new Uint8Array(readFileSync(spz)), { limits: importLimits('desktop') })
    if (parsed.kind !== 'splats') throw new Error('expected splats')
    const { centers, count } = parsed.splats
    expect(count).toBe(summary.splats)
    // 10 m cells of the area's inner disc (radius 50): each holds ground, so the file is the
    // whole area and not the surroundings of one viewpoint.
    const cells = new Set<string>()
    for (let i = 0; i < count; i++) {
      const dx = centers[3 * i]! - 3000
      const dz = centers[3 * i + 2]! + 1500
      expect(Math.hypot(dx, dz)).toBeLessThanOrEqual(60.01)
      cells.add(`${Math.floor(dx / 10)},${Math.floor(dz / 10)}`)
    }
    let inner = 0
    let held = 0
    for (let x = -5; x < 5; x++)
      for (let z = -5; z < 5; z++) {
        if (Math.hypot(x * 10 + 5, z * 10 + 5) > 45) continue
        inner++
        if (cells.has(`${x},${z}`)) held++
      }
    expect(held).toBe(inner)
  }, 120_000)

  it('refuses an area it cannot export, with the reason', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const out = join(dir, 'refused.spz')
      const cases: [string[], RegExp][] = [
        [['--around', '10,10'], /--around X,Z and --radius R come together/],
        [['--around', '10', '--radius', '50'], /two numbers/],
        [['--around', '10,10', '--radius', '0'], /--radius must be/],
        [['--around', '10,10', '--radius', '50', '--spacing', '5'], /--spacing must be/],
        [['--around', '0,0', '--radius', '2000'], /needs \d+ viewpoints \(at most 500\)/],
      ]
      for (const [flags, reason] of cases) {
        errors.mockClear()
        expect(await runGenerate(['--from', world, '--out', out, ...flags])).toBe(2)
        expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(reason)
      }
      errors.mockClear()
      expect(
        await runGenerate([
          '--from',
          world,
          '--out',
          join(dir, 'x.json'),
          '--around',
          '0,0',
          '--radius',
          '9',
        ]),
      ).toBe(2)
      expect(String(errors.mock.calls[0]?.[0])).toMatch(/--out must be .spz, .ply, .splat or .glb/)
    } finally {
      errors.mockRestore()
    }
  })

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
