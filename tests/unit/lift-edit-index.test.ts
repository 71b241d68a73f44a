import { describe, expect, it } from 'vitest'
import { EditIndex } from '../../src/core/lift/edit-index'
import { footprintContains, type Footprint } from '../../src/core/stream/footprint'

/** The answer by looking at every edit, newest first. */
function naiveLast(edits: Footprint[], x: number, z: number): number {
  for (let i = edits.length - 1; i >= 0; i--) if (footprintContains(edits[i]!, x, z)) return i + 1
  return 0
}

describe('EditIndex: the latest edit holding a ground point', () => {
  it('answers as looking at every edit would, for small, large and world-wide footprints', () => {
    let s = 12345
    const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const edits: Footprint[] = []
    const index = new EditIndex()
    for (let i = 0; i < 300; i++) {
      const kind = rand()
      // Two world-wide ones (too large to file per bucket), early and halfway.
      const radius = i === 3 || i === 150 ? 5000 : kind < 0.85 ? 5 + 60 * rand() : 200 + 400 * rand()
      const f: Footprint = { center: [(rand() - 0.5) * 3000, (rand() - 0.5) * 3000], radius }
      edits.push(f)
      index.add(f)
    }
    expect(index.length).toBe(300)
    let inside = 0
    const answers = new Set<number>()
    for (let i = 0; i < 20000; i++) {
      const x = (rand() - 0.5) * 3400
      const z = (rand() - 0.5) * 3400
      const want = naiveLast(edits, x, z)
      if (want > 0) inside++
      answers.add(want)
      expect(index.lastAt(x, z), `${x}, ${z}`).toBe(want)
    }
    // Points inside many different edits were tried, not only the world-wide ones.
    expect(inside).toBeGreaterThan(5000)
    expect(answers.size).toBeGreaterThan(60)
    index.clear()
    expect(index.length).toBe(0)
    expect(index.lastAt(edits[0]!.center[0], edits[0]!.center[1])).toBe(0)
  })
})
