import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Ground } from './ground'
import { createTerrainGround } from './terrain-ground'

export interface GroundState {
  /** The ground locomotion, teleport and targeting use right now. */
  ground: Ground
  /** Swaps the ground (a generated world registers its own); null restores the default. */
  setGround(ground: Ground | null): void
}

/**
 * The default ground: the height field in render/terrain.ts (the placeholder hills, or whatever
 * ground a world registered there with setWalkableGround), with water below the water plane.
 */
const defaultGround = createTerrainGround()

/**
 * Which Ground the XR code uses: a store rather than a prop, so code outside the React tree (a
 * world session, a test) can provide one when it has it, and the frame loops read it without
 * re-rendering.
 */
export const groundStore: StoreApi<GroundState> = createStore<GroundState>()((set) => ({
  ground: defaultGround,
  setGround: (ground) => set({ ground: ground ?? defaultGround }),
}))

/** The current ground, re-rendering when it is swapped. */
export function useGround(): Ground {
  return useStore(groundStore, (s) => s.ground)
}
