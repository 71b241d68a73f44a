import { describe, expect, it } from 'vitest'
import { parseCommand, samplePath, spokenCommandGraph } from '../../src/core/command'
import { seededRandom } from '../../src/core/random'

describe('the spoken command graph', () => {
  const graph = spokenCommandGraph()

  it('is a few thousand arcs over the grammar and lexicon vocabulary', () => {
    const words = graph.words()
    console.log(`spoken graph: ${graph.stateCount} states, ${graph.arcs.length} arcs, ${words.length} words`)
    expect(words).toContain('undo')
    expect(words).toContain('lake')
    expect(words).toContain('lakes')
    expect(words).not.toContain('')
    for (const a of graph.arcs) {
      expect(a.from).toBeLessThan(graph.stateCount)
      expect(a.to).toBeLessThan(graph.stateCount)
    }
  })

  it('says nothing the typed grammar does not understand: 600 random paths all parse', () => {
    const random = seededRandom(16)
    const misread: string[] = []
    let sampled = 0
    for (let i = 0; i < 2000 && sampled < 600; i++) {
      const path = samplePath(graph, random)
      if (!path || path.length === 0) continue
      sampled++
      const c = parseCommand(path.join(' '))
      if (c.intent === 'unknown') misread.push(path.join(' '))
    }
    expect(sampled).toBe(600)
    expect(misread.slice(0, 10)).toEqual([])
  })
})
