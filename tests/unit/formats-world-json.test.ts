/** The world .json export: stable bytes, exact styles, strict validation. */
import { describe, expect, it } from 'vitest'
import {
  FormatError,
  importLimits,
  makeWorldFile,
  readWorldJson,
  regionsOf,
  writeWorldJson,
} from '../../src/core/formats'
import { encodePrompt } from '../../src/core/prompt'

const enc = encodePrompt('snowy mountains at sunset')
const world = makeWorldFile(
  'snowy mountains at sunset',
  [{ id: 'base', center: [0, 0], radius: 1500, style: enc.style, seed: enc.seed }],
  { position: [0, 1.7, 0], rotation: [0, 0, 0, 1] },
)
const limits = importLimits()

function codeOf(text: string): string {
  try {
    readWorldJson(new TextEncoder().encode(text), limits)
    return 'ok'
  } catch (err) {
    expect(err).toBeInstanceOf(FormatError)
    return (err as FormatError).code
  }
}

describe('world json', () => {
  it('round-trips regions exactly (float32 styles) and writes stable bytes', () => {
    const bytes = writeWorldJson(world)
    const back = readWorldJson(bytes, limits).world
    expect(back).toEqual(world)
    expect(regionsOf(back)[0]!.style).toEqual(enc.style)
    expect(Buffer.from(writeWorldJson(back)).equals(Buffer.from(bytes))).toBe(true)
    expect(new TextDecoder().decode(bytes)).toMatch(
      /^\{\n {2}"format": "worldwalk-world",\n {2}"version": 1,/,
    )
  })

  it('rejects malformed documents with clear codes', () => {
    const good = JSON.parse(new TextDecoder().decode(writeWorldJson(world))) as Record<string, unknown>
    const variant = (over: Record<string, unknown>): string => JSON.stringify({ ...good, ...over })
    expect(codeOf('{')).toBe('bad-json')
    expect(codeOf('[]')).toBe('bad-json')
    expect(codeOf(variant({ format: 'other' }))).toBe('bad-json')
    expect(codeOf(variant({ version: 2 }))).toBe('unsupported')
    expect(codeOf(variant({ regions: [] }))).toBe('bad-json')
    expect(codeOf(variant({ start: { position: [0, 0, 0], rotation: [0, 0, 0, 2] } }))).toBe('bad-json')
    const region = (good.regions as Record<string, unknown>[])[0]!
    expect(codeOf(variant({ regions: [{ ...region, style: [1, 2] }] }))).toBe('bad-json')
    expect(codeOf(variant({ regions: [{ ...region, seed: 70000 }] }))).toBe('bad-json')
    expect(codeOf(variant({ regions: [{ ...region, radius: -1 }] }))).toBe('bad-json')
    expect(codeOf(variant({ regions: [region, region] }))).toBe('bad-json') // duplicate id
    expect(codeOf(variant({}))).toBe('ok')
  })
})
