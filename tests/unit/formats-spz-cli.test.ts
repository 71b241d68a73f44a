/** The CLI's spz paths: `generate --from x.spz --spz-version 4 --max-splats N`, and `inspect` refusing. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { runGenerate } from '../../src/cli/generate-command'
import { runInspect } from '../../src/cli/inspect-command'
import { importLimits, readSpz } from '../../src/core/formats'

const fixture = 'tests/data/spz-v4-ply_to_spz.spz'

describe('cli and spz versions', () => {
  it('converts the v4 fixture to v3 and to a 1000-splat v4, and inspects both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spz-cli-'))
    const v3 = join(dir, 'v3.spz')
    const small = join(dir, 'small.spz')
    expect(await runGenerate(['--from', fixture, '--out', v3])).toBe(0)
    expect(
      await runGenerate(['--from', fixture, '--out', small, '--spz-version', '4', '--max-splats', '1000']),
    ).toBe(0)
    const limits = importLimits('desktop')
    const a = await readSpz(new Uint8Array(readFileSync(v3)), limits)
    const b = await readSpz(new Uint8Array(readFileSync(small)), limits)
    expect([a.version, a.splats.count]).toEqual([3, 18321])
    expect([b.version, b.splats.count]).toEqual([4, 1000])
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      expect(await runInspect([small])).toBe(0)
      expect(String(log.mock.calls[0]![0])).toMatch(/format {3}spz v4\nsplats {3}1000/)
    } finally {
      log.mockRestore()
    }
  })

  it('inspect exits 1 naming the version of a file newer than the reader', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spz-cli-')), 'v5.spz')
    const bytes = new Uint8Array(readFileSync(fixture))
    new DataView(bytes.buffer).setUint32(4, 5, true)
    writeFileSync(file, bytes)
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(await runInspect([file])).toBe(1)
      expect(String(err.mock.calls[0]![0])).toContain(
        'unsupported: spz: SPZ version 5 is newer than this reader (1-4)',
      )
      expect(
        await runGenerate(['--from', fixture, '--out', join(file, '..', 'x.spz'), '--spz-version', '5']),
      ).toBe(2)
    } finally {
      err.mockRestore()
    }
  })
})
