import { describe, expect, it } from 'vitest'
import { chooseSpeechInput } from '../../src/app/voice/speech-choice'
import { buildPanel } from '../../src/ui/panels/panel-model'
import { CANVAS_H, layoutPanel } from '../../src/ui/panels/panel-layout'
import { clampSettings, DEFAULT_SETTINGS } from '../../src/ui/settings'

describe('the recogniser setting', () => {
  it('is on-device by default; Web Speech only when chosen, and its label says audio leaves the device', () => {
    expect(DEFAULT_SETTINGS.webSpeech).toBe(false)
    expect(clampSettings({ webSpeech: 'yes' as unknown as boolean }).webSpeech).toBe(false)
    expect(clampSettings({ webSpeech: true }).webSpeech).toBe(true)
    const items = buildPanel('settings', {}, DEFAULT_SETTINGS, { worlds: [] } as never).items
    const toggle = items.find((i) => i.kind === 'toggle' && i.label.includes('Web Speech'))
    expect(toggle).toMatchObject({ on: false, action: { type: 'toggle', key: 'webSpeech' } })
    expect(toggle?.kind === 'toggle' && toggle.label).toMatch(/audio leaves device/)
  })

  it('has a hands-free wake phrase, off by default, as a toggle row both menus share', () => {
    expect(DEFAULT_SETTINGS.wakePhrase).toBe(false)
    expect(clampSettings({ wakePhrase: 1 as unknown as boolean }).wakePhrase).toBe(false)
    expect(clampSettings({ wakePhrase: true }).wakePhrase).toBe(true)
    expect(clampSettings(null).wakePhrase).toBe(false)
    const on = buildPanel('settings', {}, { ...DEFAULT_SETTINGS, wakePhrase: true }, {
      worlds: [],
    } as never).items
    const toggle = on.find((i) => i.kind === 'toggle' && i.label.includes('world'))
    expect(toggle).toMatchObject({ on: true, action: { type: 'toggle', key: 'wakePhrase' } })
  })

  it('fits on the headset panel with the other settings', () => {
    const view = buildPanel('settings', {}, { ...DEFAULT_SETTINGS, webSpeech: true, wakePhrase: true }, {
      worlds: [],
    } as never)
    for (const b of layoutPanel(view)) expect(b.y + b.h).toBeLessThanOrEqual(CANVAS_H)
  })

  it('picks the recogniser: on-device unless ?speech=web', () => {
    expect(chooseSpeechInput('').kind).toBe('on-device')
    expect(chooseSpeechInput('?speech=web').kind).toBe('web-speech')
  })
})
