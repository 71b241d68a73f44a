import type { Region } from '../region'
import type { StyleVector } from '../style'
import { BASE_REGION_ID } from './apply-edit'
import { PLAN_DEFAULTS, type PlanOptions } from './plan-options'

/**
 * The one region a new world starts with, as the app, the CLI and headless generation make it:
 * the prompt's style everywhere around the origin, so a prompt gives the same world in each.
 */
export function baseRegion(
  prompt: { style: StyleVector; seed: number },
  options: Pick<PlanOptions, 'baseRadius' | 'origin'> = {},
): Region {
  const origin = options.origin ?? PLAN_DEFAULTS.origin
  return {
    id: BASE_REGION_ID,
    center: [origin[0], origin[1]],
    radius: options.baseRadius ?? PLAN_DEFAULTS.baseRadius,
    style: prompt.style,
    seed: prompt.seed,
  }
}
