import type { Page } from 'playwright-core'

/** What a bench page reports on `window` when it is finished (or failed). */
interface BenchPageResult {
  done: boolean
  error: string | null
}

/**
 * Opens one of the bench pages here (`file?query`) and waits until the result it keeps on
 * `window[result]` says done (or throws the error it reports): the pacing bench and the e2e test
 * of row uploads drive them.
 */
export async function runBenchPage(
  page: Page,
  baseUrl: string,
  fileAndQuery: string,
  result: '__restore' | '__place',
): Promise<void> {
  await page.goto(new URL(`tests/bench/pages/${fileAndQuery}`, baseUrl).href, {
    waitUntil: 'load',
    timeout: 180_000,
  })
  await page.waitForFunction(
    (key) => {
      const r = (window as unknown as Record<string, BenchPageResult | undefined>)[key]
      if (r?.error) throw new Error(r.error)
      return r?.done === true
    },
    result,
    { timeout: 300_000, polling: 200 },
  )
}

/** Restores a world on the restore page (restore-lift.tsx) with `query`. */
export function runRestorePage(page: Page, baseUrl: string, query: string): Promise<void> {
  return runBenchPage(page, baseUrl, `restore-lift.html?${query}`, '__restore')
}
