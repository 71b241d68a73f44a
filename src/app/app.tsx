import { Canvas } from '@react-three/fiber'
import { useCallback, useEffect, useState } from 'react'
import type { Group } from 'three'
import { GeneratedWorld } from '../render/generated-world'
import { isVRSupported } from '../xr/vr-support'
import { XRScene } from '../xr/xr-scene'
import { SPAWN_XZ } from '../core/world/spawn'
import type { WorldwalkXRStore } from '../xr/xr-store'
import { StoresContext, useAppState } from '../ui/react/stores-context'
import type { AppStore, WorldTarget } from '../ui/app-store'
import type { Stores } from '../ui/stores'
import { DesktopControls } from './desktop-controls'
import { TeleportAimBridge } from './teleport-aim-bridge'
import { EYE_HEIGHT } from './desktop-move'
import { EnterVRButton } from './overlay/enter-vr-button'
import { FileDrop } from './overlay/file-drop'
import { HelpHint } from './overlay/help-hint'
import { PromptBar } from './overlay/prompt-bar'
import { MenuOverlay } from './panels/menu-overlay'
import { StatusLine } from './overlay/status-line'
import type { WorldwalkTestHook } from './test-hook'
import { TestHookBridge } from './test-hook-bridge'
import { usePushToTalkKey } from './voice/push-to-talk-key'
import { useVoice } from './voice/use-voice'
import { XRPushToTalk } from './voice/xr-push-to-talk'
import { WorldGalleryBridge } from './gallery/world-gallery-bridge'
import type { WorldRuntime } from './world-runtime'
import './app.css'

export interface AppProps {
  /** Every store, created once in main.tsx; handed down through one context. */
  stores: Stores
  xr: WorldwalkXRStore
  /** The generated world's sources and session, starting up. */
  world: Promise<WorldRuntime>
  /** Keep the drawing buffer so pixels can be read back (tests, emulation). */
  preserveDrawingBuffer: boolean
  /** `?scale=`: pixels per CSS pixel on the desktop (null: 1 in tests, else the display's density). */
  renderScale: number | null
  /** Present under `?test`. */
  testHook?: WorldwalkTestHook
}

/** Keeps the app store's view mode and VR support in step with the XR store. */
function useXRModeSync(app: AppStore, xr: WorldwalkXRStore) {
  useEffect(() => {
    let live = true
    void isVRSupported().then((ok) => {
      if (live) app.getState().setVRSupport(ok ? 'supported' : 'unsupported')
    })
    const unsubscribe = xr.subscribe((s, prev) => {
      if (s.session !== prev.session) app.getState().setMode(s.session ? 'vr' : 'desktop')
    })
    return () => {
      live = false
      unsubscribe()
    }
  }, [app, xr])
}

/** The world runtime once it has started (null before, and if it failed). */
function useWorldRuntime(world: Promise<WorldRuntime>): WorldRuntime | null {
  const [runtime, setRuntime] = useState<WorldRuntime | null>(null)
  useEffect(() => {
    let live = true
    world.then(
      (w) => live && setRuntime(w),
      () => {},
    )
    return () => {
      live = false
    }
  }, [world])
  return runtime
}

function Scene({
  app,
  xr,
  world,
  testHook,
}: Omit<AppProps, 'preserveDrawingBuffer' | 'renderScale' | 'stores'> & { app: AppStore }) {
  const runtime = useWorldRuntime(world)
  const target = useAppState((s) => s.target)
  const inVR = useAppState((s) => s.mode === 'vr')
  const onPick = useCallback(
    (point: [number, number, number], source: WorldTarget['source']) => {
      // In VR, xr/targeting.tsx picks through the Ground seam; the world's own ray hits would race it.
      if (source !== 'mouse' && app.getState().mode === 'vr') return
      app.getState().pickTarget({ point, source, at: performance.now() })
    },
    [app],
  )
  const onOrigin = useCallback(
    (origin: Group | null) => {
      if (testHook) testHook.origin = origin
    },
    [testHook],
  )
  return (
    <XRScene store={xr} onOrigin={onOrigin}>
      {runtime && (
        <GeneratedWorld
          session={runtime.session}
          target={target}
          inVR={inVR}
          onPick={onPick}
          placed={runtime.files.placed}
        />
      )}
      {runtime && <TeleportAimBridge session={runtime.session} />}
      <DesktopControls enabled={!inVR} start={SPAWN_XZ} />
      <XRPushToTalk />
      {runtime && <WorldGalleryBridge runtime={runtime} />}
      {testHook && <TestHookBridge hook={testHook} />}
    </XRScene>
  )
}

/** The shell: the 3D view, the desktop overlay (help, status, prompt bar, Enter VR). */
export function App({ stores, xr, world, preserveDrawingBuffer, renderScale, testHook }: AppProps) {
  const app = stores.app
  useXRModeSync(app, xr)
  useVoice(app, stores.settings)
  usePushToTalkKey(app)
  return (
    <StoresContext.Provider value={stores}>
      <div className="ww-app">
        <Canvas
          className="ww-canvas"
          // No MSAA: it does nothing for Gaussian splats and costs fill rate (Spark's advice, STACK-NOTES).
          gl={{ preserveDrawingBuffer, antialias: false }}
          // A test build renders at 1x so software WebGL stays quick; people get their display's density
          // unless ?scale= asks for another.
          dpr={renderScale ?? (testHook ? 1 : [1, 2])}
          camera={{ fov: 70, near: 0.05, far: 1500, position: [SPAWN_XZ[0], EYE_HEIGHT, SPAWN_XZ[1]] }}
        >
          <Scene app={app} xr={xr} world={world} testHook={testHook} />
        </Canvas>
        <div className="ww-overlay">
          <HelpHint />
          <PromptBar />
          <StatusLine />
          <EnterVRButton xr={xr} />
          <MenuOverlay />
          <FileDrop />
        </div>
      </div>
    </StoresContext.Provider>
  )
}
