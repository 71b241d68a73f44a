import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app'
import { createAppStore } from './app/app-store'
import { parseFlags, wantsPreservedDrawingBuffer } from './app/flags'
import { installTestHook } from './app/test-hook'
import { createWorldwalkXRStore } from './xr/xr-store'

async function main(): Promise<void> {
  const flags = parseFlags(window.location.search)
  if (flags.emulate) {
    // The emulator must replace navigator.xr before the XR store looks at it; loaded only when asked for.
    const { installEmulator } = await import('./xr/emulator')
    installEmulator()
  }
  const xr = createWorldwalkXRStore()
  const app = createAppStore()
  const testHook = flags.test ? installTestHook(app, xr) : undefined
  const root = document.getElementById('root')
  if (!root) throw new Error('index.html has no #root')
  createRoot(root).render(
    <StrictMode>
      <App app={app} xr={xr} preserveDrawingBuffer={wantsPreservedDrawingBuffer(flags)} testHook={testHook} />
    </StrictMode>,
  )
}

main().catch((e: unknown) => {
  console.error('Worldwalk failed to start', e)
  document.body.textContent = `Worldwalk failed to start: ${e instanceof Error ? e.message : String(e)}`
})
