/**
 * Where a person starts in every world, desktop and headset alike: the point the frame model
 * composes its first view around (models/build/prepare-terrain.ts: a level pad there, trees
 * standing back, the river, lake or coast a few metres ahead along -Z). The spawn and the
 * composition must be the same point: standing 6 m off it put the viewer under a pine's crown.
 */
export const SPAWN_XZ: readonly [number, number] = [0, 0]

/** Ground height at the spawn in the reference model's worlds (a level pad 1 m above the water). */
export const SPAWN_GROUND_Y = 1

/** A standing person's eye over the ground, metres: the desktop camera walks at this height. */
export const EYE_HEIGHT = 1.6

/**
 * The eye at the spawn: the first view the app shows, which `render` without --pose draws and a
 * world file starts at by default. It was 1.7 m over the water there, 0.7 m over the ground: a
 * child's view that the app never showed.
 */
export const SPAWN_EYE: readonly [number, number, number] = [
  SPAWN_XZ[0],
  SPAWN_GROUND_Y + EYE_HEIGHT,
  SPAWN_XZ[1],
]
