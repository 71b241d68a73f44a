import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Ground } from '../core/ground/ground'
import { createTerrainGround } from '../core/ground/height-field-ground'

export interface GroundState {
  /** The ground locomotion, teleport, targeting and desktop walking use right now. */
  ground: Ground
  /** Swaps the ground (a running world sets its own); null restores the default. */
  setGround(ground: Ground | null): void
}

export type GroundStore = StoreApi<GroundState>

/**
 * Which Ground the walkers use: a store rather than a prop, so code outside the React tree (the
 * world runtime, a test) can provide one when it has it, and the frame loops read it without
 * re-rendering. `fallback` is the ground before a world runs and after it stops.
 * @default the placeholder hills with ponds (core/ground createTerrainGround)
 */
export function createGroundStore(fallback: Ground = createTerrainGround()): GroundStore {
  return createStore<GroundState>()((set) => ({
    ground: fallback,
    setGround: (ground) => set({ ground: ground ?? fallback }),
  }))
}
