import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // Hooks start model threads and servers: vitest's 10 s ran out under load 11 (edge-limits).
          hookTimeout: 60_000,
          // Two files at a time even on two cores (vitest's default is cores - 1): much of this tier
          // waits on loopback sockets and child processes. 151 -> 85 s, three runs alike.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // One vite server and one Chromium for the run; each file connects with its own contexts.
          globalSetup: ['tests/e2e/global-setup.ts'],
          // After each test: no page logged an unexpected error or left localhost.
          setupFiles: ['tests/e2e/guard.ts'],
          // One browser at a time: the machine has two cores and SwiftShader renders on the CPU.
          fileParallelism: false,
        },
      },
    ],
  },
})
