import { useThree } from '@react-three/fiber'
import { useEffect } from 'react'
import { useStores } from '../../ui/react/stores-context'
import type { WorldRuntime } from '../world-runtime'
import { startWorldGallery } from './gallery-controller'
import type { GalleryStore } from '../../ui/gallery/gallery-store'
import { captureThumbnail } from './thumbnail-capture'

declare global {
  interface Window {
    /** The gallery's store, under `?test` only (the e2e tests read it). */
    __worldwalkGallery?: GalleryStore
  }
}

/**
 * Inside the canvas (thumbnails need the renderer): starts the saved-worlds gallery for the running
 * world and re-reads the list whenever the Worlds page is opened.
 */
export function WorldGalleryBridge({ runtime }: { runtime: WorldRuntime }) {
  const { app, menu: menuStore, gallery: galleryStore } = useStores()
  const gl = useThree((s) => s.gl)
  const scene = useThree((s) => s.scene)
  const get = useThree((s) => s.get)
  useEffect(() => {
    const session = runtime.session
    const gallery = startWorldGallery({
      app,
      store: galleryStore,
      storage: runtime.storage,
      world: {
        current: () => ({
          id: session.world.id,
          version: session.world.version,
          frames: session.stats.frames,
          restoredFrames: session.stats.restoredFrames,
        }),
        idle: () => session.isIdle,
        open: (id) => runtime.openSaved(id),
      },
      capture: () => captureThumbnail(gl, scene, get().camera),
      visible: () => menuStore.getState().open && menuStore.getState().tab === 'worlds',
      closeMenu: () => menuStore.getState().setOpen(false),
    })
    const unsubscribe = menuStore.subscribe((s, prev) => {
      const shown = s.open && s.tab === 'worlds'
      if (shown && !(prev.open && prev.tab === 'worlds')) void gallery.refresh().catch(() => undefined)
    })
    if (window.__worldwalk) window.__worldwalkGallery = galleryStore
    return () => {
      unsubscribe()
      gallery.dispose()
    }
  }, [app, menuStore, galleryStore, runtime, gl, scene, get])
  return null
}
