import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type AppPage, type Harness, appUrl } from './harness'
import { voiceStandInScript } from './voice-stand-in'
import { WORLD_TEST_QUERY, waitForWorld } from './world-support'

describe('voice failure and typed commands on the desktop', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
    // The run's default world, opened from storage.
    app = await h.open({ query: `${WORLD_TEST_QUERY}&speech=web`, seed: true })
    await app.waitForFrames(2)
    await waitForWorld(app, (w) => w.source === 'worker' && w.restoredFrames > 0)
  })
  afterAll(async () => {
    await h?.close()
  })

  it("shows a 'network' failure with the prompt bar focused for typing", async () => {
    // The stand-in for Google's speech service answers as Debian's Chromium does without keys.
    await app.page.evaluate(voiceStandInScript({ fail: 'network' }))
    const mic = app.page.locator('[data-testid=mic]')
    await mic.hover()
    await app.page.mouse.down()
    await app.page.waitForTimeout(200)
    await app.page.mouse.up()
    const error = app.page.locator('[data-testid=voice-error]')
    await error.waitFor({ timeout: 20_000 })
    expect(await error.textContent()).toMatch(/speech service.*Type instead/)
    await expect
      .poll(() => app.page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('prompt')
    await app.screenshot('voice-network-error')
  })

  it('hold V talks too (and the failure shows the same way)', async () => {
    await app.page
      .locator('canvas')
      .first()
      .click({ position: { x: 5, y: 5 } })
    const starts = await app.page.evaluate(
      () => (window as unknown as { __speechStandIn: { starts: number } }).__speechStandIn.starts,
    )
    await app.page.keyboard.down('v')
    await app.page.waitForTimeout(150)
    await app.page.keyboard.up('v')
    await expect
      .poll(() =>
        app.page.evaluate(
          () => (window as unknown as { __speechStandIn: { starts: number } }).__speechStandIn.starts,
        ),
      )
      .toBe(starts + 1)
    await app.page.locator('[data-testid=voice-error]').waitFor({ timeout: 20_000 })
  })

  it("says it didn't understand, with suggestions, and changes nothing", async () => {
    const version = await app.page.evaluate(() => window.__worldwalk!.world!.doc.version)
    const input = app.page.locator('[data-testid=prompt]')
    await input.fill('blah blah')
    await input.press('Enter')
    const message = app.page.locator('[data-testid=world-message]')
    await message.waitFor({ timeout: 10_000 })
    expect(await message.textContent()).toMatch(/Didn't understand.*Try “/)
    expect(await app.page.evaluate(() => window.__worldwalk!.world!.doc.version)).toBe(version)
  })

  it('adds a region ahead from a typed command and shows where', async () => {
    const version = await app.page.evaluate(() => window.__worldwalk!.world!.doc.version)
    const input = app.page.locator('[data-testid=prompt]')
    await input.fill('add some hills ahead')
    await input.press('Enter')
    await expect.poll(() => app.page.evaluate(() => window.__worldwalk!.world!.doc.version)).toBe(version + 1)
    expect(await app.page.locator('[data-testid=world-message]').textContent()).toMatch(
      /^added .*hills \d+ m ahead/,
    )
    await input.fill('undo')
    await input.press('Enter')
    await expect.poll(() => app.page.evaluate(() => window.__worldwalk!.world!.doc.regions.length)).toBe(1)
    expect(await app.page.locator('[data-testid=world-message]').textContent()).toMatch(/^undid expand/)
  })

  it('keeps the edit log across a reload (the world document is stored)', async () => {
    const before = await app.page.evaluate(() =>
      window.__worldwalk!.world!.doc.history.map((e) => e.description),
    )
    expect(before.length).toBe(3)
    await app.page.evaluate(() => window.__worldwalk!.world!.storage!.flush())
    // Without &fresh, so the stored world opens.
    await app.page.goto(appUrl(app.page.url(), WORLD_TEST_QUERY))
    await app.page.waitForFunction(() => window.__worldwalk?.world != null, null, { timeout: 60_000 })
    const after = await app.page.evaluate(() =>
      window.__worldwalk!.world!.doc.history.map((e) => e.description),
    )
    expect(after).toEqual(before)
    expect(await app.page.evaluate(() => window.__worldwalk!.world!.session.world.version)).toBe(3)
  })
})
