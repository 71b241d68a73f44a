import { parseViewpoint, type Viewpoint } from '../core/world/viewpoint'

/** URL options of the generated world. Parsed once at start-up; pure so it is testable in Node. */
export interface WorldFlags {
  /** `?prompt=`: the world to make when none is stored (or to replace the stored one). */
  prompt: string | null
  /** `?edge=ws://host:port&token=T`: an edge server to prefer over the on-device worker. */
  edge: { url: string; token: string } | null
  /**
   * `?levels=32,64`: frame sizes per level, coarsest first. @default [64, 128, 256] (see
   * WorldSessionOptions.levels)
   * Tests use small frames: SwiftShader draws every splat on the CPU.
   */
  levels: number[] | null
  /**
   * `?detail=256`: size of detail frames where a standing viewer looks (0 turns them off). Null:
   * the app's choice (world-runtime.ts).
   */
  detail: number | null
  /** `?panorama=256`: width of the sky panorama (0 turns it off). */
  panoramaWidth: number | null
  /**
   * `?band=2`: the panorama's horizon band taken again this many times finer (0 turns it off).
   * Null: the app's choice (off where `?panorama=` pins the panorama).
   */
  panoramaBand: number | null
  /** `?budget=200000`: the most splats resident. */
  splatBudget: number | null
  /** `?fresh`: ignore what storage holds and start a new world. */
  fresh: boolean
  /** `?pose=x,z,yaw[,pitch]` (metres, degrees): where the viewer opens (core/world/viewpoint). */
  pose: Viewpoint | null
  /** Why `?pose=` was not understood, said to the person; null when it was, or was not given. */
  poseError: string | null
}

function positiveInts(text: string | null): number[] | null {
  if (!text) return null
  const values = text.split(',').map((v) => Number(v.trim()))
  return values.length > 0 && values.every((v) => Number.isInteger(v) && v > 0) ? values : null
}

export function parseWorldFlags(search: string): WorldFlags {
  const params = new URLSearchParams(search)
  const edgeUrl = params.get('edge')
  const prompt = params.get('prompt')?.trim()
  const panorama = params.get('panorama')
  const band = params.get('band')
  const detail = params.get('detail')
  const budget = positiveInts(params.get('budget'))
  const poseText = params.get('pose')
  let pose: Viewpoint | null = null
  let poseError: string | null = null
  if (poseText !== null) {
    try {
      pose = parseViewpoint(poseText)
    } catch (e) {
      poseError = `?pose= ignored: ${e instanceof Error ? e.message : String(e)}`
    }
  }
  return {
    prompt: prompt ? prompt : null,
    edge: edgeUrl && /^wss?:\/\//.test(edgeUrl) ? { url: edgeUrl, token: params.get('token') ?? '' } : null,
    levels: positiveInts(params.get('levels')),
    detail: detail !== null && /^\d+$/.test(detail) && Number(detail) <= 1024 ? Number(detail) : null,
    panoramaWidth: panorama !== null && /^\d+$/.test(panorama) ? Number(panorama) : null,
    panoramaBand: band !== null && /^\d$/.test(band) ? Number(band) : null,
    splatBudget: budget ? budget[0]! : null,
    fresh: params.has('fresh') && params.get('fresh') !== '0',
    pose,
    poseError,
  }
}
