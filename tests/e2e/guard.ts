/**
 * Runs before every e2e file (vitest `setupFiles`): after each test, every app page the file
 * opened through the harness must have stayed offline (only this origin's server) and logged no
 * error the test did not allow. One guard instead of a "stayed offline and error-free" test in
 * each file, and it names the test during which a problem appeared.
 */
import { afterEach } from 'vitest'
import { expectPagesCleanSinceLastCheck } from './harness'

afterEach(() => {
  expectPagesCleanSinceLastCheck()
})
