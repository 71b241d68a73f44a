/**
 * Where a person starts in every world, desktop and headset alike: the point the frame model
 * composes its first view around (models/build/prepare-terrain.ts: a level pad there, trees
 * standing back, the river, lake or coast a few metres ahead along -Z). The spawn and the
 * composition must be the same point: standing 6 m off it put the viewer under a pine's crown.
 */
export const SPAWN_XZ: readonly [number, number] = [0, 0]
