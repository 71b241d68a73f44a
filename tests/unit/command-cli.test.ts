import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/** Runs the real CLI entry point, as `npm run cli` does, and returns its output. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'parse', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>
}

describe('cli parse', { timeout: 60_000 }, () => {
  it.each([
    [
      'add a lake over there',
      { intent: 'expand', placement: 'there', scope: 'area', description: 'a lake', features: ['lake'] },
    ],
    [
      'make it night',
      { intent: 'restyle', placement: 'none', scope: 'world', description: 'night', features: ['night'] },
    ],
    ['undo that', { intent: 'undo', placement: 'none', description: '' }],
    ["what's the weather", { intent: 'unknown', placement: 'none', description: '' }],
  ])('"%s" --json', (utterance, expected) => {
    const r = cli(utterance, '--json')
    expect(r.status, r.stderr).toBe(0)
    expect(lastJson(r.stdout)).toMatchObject(expected)
  })

  it('reports style, seed and suggestions in the JSON', () => {
    const created = lastJson(cli('desert dunes at night', '--json').stdout)
    const style = created.style as Record<string, number>
    expect(style.sand).toBeGreaterThan(0.9)
    expect(style.timeOfDay).toBeLessThan(0.1)
    expect(typeof created.seed).toBe('number')
    const unknown = lastJson(cli('blorp', '--json').stdout)
    expect((unknown.suggestions as string[]).length).toBeGreaterThanOrEqual(2)
  })

  it('prints a readable summary without --json', () => {
    const r = cli('add a lake over there')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/intent:\s+expand/)
    expect(r.stdout).toMatch(/placement:\s+there/)
  })

  it.each([[[] as string[]], [['--bogus', 'x']]])('fails with one line on stderr for %j', (args) => {
    const r = cli(...args)
    expect(r.status).not.toBe(0)
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('npm warn')),
    ).toHaveLength(1)
    expect(r.stdout).toBe('')
  })
})
