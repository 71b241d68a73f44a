import { Color, Vector3 } from 'three'

/**
 * The placeholder world's light and colours in one place, so sky, fog and lights agree.
 * Colours are given in sRGB and converted to linear by three's Color.
 */
export const PALETTE = {
  zenith: new Color('#4f86c6'),
  horizon: new Color('#cfe0ea'),
  ground: new Color('#8a9a82'),
  sunColor: new Color('#fff1d6'),
  /** Late-morning sun from the front-right of the spawn view, so the first view is lit, not back-lit. */
  sunDirection: new Vector3(0.45, 0.55, -0.7).normalize(),
  grass: new Color('#6f9b4e'),
  grassDry: new Color('#a9a861'),
  sand: new Color('#d8c79a'),
  rock: new Color('#8c877f'),
  trunk: new Color('#6b4b32'),
  leaves: new Color('#3f7a3c'),
  water: new Color('#3d7fa6'),
} as const

/** Fog starts/ends (m): far enough to see the hills, near enough to hide the terrain's edge. */
export const FOG_NEAR = 45
export const FOG_FAR = 170
