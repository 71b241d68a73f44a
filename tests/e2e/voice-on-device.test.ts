import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ROOT, type AppPage, type Harness } from './harness'
import { openVrWithFakeMicrophone, plannedCenter, pointRightControllerAhead } from './voice-vr'

/**
 * The on-device recogniser end to end, with no stand-in: Chromium's fake microphone plays a WAV
 * that flite synthesized ("add a lake over there", tests/data/speech/), getUserMedia hands it to
 * the app's StreamingMic, the speech worker decodes it with PocketSphinx against the command
 * grammar while B is held, and the release carries out the command where the controller points.
 * No request may leave localhost (the model files come from the app's own /speech/).
 */
const WAV = join(ROOT, 'tests/data/speech/add-a-lake-over-there.wav')

describe('on-device voice in VR: a spoken command through a fake microphone', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    ;({ h, app } = await openVrWithFakeMicrophone(WAV))
  })
  afterAll(async () => {
    await h?.close()
  })

  it('hears "add a lake over there" on-device and grows a lake where the right controller points', async () => {
    const spot = await pointRightControllerAhead(app)
    const { center: aim } = await plannedCenter(app, spot)
    const version0 = await app.page.evaluate(() => window.__worldwalk!.world!.doc.version)

    await app.page.evaluate(() => window.__iwer!.controllers.right!.updateButtonValue('b-button', 1))
    // The model loads on the first push, with progress on the voice line; then the microphone
    // opens and the fake device plays the 4.6 s clip once. Hold until the hypothesis has the
    // whole command, or the clip is over.
    await app.page.waitForFunction(
      () => {
        const v = window.__worldwalk!.app.getState().voice
        return v.state !== 'listening' || !v.interim.startsWith('loading')
      },
      null,
      { timeout: 180_000, polling: 100 },
    )
    const heardAll = await app.page
      .waitForFunction(
        () => /\blake over there$/.test(window.__worldwalk!.app.getState().voice.interim),
        null,
        { timeout: 8_000, polling: 100 },
      )
      .then(
        () => true,
        () => false,
      )
    const interims = [await app.page.evaluate(() => JSON.stringify(window.__worldwalk!.app.getState().voice))]
    console.log(`voice while held: ${interims[0]} (whole command in the interim: ${heardAll})`)
    await app.page.evaluate(() => window.__iwer!.controllers.right!.updateButtonValue('b-button', 0))
    await app.page.waitForFunction((v) => window.__worldwalk!.world!.doc.version === v + 1, version0, {
      timeout: 30_000,
    })
    const doc = await app.page.evaluate(() => {
      const d = window.__worldwalk!.world!.doc
      return {
        lake: d.regions.at(-1)!,
        last: d.history.at(-1)!.edit.kind,
        message: window.__worldwalk!.app.getState().world.message,
        progressSeen: window.__worldwalk!.app.getState().voice.interim,
      }
    })
    console.log(`interim "${interims[0]}"; ${doc.message}`)
    expect(doc.last).toBe('expand')
    expect(doc.message).toMatch(/^added (a|the|an)? ?lake \d+ m /)
    // At the pointed spot, or out along the aim until the viewer is on the shore.
    const off = Math.hypot(doc.lake.center[0] - aim[0], doc.lake.center[1] - aim[1])
    expect(off).toBeLessThan(3)
    await app.waitForFrames(3)
    await app.screenshot('voice-on-device-after')
    // Offline: the speech files came from the app itself, and nothing else was asked for.
    expect(app.requests.some((r) => r.includes('/speech/en-us/means'))).toBe(true)
    app.expectOnlyLocalRequests()
  })
})
