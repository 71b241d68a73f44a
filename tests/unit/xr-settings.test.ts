import { describe, expect, it } from 'vitest'
import {
  canStep,
  clampSettings,
  DEFAULT_SETTINGS,
  eyeHeightOffset,
  SEATED_EYE_RAISE,
  stepSetting,
} from '../../src/ui/settings'
import { createSettingsStore } from '../../src/ui/settings-store'

describe('settings', () => {
  it('fills in defaults and clamps to ranges on the step grid', () => {
    expect(clampSettings(undefined)).toEqual(DEFAULT_SETTINGS)
    expect(clampSettings({ snapTurnDegrees: 500 }).snapTurnDegrees).toBe(90)
    expect(clampSettings({ snapTurnDegrees: 1 }).snapTurnDegrees).toBe(15)
    expect(clampSettings({ snapTurnDegrees: 29.999 }).snapTurnDegrees).toBe(30)
    expect(clampSettings({ moveSpeed: Number.NaN }).moveSpeed).toBe(2)
    expect(clampSettings({ moveSpeed: '3' }).moveSpeed).toBe(2)
    expect(clampSettings({ heightOffset: 0.1 + 0.2 }).heightOffset).toBe(0.3)
    expect(clampSettings({ seated: 'yes', vignette: false })).toMatchObject({
      seated: false,
      vignette: false,
    })
  })

  it('steps by the panel increments and stops at the ends', () => {
    const s = { ...DEFAULT_SETTINGS }
    expect(stepSetting(s, 'snapTurnDegrees', 1).snapTurnDegrees).toBe(45)
    expect(stepSetting(s, 'moveSpeed', -1).moveSpeed).toBe(1.5)
    const max = { ...s, moveSpeed: 5 }
    expect(canStep(max, 'moveSpeed', 1)).toBe(false)
    expect(canStep(max, 'moveSpeed', -1)).toBe(true)
    let h = s
    for (let i = 0; i < 3; i++) h = stepSetting(h, 'heightOffset', 1)
    expect(h.heightOffset).toBe(0.3)
  })

  it('raises the eyes when seated, plus the personal offset', () => {
    expect(eyeHeightOffset({ seated: false, heightOffset: 0 })).toBe(0)
    expect(eyeHeightOffset({ seated: true, heightOffset: -0.1 })).toBeCloseTo(SEATED_EYE_RAISE - 0.1, 12)
  })

  it('persists through storage and survives corrupt storage', () => {
    const data = new Map<string, string>()
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    } as unknown as Storage
    const a = createSettingsStore(storage)
    a.getState().update({ snapTurnDegrees: 45, moveSpeed: 99 })
    expect(a.getState().settings).toMatchObject({ snapTurnDegrees: 45, moveSpeed: 5 })
    expect(createSettingsStore(storage).getState().settings.snapTurnDegrees).toBe(45)
    for (const k of data.keys()) data.set(k, '{not json')
    expect(createSettingsStore(storage).getState().settings).toEqual(DEFAULT_SETTINGS)
  })
})
