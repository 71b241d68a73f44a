import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app'
import { parseFlags, wantsPreservedDrawingBuffer } from './app/flags'
import { installTestHook } from './app/test-hook'
import { parseWorldFlags } from './app/world-flags'
import { startWorldRuntime } from './app/world-runtime'
import { WorldStore } from './storage/world-store'
import { createStores } from './ui/stores'
import { createWorldwalkXRStore } from './xr/xr-store'

async function main(): Promise<void> {
  const flags = parseFlags(window.location.search)
  if (flags.emulate) {
    // The emulator must replace navigator.xr before the XR store looks at it; loaded only when asked for.
    const { installEmulator } = await import('./xr/emulator')
    await installEmulator({ devUi: !flags.test })
  }
  const xr = createWorldwalkXRStore(flags.renderScale)
  // Every store, once: React reads them through one context, the runtime and test hook get them here.
  const stores = createStores()
  const app = stores.app
  const testHook = flags.test ? installTestHook(app, xr) : undefined
  const worldFlags = parseWorldFlags(window.location.search)
  // A ?pose= link opens at its viewpoint: the desktop controls pick it up when they mount.
  if (worldFlags.pose) app.getState().goTo(worldFlags.pose)
  // Started outside React so StrictMode's double effects never start two model workers.
  const world = startWorldRuntime(
    stores,
    worldFlags,
    () => WorldStore.open(undefined, { hooks: testHook?.storageHooks }),
    { onModelWorker: testHook?.onModelWorker },
  )
  world.then(
    (w) => {
      if (testHook) testHook.world = w
    },
    (e: unknown) =>
      app.getState().setWorld({ phase: 'error', message: `world failed to start: ${String(e)}` }),
  )
  const root = document.getElementById('root')
  if (!root) throw new Error('index.html has no #root')
  createRoot(root).render(
    <StrictMode>
      <App
        stores={stores}
        xr={xr}
        world={world}
        preserveDrawingBuffer={wantsPreservedDrawingBuffer(flags)}
        renderScale={flags.renderScale}
        testHook={testHook}
      />
    </StrictMode>,
  )
}

main().catch((e: unknown) => {
  console.error('Worldwalk failed to start', e)
  document.body.textContent = `Worldwalk failed to start: ${e instanceof Error ? e.message : String(e)}`
})
