import type { PlacementOptions } from './placement'

/** Sizes planEdit gives new regions, metres. Every default is a reason, not a measurement. */
export interface PlanOptions extends PlacementOptions {
  /**
   * Radius of an expansion. @default 60
   * Big enough to hold a lake or a hill with room to blend, small next to the 200 m a frame is
   * taken to see, so one expansion invalidates a neighbourhood, not the whole view.
   */
  expandRadius?: number
  /**
   * How far outside a new expansion's edge the viewer stands. @default 3
   * An expansion is never centred nearer than `expandRadius + shoreMargin`: "add a lake over there"
   * aimed a few metres ahead puts the viewer on the shore, not under the water.
   */
  shoreMargin?: number
  /** Radius of a new region an area restyle adds ("this area"). @default 40 */
  areaRadius?: number
  /** Radius of the disc a refine ("expand here" with no description) serves finer. @default 30 */
  refineRadius?: number
  /**
   * Radius of a new world's base region. @default 4000
   * Far beyond any walk, so the base style holds everywhere (matches app/world-prompt.ts).
   */
  baseRadius?: number
  /** Ground point a new world is centred on: where the viewer starts. @default [0, 0] */
  origin?: [number, number]
}

export const PLAN_DEFAULTS: Required<PlanOptions> = {
  hereDistance: 5,
  directionDistance: 50,
  expandRadius: 60,
  shoreMargin: 3,
  areaRadius: 40,
  refineRadius: 30,
  baseRadius: 4000,
  origin: [0, 0],
}
