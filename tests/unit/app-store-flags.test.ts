import { describe, expect, it } from 'vitest'
import { createAppStore, statusText } from '../../src/ui/app-store'
import { parseFlags, wantsPreservedDrawingBuffer } from '../../src/app/flags'
import { seededRandom } from '../../src/core/random'
import { placeholderHeight as terrainHeight } from '../../src/core/ground/placeholder-terrain'
import { pickFrameRate } from '../../src/xr/frame-rate'

describe('app store', () => {
  it('starts with the frame model loading, on the desktop', () => {
    const store = createAppStore()
    expect(statusText(store.getState())).toBe('starting the frame model… · desktop')
  })

  it('records picks and counts them; the status line shows the target and VR mode', () => {
    const store = createAppStore()
    store.getState().pickTarget({ point: [1.04, 0.25, -3.5], source: 'controller', at: 1 })
    store.getState().setMode('vr')
    const s = store.getState()
    expect(s.pointerDowns).toBe(1)
    expect(statusText(s)).toBe('starting the frame model… · in VR · target 1.0, 0.3, -3.5')
  })
})

describe('the status line while the world works', () => {
  it('says when the view is being sharpened, apart from generating it', () => {
    const store = createAppStore()
    const world = {
      source: 'worker',
      backend: 'wasm',
      frames: 50,
      restoredFrames: 10,
      splats: 158_117,
      modelMs: 72.4,
    }
    store.getState().setWorld({ ...world, phase: 'generating' })
    expect(statusText(store.getState())).toBe(
      'worker · wasm · generating… 50 frames · 158.1k splats · 72 ms/frame · desktop',
    )
    store.getState().setWorld({ phase: 'sharpening' })
    expect(statusText(store.getState())).toBe(
      'worker · wasm · sharpening the view… 60 frames · 158.1k splats · 72 ms/frame · desktop',
    )
    store.getState().setWorld({ phase: 'ready' })
    expect(statusText(store.getState())).toBe(
      'worker · wasm · 60 frames · 158.1k splats · 72 ms/frame · desktop',
    )
  })
})

describe('URL flags', () => {
  it('reads ?test and ?emulate, with =0/=false turning them off', () => {
    expect(parseFlags('')).toEqual({ test: false, emulate: false, renderScale: null })
    expect(parseFlags('?test&emulate')).toEqual({ test: true, emulate: true, renderScale: null })
    expect(parseFlags('?emulate=1&test=false')).toEqual({ test: false, emulate: true, renderScale: null })
    expect(parseFlags('?emulate=0')).toEqual({ test: false, emulate: false, renderScale: null })
  })

  it('reads ?scale= in 0.25-2, and ignores a scale out of range or not a number', () => {
    expect(parseFlags('?scale=0.5').renderScale).toBe(0.5)
    expect(parseFlags('?test&scale=2').renderScale).toBe(2)
    expect(parseFlags('?scale=0.25').renderScale).toBe(0.25)
    for (const bad of ['0.2', '3', '0', '-1', 'half', '', 'NaN', 'Infinity'])
      expect(parseFlags(`?scale=${bad}`).renderScale, bad).toBeNull()
  })

  it('keeps the drawing buffer only where pixels are read back', () => {
    expect(wantsPreservedDrawingBuffer({ test: false, emulate: false })).toBe(false)
    expect(wantsPreservedDrawingBuffer({ test: false, emulate: true })).toBe(true)
    expect(wantsPreservedDrawingBuffer({ test: true, emulate: false })).toBe(true)
  })
})

describe('XR frame rate', () => {
  it('prefers 90 Hz, else the closest (higher on a tie), else the device default', () => {
    expect(pickFrameRate([72, 80, 90, 120])).toBe(90)
    expect(pickFrameRate([72, 120])).toBe(72)
    expect(pickFrameRate([80, 100])).toBe(100)
    expect(pickFrameRate([])).toBe(false)
  })
})

describe('placeholder terrain', () => {
  it('is deterministic, finite and level around the spawn clearing', () => {
    expect(terrainHeight(13.2, -40.5)).toBe(terrainHeight(13.2, -40.5))
    expect(Math.abs(terrainHeight(0, 0))).toBe(0)
    for (let x = -120; x <= 120; x += 7.5) {
      for (let z = -120; z <= 120; z += 7.5) expect(Number.isFinite(terrainHeight(x, z))).toBe(true)
    }
    const a = seededRandom(3)
    const b = seededRandom(3)
    expect([a(), a(), a()]).toEqual([b(), b(), b()])
  })
})
