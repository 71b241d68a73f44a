import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRestorePage } from '../bench/pages/restore-page'
import { decodePng } from '../support/png-decode'
import { startHarness, type Harness } from './harness'

/**
 * SplatPages sends a changed group's splat texture from its first changed page on, with WebGL
 * calls under three.js (src/render/texture-rows.ts). Here a world is restored and drawn as the
 * app draws it (the pacing bench's restore page, `?keep=1`), every texture is then uploaded
 * whole by three.js, and the two views must match: rows that never reached the GPU, or landed in
 * the wrong place, would show as missing or wrong splats in the first.
 */
describe('splat textures sent by rows', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => {
    await h?.close()
  })

  it('draws a restored world exactly as after uploading every texture whole', async () => {
    const context = await h.browser.newContext({ viewport: { width: 320, height: 200 } })
    await context.addInitScript('globalThis.__name = (f) => f')
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // The page has no favicon: its 404 is the only resource error a bare page logs.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text())
    })
    try {
      await runRestorePage(page, h.url, 'lifter=worker&draw=1&keep=1&frames=40')
      const settle = (): Promise<void> => page.waitForTimeout(1500)
      const view = async (): Promise<{ luma: Float64Array; covered: number }> => {
        const png = decodePng(await page.locator('canvas').screenshot())
        const luma = new Float64Array(png.width * png.height)
        let covered = 0
        for (let i = 0; i < luma.length; i++) {
          const [r, g, b] = [png.rgba[4 * i]!, png.rgba[4 * i + 1]!, png.rgba[4 * i + 2]!]
          luma[i] = 0.3 * r + 0.59 * g + 0.11 * b
          // The page is white; the synthetic ground is saturated orange and blue.
          if (Math.max(r, g, b) - Math.min(r, g, b) > 60) covered++
        }
        return { luma, covered: covered / luma.length }
      }
      await settle()
      const byRows = await view()
      const meshes = await page.evaluate(() => window.__uploadWhole!())
      await settle()
      const whole = await view()
      expect(meshes).toBeGreaterThan(0)
      // The synthetic ground covers much of the view.
      expect(byRows.covered).toBeGreaterThan(0.2)
      let diff = 0
      for (let i = 0; i < whole.luma.length; i++) diff += Math.abs(whole.luma[i]! - byRows.luma[i]!)
      expect(diff / whole.luma.length).toBeLessThan(1)
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
