import type { WorldData } from '../storage/world-store'
import type { AppStore } from '../ui/app-store'
import type { WorldSession, WorldSpec } from '../session'

/** What switching worlds needs from storage (WorldStore has it). */
export interface OpenStorage {
  load(id: string): Promise<WorldData | null>
  restore(world: WorldData, target: WorldSession): Promise<number>
  saveWorld(world: WorldData): Promise<unknown>
  setCurrent(id: string): Promise<void>
  flush(): Promise<void>
}

export interface OpenDeps {
  storage: OpenStorage
  session: WorldSession
  app: AppStore
  /**
   * Makes the loaded world the runtime's document and returns what the session renders, and
   * whether the stored frames belong to that version (a record migrated from before the edit log
   * may not: its frames are then generated again rather than shown at the wrong version).
   */
  adopt(stored: WorldData): { world: WorldSpec & WorldData; restorable: boolean }
}

/**
 * Switches the running session to a saved world without reloading the page: what was queued for
 * the old world is written first, the new world's document is loaded, its stored frames and sky
 * come back into memory and splats (no model call for anything already explored), and it becomes
 * the world opened on the next start. Streaming is held off during the restore, so the model is
 * never asked for views that storage is about to bring back.
 */
export async function openSavedWorld(id: string, d: OpenDeps): Promise<number> {
  await d.storage.flush()
  const stored = await d.storage.load(id)
  if (!stored) throw new Error('That world is no longer saved on this device.')
  const { world, restorable } = d.adopt(stored)
  d.session.streaming = false
  d.session.setWorld(world)
  d.app.getState().setWorld({ prompt: world.prompt, message: null, phase: 'restoring' })
  // Current before the restore: a reload in the middle comes back to the world the person chose.
  await d.storage.setCurrent(id)
  let restored = 0
  try {
    if (restorable) {
      restored = await d.storage.restore(stored, d.session)
      // Lifting runs in a worker. Until the restored ground is filed the walkers cannot stand on
      // it, and a session streaming meanwhile asked the model for a frame from the wrong eye
      // height (one open in four in the gallery e2e test: a tile of the cell below the eye).
      await d.session.filed()
    } else await d.storage.saveWorld(world)
  } finally {
    d.session.streaming = true
  }
  return restored
}
