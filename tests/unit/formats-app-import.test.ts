/**
 * The app's import path without the browser: real readers (readSplatFile, what the import worker
 * runs), a real document and the in-memory asset store. Every bad input leaves the document as it
 * was; a good file becomes one place edit at the target with its bytes stored.
 */
import { describe, expect, it } from 'vitest'
import { importLimits, readSplatFile, writePly, writeSpz } from '../../src/core/formats'
import { createSplatBatch, type SplatBatch } from '../../src/core/lift'
import { styleVector } from '../../src/core/style'
import { WorldDocument } from '../../src/core/world'
import { assetStoreFor } from '../../src/app/files/asset-store'
import { readFileActions } from '../../src/ui/file-actions'
import { exportFileName } from '../../src/app/files/file-name'
import { importFile, type ImportDeps } from '../../src/app/files/import-file'
import { anchorOf, joinBatches, placeSplats } from '../../src/app/files/placement-math'
import { headingOf } from '../../src/core/pose'

function block(n = 64, y0 = 2): SplatBatch {
  const b = createSplatBatch(n)
  b.count = n
  for (let i = 0; i < n; i++) {
    b.centers.set([(i % 8) * 0.1 + 10, y0 + Math.floor(i / 8) * 0.1, -3], 3 * i)
    b.scales.set([0.05, 0.05, 0.05], 3 * i)
    b.quats.set([0, 0, 0, 1], 4 * i)
    b.colors.set([1, 0, 1], 3 * i)
    b.opacities[i] = 1
  }
  return b
}

function setup(over: Partial<ImportDeps> = {}) {
  const doc = new WorldDocument()
  doc.apply({
    kind: 'create',
    description: 'hills',
    region: { center: [0, 0], radius: 4000, style: Array.from(styleVector({})), seed: 1 },
  })
  const remembered = new Map<string, SplatBatch>()
  const assets = assetStoreFor(null)
  const deps: ImportDeps = {
    limits: importLimits('standalone'),
    parse: (bytes, name) => readSplatFile(bytes, { name, limits: importLimits('standalone') }),
    assets,
    world: () => ({ id: 'w1', version: doc.version }),
    target: () => [4, 0.5, -6],
    viewer: () => ({ position: [0, 1.7, 0], rotation: [0, 0, 0, 1] }),
    groundAt: () => 0.25,
    remember: (id, b) => remembered.set(id, b),
    place: (edit) => doc.apply(edit),
    openWorld: () => 'opened',
    ...over,
  }
  return { doc, deps, remembered, assets }
}

const file = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name)

describe('app import', () => {
  it('places a good file at the target as one undoable edit, with its bytes stored', async () => {
    const { doc, deps, remembered, assets } = setup()
    const message = await importFile(file(await writeSpz(block()), 'b.spz'), deps)
    expect(message).toMatch(/^placed b\.spz: 64 splats at 4\.0, 0\.5, -6\.0; say "undo"/)
    expect(doc.version).toBe(2)
    const p = doc.placed[0]!
    expect(p.position).toEqual([4, 0.5, -6])
    // Anchor: the middle of the block's footprint, at its lowest splats.
    // .spz stores positions in fixed point (1/4096 m here).
    expect(p.anchor[0]).toBeCloseTo(10.35, 3)
    expect(p.anchor[1]).toBeCloseTo(2, 3)
    expect(remembered.get(p.assetId)?.count).toBe(64)
    expect(await assets.getAsset('w1', p.assetId)).not.toBeNull()
    doc.apply({ kind: 'undo' })
    expect(doc.placed).toEqual([])
  })

  it('lands ahead of the viewer on the ground when nothing was picked', async () => {
    const { doc, deps } = setup({ target: () => null })
    await importFile(file(writePly(block()), 'b.ply'), deps)
    const [x, y, z] = doc.placed[0]!.position
    expect(x).toBeCloseTo(0, 9)
    expect(y).toBe(0.25)
    expect(z).toBeCloseTo(-4, 9)
  })

  it('refuses every bad input with a message and leaves the document as it was', async () => {
    const bad: [Uint8Array, string, RegExp][] = [
      [new TextEncoder().encode('hi'), 'notes.txt', /"\.txt" files are not read here/],
      [new Uint8Array(0), 'empty.ply', /not a \.spz, \.ply/],
      [(await writeSpz(block())).slice(0, 30), 'cut.spz', /^could not import cut\.spz: spz: /],
      [new Uint8Array(33), 'odd.splat', /whole number of 32-byte records/],
      [
        new TextEncoder().encode(
          'ply\nformat binary_little_endian 1.0\nelement vertex 10000000\nproperty float x\nend_header\n',
        ),
        'huge.ply',
        /declared 10,000,000 splats, over this device's limit of 1,000,000/,
      ],
      [
        new TextEncoder().encode('{"format":"worldwalk-world","schemaVersion":1}'),
        'w.json',
        /could not import w\.json: json: /,
      ],
      [await writeSpz(createSplatBatch(0)), 'none.spz', /holds no splats/],
    ]
    for (const [bytes, name, pattern] of bad) {
      const { doc, deps } = setup()
      const message = await importFile(file(bytes, name), deps)
      expect(message, name).toMatch(pattern)
      expect(message.startsWith(`could not import ${name}: `), name).toBe(true)
      expect(doc.version, name).toBe(1)
      expect(doc.placed, name).toEqual([])
    }
  })

  it('refuses a file over the byte cap before reading it', async () => {
    let parsed = false
    const { doc, deps } = setup({
      limits: importLimits('standalone', { maxBytes: 100 }),
      parse: () => {
        parsed = true
        throw new Error('should not parse')
      },
    })
    const message = await importFile(file(new Uint8Array(101), 'big.ply'), deps)
    expect(message).toBe("could not import big.ply: 101 bytes, over this device's limit of 100")
    expect(parsed).toBe(false)
    expect(doc.version).toBe(1)
  })

  it('refuses when the asset cannot be stored, and when the document is full', async () => {
    const failing = setup({
      assets: {
        persistent: true,
        putAsset: () => Promise.reject(new Error('quota')),
        getAsset: () => Promise.resolve(null),
      },
    })
    expect(await importFile(file(await writeSpz(block()), 'b.spz'), failing.deps)).toMatch(
      /could not be stored \(quota\)/,
    )
    expect(failing.doc.version).toBe(1)
    const full = setup({ place: (e) => new WorldDocument().apply(e) })
    expect(await importFile(file(await writeSpz(block()), 'b.spz'), full.deps)).toMatch(/no world yet/)
  })

  it('opens a world .json through openWorld', async () => {
    const { deps } = setup({ openWorld: (w, name) => `opened ${name} ${w.prompt}` })
    const json = JSON.stringify({
      format: 'worldwalk-world',
      version: 1,
      prompt: 'dunes',
      regions: [{ id: 'base', center: [0, 0], radius: 900, seed: 3, style: Array.from(styleVector({})) }],
      start: { position: [0, 1.7, 0], rotation: [0, 0, 0, 1] },
    })
    expect(await importFile(file(new TextEncoder().encode(json), 'w.json'), deps)).toBe('opened w.json dunes')
  })
})

describe('placement math', () => {
  it('places splats: anchor to position, turned by yaw, scaled; rotations composed', () => {
    const src = block(2)
    const out = createSplatBatch(2)
    const placed = {
      assetId: 'a',
      name: 'a',
      splats: 2,
      position: [1, 2, 3] as [number, number, number],
      anchor: [10, 2, -3] as [number, number, number],
      yaw: Math.PI / 2,
      scale: 2,
      radius: 1,
    }
    placeSplats(src, placed, out, 0)
    // Splat 1 is 0.1 m along +x from the anchor: scaled to 0.2, turned +90 deg about +Y -> -z.
    expect(out.centers[3]).toBeCloseTo(1, 5)
    expect(out.centers[4]).toBeCloseTo(2, 5)
    expect(out.centers[5]).toBeCloseTo(3 - 0.2, 5)
    expect(out.scales[0]).toBeCloseTo(0.1, 6)
    expect(Array.from(out.quats.subarray(0, 4)).map((v) => +v.toFixed(6))).toEqual([0, 0.707107, 0, 0.707107])
    const joined = joinBatches([{ batch: block(3) }, { batch: src, placed }])
    expect(joined.count).toBe(5)
    expect(joined.centers[3 * 3]).toBeCloseTo(1, 6)
  })

  it('anchor ignores a stray floater below a scan; heading follows the viewer', () => {
    const b = block(200)
    b.centers[1] = -50 // one floater far below
    const { anchor, radius } = anchorOf(b)
    expect(anchor[1]).toBeCloseTo(2, 5)
    expect(radius).toBeGreaterThan(0.3)
    expect(radius).toBeLessThan(1)
    const turn = (a: number) => ({
      position: [0, 0, 0] as [number, number, number],
      rotation: [0, Math.sin(a / 2), 0, Math.cos(a / 2)] as [number, number, number, number],
    })
    expect(headingOf(turn(0.7))).toBeCloseTo(0.7, 9)
    expect(headingOf(turn(-2.5))).toBeCloseTo(-2.5, 9)
  })

  it('shows every file item on the desktop and the three exports in the headset', () => {
    const run = () => undefined
    const fileActions = [
      { id: 'export-spz', label: '.spz', inVR: true, run },
      { id: 'export-ply', label: '.ply', inVR: false, run },
      { id: 'import', label: 'Import', inVR: false, run },
    ]
    expect(readFileActions({ mode: 'desktop', fileActions }).map((a) => a.id)).toEqual([
      'export-spz',
      'export-ply',
      'import',
    ])
    expect(readFileActions({ mode: 'vr', fileActions }).map((a) => a.id)).toEqual(['export-spz'])
    expect(readFileActions({})).toEqual([])
    expect(readFileActions(null)).toEqual([])
  })

  it('names exports after the world', () => {
    expect(exportFileName('A misty pine forest, at Sunset!', 'spz')).toBe('a-misty-pine-forest-at-sunset.spz')
    expect(exportFileName('Café über alles', 'ply')).toBe('cafe-uber-alles.ply')
    expect(exportFileName('???', 'glb')).toBe('world.glb')
    expect(exportFileName('x'.repeat(100), 'json')).toBe(`${'x'.repeat(48)}.json`)
  })
})
