import { describe, expect, it } from 'vitest'
import { WordGraph } from '../../src/core/command'
import { fsgTransitions } from '../../src/speech/grammar-recognizer'
import { PronouncingDictionary } from '../../src/speech/pronouncing-dictionary'
import { resample } from '../../src/speech/pcm'

describe('the grammar as PocketSphinx transitions', () => {
  it('closes chains of skipped parts into direct null arcs with the product of their probabilities', () => {
    // start -(um | skip)-> a -(please | skip)-> b -undo-> end: "undo" alone needs two skips.
    const g = new WordGraph()
    const a = g.state()
    const b = g.state()
    g.phrases(g.start, a, [['um']], 1)
    g.skip(g.start, a, 3)
    g.phrases(a, b, [['please']], 1)
    g.skip(a, b, 1)
    g.phrases(b, g.end, [['undo']])
    const t = fsgTransitions(g)
    const direct = t.find((x) => x.from === g.start && x.to === b && x.word === '')
    expect(direct).toBeDefined()
    // p = 3/4 * 1/2, in log base 1.0001.
    expect(direct!.logp).toBe(Math.round(Math.log(0.375) / Math.log(1.0001)))
    const um = t.find((x) => x.word === 'um')!
    expect(um.logp).toBe(Math.round(Math.log(0.25) / Math.log(1.0001)))
    expect(t.find((x) => x.word === 'undo')!.logp).toBe(0)
  })
})

describe('the pronouncing dictionary', () => {
  it('answers for tokens without apostrophes and keeps alternatives', () => {
    const d = new PronouncingDictionary("what's W AH T S\nlake L EY K\nread R IY D\nread(2) R EH D\n")
    expect(d.pronounce('whats')).toEqual(['W AH T S'])
    expect(d.pronounce('read')).toEqual(['R IY D', 'R EH D'])
    expect(d.pronounce('lakes')).toEqual([])
    expect(() => new PronouncingDictionary('')).toThrow(/no entries/)
  })
})

describe('resampling', () => {
  it('keeps a 440 Hz tone at 440 Hz from 48 kHz to 16 kHz', () => {
    const from = new Float32Array(48_000).map((_, i) => Math.sin((2 * Math.PI * 440 * i) / 48_000))
    const out = resample(from, 48_000, 16_000)
    expect(out.length).toBe(16_000)
    let crossings = 0
    for (let i = 1; i < out.length; i++) if (out[i - 1]! < 0 && out[i]! >= 0) crossings++
    expect(crossings).toBeGreaterThanOrEqual(439)
    expect(crossings).toBeLessThanOrEqual(441)
    expect(() => resample(from, 0, 16_000)).toThrow(RangeError)
  })
})
