import { createContext, useContext } from 'react'
import type { Ground } from './ground'
import { createTerrainGround } from './terrain-ground'

/** The placeholder terrain until a world provides its own ground through <XRScene ground={...}>. */
const placeholderGround = createTerrainGround()

export const GroundContext = createContext<Ground>(placeholderGround)

/** The ground locomotion, teleport and targeting use. */
export function useGround(): Ground {
  return useContext(GroundContext)
}
