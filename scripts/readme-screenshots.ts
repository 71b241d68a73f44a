/**
 * `npx tsx scripts/readme-screenshots.ts`: the README's screenshots, taken the way a person sees
 * the app (default frame sizes, a larger window) in headless Chromium with SwiftShader. Takes a
 * minute or two on a CPU; run it by hand after a visible change, look at the PNGs, then commit them.
 */
import { copyFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { OUTPUT_DIR, startHarness, ROOT } from '../tests/e2e/harness'
import { measureDetail } from '../tests/support/image-detail'
import { decodePng } from '../tests/support/png-decode'
import { waitForIdleUndrawn } from '../tests/e2e/world-support'

const OUT = join(ROOT, 'docs', 'screenshots')
const prompt =
  process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'a misty pine forest with a river at sunset'
/** `--levels=64,128,256,512` tries other frame sizes (the app's defaults otherwise). */
const levels = process.argv.find((a) => a.startsWith('--levels='))?.slice(9)
/** `--detail=0` turns the detail frames off (`--detail=N`: N px ones), to compare. */
const detail = process.argv.find((a) => a.startsWith('--detail='))?.slice(9)
/**
 * `--pose=x,z,yaw` looks from elsewhere (the app's ?pose=); the picture then goes to tests/output
 * only, not over the README's.
 */
const pose = process.argv.find((a) => a.startsWith('--pose='))?.slice(7)
/**
 * `--vr`: the headset picture instead (docs/screenshots/vr-world.png): the app in an emulated
 * Quest 3 (IWER), both eyes, at the frame sizes the app picks for a headset.
 */
const vr = process.argv.includes('--vr')
/** `--name=desktop-village`: the desktop picture's file under docs/screenshots (desktop-world). */
const name = process.argv.find((a) => a.startsWith('--name='))?.slice(7) ?? 'desktop-world'

async function main(): Promise<void> {
  const h = await startHarness()
  try {
    const app = await h.open({
      query:
        `test&fresh${vr ? '&emulate' : ''}&prompt=${encodeURIComponent(prompt)}` +
        `${levels ? `&levels=${levels}` : ''}${detail ? `&detail=${detail}` : ''}${pose ? `&pose=${pose}` : ''}`,
      viewport: { width: 960, height: 540 },
      // The README's pictures are drawn at one pixel per CSS pixel, not the tests' half.
      renderScale: null,
    })
    // Grown with drawing off (minutes faster on SwiftShader), then drawn until Spark has sorted.
    await waitForIdleUndrawn(app, 600_000)
    if (vr) {
      await app.page.locator('[data-testid=enter-vr]').click()
      await app.page.waitForFunction(() => window.__worldwalk!.xr.getState().session != null, null, {
        timeout: 120_000,
      })
      // What the headset asks for once in the session, grown the same way.
      await waitForIdleUndrawn(app, 600_000)
      await app.waitForFrames(10, 300_000)
      const shot = await app.screenshot('readme-vr', 300_000)
      await copyFile(shot, join(OUT, 'vr-world.png'))
      await app.close()
      return
    }
    // The sharp panorama is taken once the view is covered, then its horizon band twice as fine
    // (2048 px wide): wait for both.
    await app.page.waitForFunction(
      () => (window.__worldwalk?.world?.session.panorama?.camera.width ?? 0) >= 2048,
      null,
      {
        timeout: 300_000,
      },
    )
    await app.waitForFrames(20, 300_000)
    // What the picture cost, for the README: frames, model calls and splats once it settled.
    const { frames, modelCalls, splats } = await app.page.evaluate(
      () => window.__worldwalk!.world!.session.stats,
    )
    console.log(JSON.stringify({ frames, modelCalls, splats }))
    // 30 s ran out on a busy machine: a SwiftShader frame of ~500k splats takes seconds.
    const shot = await app.screenshot(pose ? 'readme-desktop-elsewhere' : 'readme-desktop', 300_000)
    if (!pose) await copyFile(shot, join(OUT, `${name}.png`))
    // Issue #13's measure is of the canvas only: the overlay's text is detail of its own.
    const canvasOnly = join(OUTPUT_DIR, 'readme-desktop-canvas.png')
    // A clip of the page, not an element screenshot: that waits for a stable element, and a
    // SwiftShader frame of a few hundred thousand splats takes seconds.
    const box = (await app.page.locator('canvas').boundingBox({ timeout: 300_000 }))!
    const overlay = (visibility: string) =>
      app.page.evaluate((v) => {
        for (const e of document.querySelectorAll<HTMLElement>('.ww-overlay')) e.style.visibility = v
      }, visibility)
    await overlay('hidden')
    await app.page.screenshot({ path: canvasOnly, clip: box, timeout: 300_000 })
    await overlay('')
    const image = decodePng(new Uint8Array(await readFile(canvasOnly)))
    const m = measureDetail(image.rgba, image.width, image.height)
    console.log(JSON.stringify({ canvasOnly, laplacian: m.laplacian, spectrumSlope: m.spectrumSlope }))
    await app.close()
  } finally {
    await h.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
