import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STYLE_FEATURES } from '../../src/core/style'
import { expectVisible, startHarness, type AppPage, type Harness } from './harness'
import { voiceStandInScript } from './voice-stand-in'
import { enterVrWithControllers, plannedCenter, pointRightControllerAhead } from './voice-vr'
import { WORLD_TEST_QUERY, waitForIdleUndrawn } from './world-support'

const UTTERANCE = 'add a lake over there'
const WATER = STYLE_FEATURES.indexOf('water')

/** Per splat page: revision, splat count, and a hash of every splat's bytes (in order). */
type PageHashes = Record<string, { revision: number; count: number; hashes: number[] }>

/**
 * Hashes each page's splats cumulatively (hashes[i] covers splats 0..i), so a later snapshot can
 * tell whether the splats an earlier one saw are still there, bit for bit, even if new ones were
 * appended after them.
 */
async function pageHashes(app: AppPage): Promise<PageHashes> {
  return app.page.evaluate(() => {
    const store = window.__worldwalk!.world!.session.store
    const out: Record<string, { revision: number; count: number; hashes: number[] }> = {}
    for (const id of store.pageIds()) {
      const p = store.page(id)!
      const b = p.batch
      const hashes: number[] = []
      let h = 0x811c9dc5
      const mix = (a: Float32Array, n: number, i: number): void => {
        const u = new Uint32Array(a.buffer, a.byteOffset + 4 * n * i, n)
        for (let k = 0; k < n; k++) h = Math.imul(h ^ u[k]!, 0x01000193) >>> 0
      }
      for (let i = 0; i < b.count; i++) {
        mix(b.centers, 3, i)
        mix(b.scales, 3, i)
        mix(b.quats, 4, i)
        mix(b.colors, 3, i)
        mix(b.opacities, 1, i)
        hashes.push(h)
      }
      out[id] = { revision: p.revision, count: b.count, hashes }
    }
    return out
  })
}

describe('voice expansion in VR under ?emulate', () => {
  let h: Harness
  let app: AppPage

  beforeAll(async () => {
    h = await startHarness()
    // The run's default world, opened from storage.
    app = await h.open({
      query: `${WORLD_TEST_QUERY}&emulate&speech=web`,
      viewport: { width: 960, height: 540 },
      seed: true,
    })
    await enterVrWithControllers(app)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('hears "add a lake over there" while the right controller points, and grows a lake there only', async () => {
    const spot = await pointRightControllerAhead(app)
    const { center: aim, viewer } = await plannedCenter(app, spot)
    const before = await pageHashes(app)
    const version0 = await app.page.evaluate(() => window.__worldwalk!.world!.doc.version)
    const logStart = await app.page.evaluate(
      () => window.__worldwalk!.world!.session.requestLog.at(-1)?.id ?? 0,
    )
    await app.waitForFrames(2)
    await app.screenshot('voice-expand-before')

    // The stand-in for Google's speech service (see voice-stand-in.ts): it "hears" the utterance.
    await app.page.evaluate(voiceStandInScript({ say: UTTERANCE }))
    await app.page.evaluate(() => window.__iwer!.controllers.right!.updateButtonValue('b-button', 1))
    // The interim transcript reaches the app store (which the in-VR panel reads) while B is held.
    await app.page.waitForFunction(
      () => {
        const v = window.__worldwalk!.app.getState().voice
        return v.state === 'listening' && v.interim.split(' ').length >= 2
      },
      null,
      { timeout: 20_000 },
    )
    const interim = await app.page.evaluate(() => window.__worldwalk!.app.getState().voice.interim)
    expect(UTTERANCE.startsWith(interim)).toBe(true)
    await app.page.waitForFunction((u) => window.__worldwalk!.app.getState().voice.interim === u, UTTERANCE, {
      timeout: 20_000,
    })
    await app.page.evaluate(() => window.__iwer!.controllers.right!.updateButtonValue('b-button', 0))
    await app.page.waitForFunction((v) => window.__worldwalk!.world!.doc.version === v + 1, version0, {
      timeout: 20_000,
    })

    const doc = await app.page.evaluate(() => {
      const d = window.__worldwalk!.world!.doc
      return {
        regions: d.regions.map((r) => ({
          id: r.id,
          center: r.center,
          radius: r.radius,
          style: Array.from(r.style),
        })),
        last: d.history.at(-1)!.edit.kind,
        message: window.__worldwalk!.app.getState().world.message,
      }
    })
    expect(doc.last).toBe('expand')
    expect(doc.message).toMatch(/^added a lake \d+ m /)
    const lake = doc.regions.at(-1)!
    const base = doc.regions[0]!
    const off = Math.hypot(lake.center[0] - aim[0], lake.center[1] - aim[1])
    console.log(
      `pointed at (${spot[0].toFixed(1)}, ${spot[2].toFixed(1)}), aim (${aim[0].toFixed(1)}, ${aim[1].toFixed(1)}); lake at (${lake.center[0].toFixed(1)}, ${lake.center[1].toFixed(1)}) r=${lake.radius}: ${off.toFixed(2)} m off`,
    )
    expect(off).toBeLessThan(3)
    const [vx, vz] = viewer
    expect(Math.hypot(lake.center[0] - vx, lake.center[1] - vz)).toBeGreaterThan(lake.radius)
    // Water-heavy: more water than the base world, and water is a leading feature of the region.
    expect(lake.style[WATER]!).toBeGreaterThanOrEqual(0.5)
    expect(lake.style[WATER]!).toBeGreaterThan(base.style[WATER]!)

    // Its frames first: every request for the new version so far targets the lake, coarse first.
    await app.page.waitForFunction(
      (from) => window.__worldwalk!.world!.session.requestLog.filter((r) => r.id > from).length >= 3,
      logStart,
      { timeout: 30_000 },
    )
    const log = await app.page.evaluate(
      (from) => window.__worldwalk!.world!.session.requestLog.filter((r) => r.id > from),
      logStart,
    )
    const first = log.slice(0, 3)
    for (const r of first) {
      expect(r.worldVersion).toBe(version0 + 1)
      expect(r.focused).toBe(true)
      // Independently of the session's flag: the camera looks toward the lake (or stands in it).
      const dx = lake.center[0] - r.position[0]
      const dz = lake.center[1] - r.position[2]
      const d = Math.hypot(dx, dz)
      if (d > lake.radius) {
        const fl = Math.hypot(r.forward[0], r.forward[2]) || 1
        const cos = (r.forward[0] * dx + r.forward[2] * dz) / (fl * d)
        const half = Math.asin(lake.radius / d) + Math.PI / 3
        expect(Math.acos(Math.max(-1, Math.min(1, cos)))).toBeLessThan(half)
      }
    }
    expect(first[0]!.level).toBe(0)

    await waitForIdleUndrawn(app)
    const after = await pageHashes(app)
    // Pages whose ground square misses the lake's disc kept every splat they had, bit for bit.
    const pageSize = await app.page.evaluate(() => window.__worldwalk!.world!.session.store.pageSize)
    const meets = (id: string): boolean => {
      const [cx, cz] = id.split(',').map(Number) as [number, number]
      const x = Math.min(Math.max(lake.center[0], cx * pageSize), (cx + 1) * pageSize)
      const z = Math.min(Math.max(lake.center[1], cz * pageSize), (cz + 1) * pageSize)
      return Math.hypot(x - lake.center[0], z - lake.center[1]) <= lake.radius
    }
    const outside = Object.keys(before).filter((id) => !meets(id))
    const inside = Object.keys(before).filter(meets)
    console.log(`pages: ${outside.length} outside the lake, ${inside.length} meeting it`)
    expect(outside.length).toBeGreaterThan(0)
    for (const id of outside) {
      const b = before[id]!
      const a = after[id]
      expect(a, `page ${id} vanished`).toBeDefined()
      expect(a!.count).toBeGreaterThanOrEqual(b.count)
      expect(a!.hashes[b.count - 1], `page ${id} changed`).toBe(b.hashes[b.count - 1])
    }
    // ...and inside, the old splats were replaced.
    expect(
      inside.some(
        (id) => after[id]?.hashes[before[id]!.count - 1] !== before[id]!.hashes[before[id]!.count - 1],
      ),
    ).toBe(true)
    await app.waitForFrames(3)
    expectVisible(await app.canvasStats())
    await app.screenshot('voice-expand-after')
  })
})
