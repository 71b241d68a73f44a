/**
 * `npx tsx scripts/readme-screenshots.ts`: the README's screenshots, taken the way a person sees
 * the app (default frame sizes, a larger window) in headless Chromium with SwiftShader. Takes a
 * minute or two on a CPU; run it by hand after a visible change, look at the PNGs, then commit them.
 */
import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startHarness, ROOT } from '../tests/e2e/harness'
import { waitForIdleUndrawn } from '../tests/e2e/world-support'

const OUT = join(ROOT, 'docs', 'screenshots')
const prompt = process.argv[2] ?? 'a misty pine forest with a river at sunset'

async function main(): Promise<void> {
  const h = await startHarness()
  try {
    const app = await h.open({
      query: `test&fresh&prompt=${encodeURIComponent(prompt)}`,
      viewport: { width: 960, height: 540 },
    })
    // Grown with drawing off (minutes faster on SwiftShader), then drawn until Spark has sorted.
    await waitForIdleUndrawn(app, 600_000)
    // The sharp panorama is taken once the view is covered: wait for it too.
    await app.page.waitForFunction(
      () => (window.__worldwalk?.world?.session.panorama?.camera.width ?? 0) >= 512,
      null,
      {
        timeout: 120_000,
      },
    )
    await app.waitForFrames(20)
    await copyFile(await app.screenshot('readme-desktop'), join(OUT, 'desktop-world.png'))
    await app.close()
  } finally {
    await h.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
