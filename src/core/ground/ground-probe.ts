import type { Frame, FrameRequest } from '../frame'
import { MATERIAL, UNKNOWN_MATERIAL } from '../material'
import { yawPitchQuat } from '../pose'

/**
 * The ground's height at a place nobody has seen, asked of the frame model itself: one tiny frame
 * looking straight down from high above, read through the contract's depth alone (any model
 * answers it). A viewer sent far away (a link, a saved start, the CLI's --on-ground) stands on it
 * instead of keeping the height of where they came from, which can be under a hill there: frames
 * from under the ground are a wall of one colour, and lifting them teaches the walkers nonsense.
 */

/**
 * Metres above the water line the probe looks down from, lowest first. A probe that finds itself
 * inside the land (a mountain higher than it) tries the next. Not one high probe: the reference
 * model's march is built for views from eye height, and from 1 km straight down it can fall short
 * of the ground (a desert's dunes at 17 m read as 0 m there, and right from 600 m).
 */
export const PROBE_ALTITUDES = [150, 400, 1000] as const
/** Pixels per side, the contract's smallest size. */
const PROBE_SIZE = 16
/** Degrees across: a 5-35 m patch below, so a crown under the centre leaves ground beside it. */
const PROBE_FOV_DEG = 2
/** A surface nearer than this (metres) means the probe is inside the land. */
const INSIDE = 2

/** The probe's frame request for the ground at (x, z), from `altitude` metres. */
function groundProbeRequest(
  id: number,
  x: number,
  z: number,
  world: Pick<FrameRequest, 'worldVersion' | 'regions'>,
  altitude: number,
): FrameRequest {
  return {
    id,
    pose: { position: [x, altitude, z], rotation: yawPitchQuat(0, -Math.PI / 2) },
    camera: { model: 'perspective', width: PROBE_SIZE, height: PROBE_SIZE, fovYDeg: PROBE_FOV_DEG },
    worldVersion: world.worldVersion,
    regions: world.regions,
  }
}

/**
 * The ground at (x, z): probes from each of PROBE_ALTITUDES in turn until one is above the land.
 * Null when none saw ground (a model that draws none there).
 */
export async function probeGround(
  render: (request: FrameRequest) => Promise<Frame>,
  id: number,
  x: number,
  z: number,
  world: Pick<FrameRequest, 'worldVersion' | 'regions'>,
): Promise<ProbedGround | null> {
  for (const altitude of PROBE_ALTITUDES) {
    const frame = await render(groundProbeRequest(id, x, z, world, altitude))
    const inside = frame.depth.some((d) => d > 0 && d < INSIDE)
    if (!inside) return groundOfProbe(frame)
  }
  return null
}

export interface ProbedGround {
  /** Metres: the ground (or the water's surface) nearest under the probe's centre. */
  height: number
  /** Its material class where the model says (core/material.ts), else UNKNOWN_MATERIAL. */
  material: number
}

/**
 * The ground a probe frame saw: the surface pixel nearest its centre that is not a tree crown or a
 * house (a walker stands under the trees, not on them; a model without materials gives the nearest
 * surface pixel). A straight-down camera's depth is the vertical distance, so the height is the
 * probe's altitude less it. Null when the probe saw no surface.
 */
export function groundOfProbe(frame: Frame): ProbedGround | null {
  const { width, height } = frame.camera
  let best = -1
  let bestDist = Infinity
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const m = frame.material?.[i]
      if (!(frame.depth[i]! > 0) || m === MATERIAL.tree || m === MATERIAL.building) continue
      const d = (x + 0.5 - width / 2) ** 2 + (y + 0.5 - height / 2) ** 2
      if (d < bestDist) {
        bestDist = d
        best = i
      }
    }
  }
  if (best < 0) return null
  return {
    height: frame.pose.position[1] - frame.depth[best]!,
    material: frame.material?.[best] ?? UNKNOWN_MATERIAL,
  }
}
