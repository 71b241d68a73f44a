/**
 * Worlds, files and clients from before a style feature was added keep working: a 24-value style
 * (written before `flowers` and `flowerHue`) is read with the new features at their defaults wherever a style comes
 * in, and a model exported with the narrower region table is fed the columns it declares.
 */
import { describe, expect, it } from 'vitest'
import { importLimits, makeWorldFile, readWorldJson, regionsOf, writeWorldJson } from '../../src/core/formats'
import { encodePrompt } from '../../src/core/prompt'
import {
  MAX_REGIONS,
  REGION_COLUMNS,
  REGION_HEADER,
  narrowRegionTable,
  packRegionTable,
} from '../../src/core/region'
import {
  DEFAULT_STYLE,
  LEGACY_STYLE_DIMS,
  STYLE_DIM,
  STYLE_FEATURES,
  fullStyle,
  styleVector,
} from '../../src/core/style'
import { parseFrameRequest, requestToJson } from '../../src/core/wire/request-schema'
import { editProblem } from '../../src/core/world/edit-validation'
import { ModelManifestError } from '../../src/model/errors'
import type { OrtSessionLike } from '../../src/model/ort-like'
import { regionColumnsOf } from '../../src/model/region-columns'
import { toWorldData } from '../../src/storage/world-data'
import type { WorldRecord } from '../../src/storage/schema'

const LEGACY = LEGACY_STYLE_DIMS[0]!
const enc = encodePrompt('a misty pine forest with a river at sunset')
const old = Array.from(enc.style).slice(0, LEGACY)

/** Every `style` array in a JSON value cut to its first `n` values, as an older build wrote it. */
function cutStyles(v: unknown, n: number): unknown {
  if (Array.isArray(v)) return v.map((x) => cutStyles(x, n))
  if (typeof v !== 'object' || v === null) return v
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [
      k,
      k === 'style' && Array.isArray(x) ? x.slice(0, n) : cutStyles(x, n),
    ]),
  )
}

function expectWidened(style: ArrayLike<number>): void {
  expect(style.length).toBe(STYLE_DIM)
  expect(Array.from(style).slice(0, LEGACY)).toEqual(Array.from(Float32Array.from(old)))
  // flowers and flowerHue, at their defaults.
  for (let i = LEGACY; i < STYLE_DIM; i++)
    expect(style[i]).toBe(Math.fround(DEFAULT_STYLE[STYLE_FEATURES[i]!]))
}

describe('a style written before a feature was added', () => {
  it('is widened with the defaults of what it lacks; any other length is left to the validators', () => {
    expectWidened(fullStyle(old))
    expect(fullStyle(Array.from(enc.style))).toEqual(enc.style)
    expect(fullStyle([0.5, 0.5]).length).toBe(2)
    // Written before `aurora` (26 values): flowers kept, no northern lights.
    const before = Array.from(encodePrompt('a meadow with red flowers').style).slice(0, 26)
    const wide = fullStyle(before)
    expect(Array.from(wide).slice(0, 26)).toEqual(Array.from(Float32Array.from(before)))
    expect(wide[STYLE_FEATURES.indexOf('aurora')]).toBe(0)
    expect(wide.length).toBe(STYLE_DIM)
    // Written before `village` (27 values): northern lights kept, no houses.
    const lights = Array.from(encodePrompt('northern lights over a frozen lake').style).slice(0, 27)
    const widened = fullStyle(lights)
    expect(widened[STYLE_FEATURES.indexOf('aurora')]).toBe(1)
    expect(widened[STYLE_FEATURES.indexOf('village')]).toBe(0)
    expect(widened.length).toBe(STYLE_DIM)
    // Written before `cactus` (28 values): the village kept, no cacti.
    const village = Array.from(encodePrompt('a mountain village').style).slice(0, 28)
    const withCacti = fullStyle(village)
    expect(withCacti[STYLE_FEATURES.indexOf('village')]).toBe(1)
    expect(withCacti[STYLE_FEATURES.indexOf('cactus')]).toBe(0)
    expect(withCacti.length).toBe(STYLE_DIM)
  })

  it('reads from a world .json file', () => {
    const file = makeWorldFile(
      'pines',
      [{ id: 'base', center: [0, 0], radius: 1500, style: enc.style, seed: 7 }],
      {
        position: [0, 1.7, 0],
        rotation: [0, 0, 0, 1],
      },
    )
    const json = JSON.parse(new TextDecoder().decode(writeWorldJson(file))) as unknown
    const bytes = new TextEncoder().encode(JSON.stringify(cutStyles(json, LEGACY)))
    const regions = regionsOf(readWorldJson(bytes, importLimits()).world)
    expectWidened(regions[0]!.style)
    // A style of another length is still refused.
    const bad = new TextEncoder().encode(JSON.stringify(cutStyles(json, LEGACY - 1)))
    expect(() => readWorldJson(bad, importLimits())).toThrow(/style/)
  })

  it('passes edit validation at 24 or 26 values, no other length', () => {
    const edit = (style: number[]): unknown => ({
      kind: 'create',
      description: 'pines',
      region: { center: [0, 0], radius: 1500, seed: 7, style },
    })
    expect(editProblem(edit(old))).toBeNull()
    expect(editProblem(edit(Array.from(enc.style)))).toBeNull()
    expect(editProblem(edit(old.slice(1)))?.path).toBe('region.style')
    expect(editProblem(edit([...Array.from(enc.style), 0]))?.path).toBe('region.style')
  })

  it('reads from an older client on the wire', () => {
    const req = {
      id: 3,
      pose: {
        position: [0, 1.7, 0] as [number, number, number],
        rotation: [0, 0, 0, 1] as [number, number, number, number],
      },
      camera: { model: 'perspective' as const, width: 64, height: 64 },
      worldVersion: 1,
      regions: [{ id: 'base', center: [0, 0] as [number, number], radius: 1500, style: enc.style, seed: 7 }],
    }
    const parsed = parseFrameRequest(cutStyles(requestToJson(req), LEGACY), 3)
    expectWidened(parsed.regions[0]!.style)
    expect(() => parseFrameRequest(cutStyles(requestToJson(req), 3), 3)).toThrow(/style/)
  })

  it('reads from a world saved in the browser before', () => {
    const rec = {
      id: 'w',
      prompt: 'pines',
      version: 1,
      regions: [{ id: 'base', center: [0, 0], radius: 1500, style: old, seed: 7 }],
    } as unknown as WorldRecord
    expectWidened(toWorldData(rec).regions[0]!.style)
  })
})

describe('a model exported before a feature was added', () => {
  const OLD_COLUMNS = REGION_HEADER + LEGACY
  const session = (columns: number | string | null): OrtSessionLike => ({
    inputNames: ['regions'],
    outputNames: [],
    ...(columns === null ? {} : { inputMetadata: [{ name: 'regions', shape: [MAX_REGIONS, columns] }] }),
    run: () => Promise.reject(new Error('not run')),
    release: () => Promise.resolve(),
  })

  it('is fed the columns it declares, the leading ones of each row', () => {
    expect(regionColumnsOf([session(OLD_COLUMNS)], 'old')).toBe(OLD_COLUMNS)
    expect(regionColumnsOf([null, session(REGION_COLUMNS)], 'new')).toBe(REGION_COLUMNS)
    // No shape to read (Triton's adapter) or a symbolic one: the full table.
    expect(regionColumnsOf([session(null)], 'triton')).toBe(REGION_COLUMNS)
    expect(regionColumnsOf([session('c')], 'symbolic')).toBe(REGION_COLUMNS)
    const table = packRegionTable([
      { id: 'a', center: [1, 2], radius: 30, style: styleVector({ flowers: 0.9 }), seed: 3 },
      { id: 'b', center: [4, 5], radius: 60, style: styleVector({ water: 0.8 }), seed: 4 },
    ])
    const narrow = narrowRegionTable(table, OLD_COLUMNS)
    expect(narrow.length).toBe(MAX_REGIONS * OLD_COLUMNS)
    for (let r = 0; r < MAX_REGIONS; r++) {
      expect(Array.from(narrow.subarray(r * OLD_COLUMNS, (r + 1) * OLD_COLUMNS))).toEqual(
        Array.from(table.subarray(r * REGION_COLUMNS, r * REGION_COLUMNS + OLD_COLUMNS)),
      )
    }
  })

  it('is refused when it declares a table this build cannot feed, or two different ones', () => {
    expect(() => regionColumnsOf([session(REGION_COLUMNS + 1)], 'wide')).toThrow(ModelManifestError)
    expect(() => regionColumnsOf([session(12)], 'narrow')).toThrow(/12 columns/)
    expect(() => regionColumnsOf([session(OLD_COLUMNS), session(REGION_COLUMNS)], 'mixed')).toThrow(
      new RegExp(`${OLD_COLUMNS} and ${REGION_COLUMNS}`),
    )
  })
})
