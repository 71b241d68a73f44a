import { describe, expect, it, vi } from 'vitest'
import {
  MISSING,
  readPromptHistory,
  readStatusFields,
  readWorldActions,
} from '../../src/ui/panels/app-fields'
import { createGalleryStore } from '../../src/ui/gallery/gallery-store'
import { createMenuStore } from '../../src/ui/panels/menu-store'
import { runPanelAction } from '../../src/ui/panels/panel-actions'
import {
  CANVAS_H,
  CANVAS_W,
  FONT,
  hitBox,
  layoutPanel,
  PANEL_WIDTH_M,
  PX_PER_M,
  uvToCanvas,
} from '../../src/ui/panels/panel-layout'
import { buildPanel } from '../../src/ui/panels/panel-model'
import { DEFAULT_SETTINGS } from '../../src/ui/settings'
import { createSettingsStore } from '../../src/ui/settings-store'

const center = (b: { x: number; y: number; w: number; h: number }) => [b.x + b.w / 2, b.y + b.h / 2] as const

describe('panel fields read tolerantly from the app state', () => {
  it('shows a dash where a field does not exist (yet)', () => {
    expect(readStatusFields({})).toEqual({
      source: MISSING,
      backend: MISSING,
      modelRate: MISSING,
      queue: MISSING,
      splats: MISSING,
      voice: MISSING,
    })
  })

  it('shows the voice transcript while listening, and the failure after one', () => {
    const voice = (v: object) => readStatusFields({ voice: v }).voice
    expect(voice({ state: 'listening', interim: 'add a lake', error: null })).toBe('“add a lake…”')
    expect(voice({ state: 'listening', interim: '', error: null })).toBe('listening…')
    expect(voice({ state: 'error', interim: '', error: 'Voice needs the network. Type instead.' })).toMatch(
      /Type instead/,
    )
    expect(voice({ state: 'idle', interim: 'add a lake over there', error: null })).toBe(
      'heard “add a lake over there”',
    )
    expect(voice({ state: 'idle', interim: '', error: null })).toBe('hold B to talk')
  })

  it('formats the world status when it is there', () => {
    const f = readStatusFields({
      world: { source: 'worker', backend: 'wasm', modelMs: 50, inFlight: 2, splats: 123456 },
    })
    expect(f).toEqual({
      source: 'worker',
      backend: 'wasm',
      modelRate: '20.0 frames/s (50 ms)',
      queue: '2',
      splats: '123.5 k',
      voice: MISSING,
    })
  })

  it('lists prompts newest first, or the current prompt', () => {
    expect(readPromptHistory({ promptHistory: ['a', { text: 'b' }, 3] })).toEqual(['b', 'a'])
    expect(readPromptHistory({ world: { prompt: 'a misty lake' } })).toEqual(['a misty lake'])
    expect(readPromptHistory({})).toEqual([])
  })

  it('enables world actions only where the app has them, with a reason otherwise', () => {
    const undo = vi.fn()
    const actions = readWorldActions({ undo })
    expect(actions.map((a) => [a.id, a.run !== null])).toEqual([
      ['new', false],
      ['save', false],
      ['undo', true],
    ])
    expect(actions[0]!.reason).toMatch(/world editing/)
    actions[2]!.run!()
    expect(undo).toHaveBeenCalledOnce()
  })
})

describe('panel layout', () => {
  it('keeps body text at least 2 cm tall on the panel (readable at 0.6 m)', () => {
    expect(FONT.body / PX_PER_M).toBeGreaterThanOrEqual(0.02)
    expect(FONT.tab / PX_PER_M).toBeGreaterThanOrEqual(0.02)
    expect(CANVAS_W / PX_PER_M).toBeCloseTo(PANEL_WIDTH_M, 9)
  })

  it('fits every page inside the canvas', () => {
    for (const tab of ['status', 'history', 'world', 'worlds', 'settings'] as const) {
      const boxes = layoutPanel(
        buildPanel(tab, { promptHistory: ['1', '2', '3', '4', '5', '6', '7', '8'] }, DEFAULT_SETTINGS),
      )
      for (const b of boxes) {
        expect(b.x).toBeGreaterThanOrEqual(0)
        expect(b.y).toBeGreaterThanOrEqual(0)
        expect(b.x + b.w).toBeLessThanOrEqual(CANVAS_W)
        expect(b.y + b.h, `${tab}: ${b.text}`).toBeLessThanOrEqual(CANVAS_H)
      }
    }
  })

  it('gives each of the five tabs room for its label at 2 cm', () => {
    const tabs = layoutPanel(buildPanel('worlds', {}, DEFAULT_SETTINGS)).filter((b) => b.role === 'tab')
    expect(tabs.map((t) => t.text)).toEqual(['Status', 'Prompts', 'World', 'Worlds', 'Settings'])
    expect(tabs.find((t) => t.text === 'Worlds')!.on).toBe(true)
    // "Settings" at 40 px semibold is about 180 px wide in DejaVu Sans / Roboto.
    for (const t of tabs) expect(t.w).toBeGreaterThanOrEqual(190)
  })

  it('maps a ray uv to the control under it', () => {
    const boxes = layoutPanel(buildPanel('settings', {}, DEFAULT_SETTINGS))
    const plus = boxes.find((b) => b.role === 'step' && b.text === '+')!
    const [cx, cy] = center(plus)
    const uv = { u: cx / CANVAS_W, v: 1 - cy / CANVAS_H }
    const p = uvToCanvas(uv.u, uv.v)
    expect(hitBox(boxes, p.x, p.y)).toBe(plus)
    expect(plus.action).toEqual({ type: 'step', key: 'snapTurnDegrees', dir: 1 })
    // Labels are not controls.
    const label = boxes.find((b) => b.role === 'label')!
    expect(hitBox(boxes, ...center(label))).toBeNull()
  })

  it('greys out a stepper at the end of its range and a world action that does not exist', () => {
    const atMax = layoutPanel(buildPanel('settings', {}, { ...DEFAULT_SETTINGS, snapTurnDegrees: 90 }))
    const inc = atMax.find((b) => b.role === 'step' && b.text === '+')!
    expect(inc.enabled).toBe(false)
    const world = layoutPanel(buildPanel('world', {}, DEFAULT_SETTINGS))
    expect(world.filter((b) => b.role === 'button').every((b) => !b.enabled)).toBe(true)
    expect(world.some((b) => b.role === 'reason')).toBe(true)
  })
})

describe('panel actions', () => {
  it('switch tabs, step and toggle settings, close the menu', () => {
    const settings = createSettingsStore(undefined)
    const menu = createMenuStore()
    const ctx = { appState: () => ({}), settings, menu, gallery: createGalleryStore() }
    menu.getState().setOpen(true)
    runPanelAction({ type: 'tab', tab: 'settings' }, ctx)
    expect(menu.getState().tab).toBe('settings')
    runPanelAction({ type: 'step', key: 'moveSpeed', dir: 1 }, ctx)
    expect(settings.getState().settings.moveSpeed).toBe(2.5)
    runPanelAction({ type: 'toggle', key: 'seated' }, ctx)
    expect(settings.getState().settings.seated).toBe(true)
    runPanelAction({ type: 'world', id: 'save' }, ctx)
    runPanelAction({ type: 'close' }, ctx)
    expect(menu.getState().open).toBe(false)
  })
})
