import type { PlacedAssetData, PlaceEdit } from './edit'
import { WorldEditError } from './errors'

/** A placed asset as the document holds it: the edit's data plus a replay-stable id `p<version>`. */
export interface PlacedAsset extends PlacedAssetData {
  id: string
}

/**
 * Most assets one world holds. Each is its own set of splat meshes beside the generated pages, so
 * the cap keeps a world within a headset's draw-call and splat budget however often one imports.
 */
export const MAX_PLACED_ASSETS = 32

/** The asset list after a place edit: a new array (the old one is an undo snapshot). */
export function placeAsset(list: readonly PlacedAsset[], edit: PlaceEdit, version: number): PlacedAsset[] {
  if (list.length >= MAX_PLACED_ASSETS) {
    throw new WorldEditError(
      'too-many-assets',
      `This world already holds ${MAX_PLACED_ASSETS} placed files, the most it can: undo one first.`,
    )
  }
  const a = edit.asset
  return [
    ...list,
    {
      id: `p${version}`,
      assetId: a.assetId,
      name: a.name,
      splats: a.splats,
      position: [a.position[0], a.position[1], a.position[2]],
      anchor: [a.anchor[0], a.anchor[1], a.anchor[2]],
      yaw: a.yaw,
      scale: a.scale,
      radius: a.radius,
    },
  ]
}
