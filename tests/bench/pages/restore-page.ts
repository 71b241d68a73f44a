import type { Page } from 'playwright-core'

/**
 * Opens the restore page (restore-lift.tsx) with `query` and waits until every page is filed
 * (or the page reports an error): the pacing bench and the e2e test of row uploads drive it.
 */
export async function runRestorePage(page: Page, baseUrl: string, query: string): Promise<void> {
  await page.goto(new URL(`tests/bench/pages/restore-lift.html?${query}`, baseUrl).href, {
    waitUntil: 'load',
    timeout: 180_000,
  })
  await page.waitForFunction(
    () => {
      const r = window.__restore
      if (r?.error) throw new Error(r.error)
      return r?.done === true
    },
    undefined,
    { timeout: 300_000, polling: 200 },
  )
}
