import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ROOT, type AppPage, type Harness } from './harness'
import { openVrWithFakeMicrophone, plannedCenter, pointRightControllerAhead } from './voice-vr'
import { withoutDrawing } from './world-support'

/**
 * Hands-free voice end to end: with the wake phrase setting on, the app keeps the microphone open
 * and Chromium's fake microphone plays "okay world, add a lake over there" (flite,
 * tests/data/speech/). No button is held: the worker spots "okay world" with PocketSphinx's
 * keyword search, decodes the rest against the command grammar until the speaker goes quiet, and
 * the lake grows where the right controller points. Nothing leaves localhost.
 */
const WAV = join(ROOT, 'tests/data/speech/okay-world-add-a-lake-over-there.wav')

describe('on-device voice, hands-free: the wake phrase through a fake microphone', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    ;({ h, app } = await openVrWithFakeMicrophone(WAV))
  })
  afterAll(async () => {
    await h?.close()
  })

  it('hears "okay world, add a lake over there" with no button held and grows a lake where the controller points', async () => {
    const spot = await pointRightControllerAhead(app)
    const { center: aim } = await plannedCenter(app, spot)
    const version0 = await app.page.evaluate(() => window.__worldwalk!.world!.doc.version)
    // The setting turns hands-free on: the model loads, then the microphone opens (and the clip plays).
    await app.page.evaluate(() => window.__worldwalkXR!.settings.getState().update({ wakePhrase: true }))
    const seen = new Set<string>()
    const log = setInterval(() => {
      void app.page
        .evaluate(() => {
          const s = window.__worldwalk!.app.getState()
          return JSON.stringify({ voice: s.voice, message: s.world.message })
        })
        .then((v) => seen.add(v))
        .catch(() => {})
    }, 500)
    try {
      // Drawing off while it listens: on SwiftShader each VR frame holds both cores for a second
      // or more, and a loaded machine starved the audio path until the wake phrase went unheard.
      await withoutDrawing(app, () =>
        app.page.waitForFunction((v) => window.__worldwalk!.world!.doc.version === v + 1, version0, {
          timeout: 200_000,
          polling: 200,
        }),
      )
    } finally {
      clearInterval(log)
      console.log(`voice states: ${[...seen].join(' | ')}`)
    }
    const doc = await app.page.evaluate(() => {
      const d = window.__worldwalk!.world!.doc
      return {
        lake: d.regions.at(-1)!,
        last: d.history.at(-1)!.edit.kind,
        message: window.__worldwalk!.app.getState().world.message,
      }
    })
    console.log(`hands-free: ${doc.message}`)
    expect(doc.last).toBe('expand')
    // The words themselves are the bench's business (in this browser the processed microphone
    // has been heard as "um add or lake over there"): here, a lake grows, with no button held.
    expect(doc.message).toMatch(/^added\b.*\blake \d+ m /)
    // At the pointed spot, or out along the aim until the viewer is on the shore.
    const off = Math.hypot(doc.lake.center[0] - aim[0], doc.lake.center[1] - aim[1])
    expect(off).toBeLessThan(3)
    await app.page.evaluate(() => window.__worldwalkXR!.settings.getState().update({ wakePhrase: false }))
    expect(app.requests.some((r) => r.includes('/speech/en-us/means'))).toBe(true)
    app.expectOnlyLocalRequests()
  }, 260_000)
})
