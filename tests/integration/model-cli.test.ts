/** `npm run cli -- render`: a real process writing real PNGs, and one-line errors. */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEdgeServer } from '../../src/edge/server'
import { ThreadRenderer } from '../../src/edge/thread-renderer'
import { SPAWN_EYE } from '../../src/core/world/spawn'

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, '..', '..')
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-cli-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'render', ...args], {
      cwd: ROOT,
      timeout: 120_000,
    })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

describe('cli render', () => {
  it('writes a PNG and a depth PNG, and reports JSON on the last line', async () => {
    const out = join(dir, 'frame.png')
    const depthOut = join(dir, 'depth.png')
    const r = await cli([
      '--prompt',
      'snowy mountains at sunset',
      '--size',
      '64x48',
      '--pose',
      '0,1.7,0,0,0,0,1',
      '--out',
      out,
      '--depth-out',
      depthOut,
      '--json',
    ])
    expect(r.code).toBe(0)
    const last = r.stdout.trim().split('\n').pop()!
    const info = JSON.parse(last) as Record<string, unknown>
    expect(info).toMatchObject({ model: 'reference-world', width: 64, height: 48 })
    expect(info.backend).toMatch(/onnxruntime-node/)
    expect(info.ms).toBeGreaterThan(0)
    // The reference model's material channel: shares of the frame per class, snow among them.
    const materials = info.materials as Record<string, number>
    const total = Object.values(materials).reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThan(0.99)
    expect(total).toBeLessThan(1.01)
    expect(materials.snow).toBeGreaterThan(0.1)
    const png = await readFile(out)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(64)
    expect((await readFile(depthOut)).readUInt32BE(20)).toBe(48)
  })

  it("draws the app's first view without --pose: the eye 1.6 m over the spawn's ground", async () => {
    const common = ['--prompt', 'a lake', '--size', '64x48']
    const bare = await cli([...common, '--out', join(dir, 'bare.png')])
    const eye = await cli([
      ...common,
      '--pose',
      `${SPAWN_EYE.join(',')},0,0,0,1`,
      '--out',
      join(dir, 'eye.png'),
    ])
    const child = await cli([...common, '--pose', '0,1.7,0,0,0,0,1', '--out', join(dir, 'child.png')])
    expect([bare.code, eye.code, child.code]).toEqual([0, 0, 0])
    expect(SPAWN_EYE).toEqual([0, 2.6, 0])
    expect(await readFile(join(dir, 'bare.png'))).toEqual(await readFile(join(dir, 'eye.png')))
    expect(await readFile(join(dir, 'bare.png'))).not.toEqual(await readFile(join(dir, 'child.png')))
  })

  it('renders equirect panoramas on the web backend', async () => {
    const r = await cli([
      '--prompt',
      'beach',
      '--camera',
      'equirect',
      '--size',
      '64x32',
      '--backend',
      'web',
      '--out',
      join(dir, 'pano.png'),
      '--json',
    ])
    expect(r.code).toBe(0)
    const info = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>
    expect(info.width).toBe(64)
    expect(info.backend).toMatch(/onnxruntime-web/)
  })

  it('renders through an edge server with --edge, byte-identical to a local render', async () => {
    const renderer = await ThreadRenderer.start({ backend: 'node' })
    const edge = await startEdgeServer(renderer, { port: 0, token: 'cli-token' })
    try {
      const common = ['--prompt', 'red rock canyon', '--size', '64x48', '--json']
      const viaEdge = await cli([
        ...common,
        '--edge',
        edge.url,
        '--token',
        'cli-token',
        '--out',
        join(dir, 'edge.png'),
      ])
      expect(viaEdge.code).toBe(0)
      const info = JSON.parse(viaEdge.stdout.trim().split('\n').pop()!) as Record<string, unknown>
      expect(info).toMatchObject({ model: 'reference-world', width: 64, height: 48 })
      expect(info.backend).toMatch(/^edge onnxruntime-node/)
      const local = await cli([...common, '--out', join(dir, 'local.png')])
      expect(local.code).toBe(0)
      expect(await readFile(join(dir, 'edge.png'))).toEqual(await readFile(join(dir, 'local.png')))
      const wrong = await cli([...common, '--edge', edge.url, '--token', 'nope', '--out', join(dir, 'x.png')])
      expect(wrong.code).not.toBe(0)
      expect(wrong.stderr).toMatch(/rejected the token/)
    } finally {
      await edge.close()
      await renderer.dispose()
    }
  })

  it.each([
    [['--out', 'x.png'], /--prompt/],
    [['--prompt', 'a', '--out', 'x.png', '--edge', 'http://x'], /ws:\/\//],
    [['--prompt', 'a', '--out', 'x.png', '--size', 'big'], /--size/],
    [['--prompt', 'a', '--out', 'x.png', '--pose', '1,2,3'], /--pose/],
    [['--prompt', 'a', '--out', 'x.png', '--camera', 'fisheye'], /--camera/],
    [['--prompt', 'a', '--out', 'x.png', '--bogus'], /unknown option/],
    [['--prompt', 'a', '--out', 'x.png', '--size', '60x60'], /multiple of 8/],
  ])('fails with one line on stderr and a non-zero exit: %j', async (args, message) => {
    const r = await cli(args)
    expect(r.code).not.toBe(0)
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !/warn|prompt encoder/i.test(l))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(message)
  })
})
