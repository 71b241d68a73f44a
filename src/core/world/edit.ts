import type { StyleFeature } from '../style'

/**
 * A region as an edit carries it: plain JSON (style as numbers, not a Float32Array), so the edit
 * log saves, clones and replays without conversion. Style values are float32 values widened to
 * numbers, which JSON round-trips exactly, so a replayed region is bit-identical.
 */
export interface RegionData {
  /** Centre on the ground plane, world metres (x, z). */
  center: [number, number]
  /** Radius of influence, metres. */
  radius: number
  /** STYLE_DIM values in [0, 1], in STYLE_FEATURES order. */
  style: number[]
  /** Integer in [0, 2^16). */
  seed: number
}

/** Style features an edit sets, by name; features it does not name keep their value. */
export type StylePatch = Partial<Record<StyleFeature, number>>

/** A new world replaces the whole region table with one base region. */
export interface CreateEdit {
  kind: 'create'
  description: string
  region: RegionData
}

/** Adds one region (appended, so it paints over what is under it). Its id is `r<version>`. */
export interface ExpandEdit {
  kind: 'expand'
  description: string
  region: RegionData
}

/** Sets the named style features of every region. */
export interface RestyleWorldEdit {
  kind: 'restyle'
  scope: 'world'
  description: string
  set: StylePatch
}

/**
 * Sets the named style features of the expansion regions whose disc holds `center`; where there
 * is none, adds an overriding region of `radius` there (style and seed of what it covers, plus
 * the patch), so the terrain keeps its shape and only its look changes.
 */
export interface RestyleAreaEdit {
  kind: 'restyle'
  scope: 'area'
  description: string
  center: [number, number]
  radius: number
  set: StylePatch
}

export interface RemoveEdit {
  kind: 'remove'
  description: string
  regionId: string
}

/**
 * A splat asset (an imported file) placed in the world as it is: drawn beside the generated
 * splats, never sent to the frame model, so the generated world around it does not change.
 */
export interface PlacedAssetData {
  /** The stored file's id (WorldStore assets); the bytes are not in the log, only the reference. */
  assetId: string
  /** File name it came from, for labels. */
  name: string
  /** Splats in the asset, for labels and budgets. */
  splats: number
  /** Where the asset's anchor lands, world metres (three.js axes). */
  position: [number, number, number]
  /** The asset-local point put at `position` (the centre of its base), asset metres. */
  anchor: [number, number, number]
  /** Turn about +Y, radians. */
  yaw: number
  /** Uniform scale, > 0. */
  scale: number
  /** Ground radius the placed asset covers around `position`, world metres. */
  radius: number
}

/** Places an asset; undo removes it. Its id is `p<version>`. */
export interface PlaceEdit {
  kind: 'place'
  description: string
  asset: PlacedAssetData
}

export interface UndoEdit {
  kind: 'undo'
}

export interface RedoEdit {
  kind: 'redo'
}

/** Edits that change the region table directly (undo and redo replay these). */
export type ContentEdit = CreateEdit | ExpandEdit | RestyleWorldEdit | RestyleAreaEdit | RemoveEdit

/** Everything the world document's log holds. Each applied edit makes a new world version. */
export type WorldEdit = ContentEdit | PlaceEdit | UndoEdit | RedoEdit

export const EDIT_KINDS = ['create', 'expand', 'restyle', 'remove', 'place', 'undo', 'redo'] as const
export type EditKind = WorldEdit['kind']

/** A short label for the prompt-history panel ("expand: a lake", "undo"). */
export function describeEdit(edit: WorldEdit): string {
  switch (edit.kind) {
    case 'undo':
    case 'redo':
      return edit.kind
    case 'restyle':
      return `restyle ${edit.scope === 'world' ? 'world' : 'area'}: ${edit.description}`
    default:
      return edit.description ? `${edit.kind}: ${edit.description}` : edit.kind
  }
}
