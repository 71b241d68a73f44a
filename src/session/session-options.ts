import type { FrameSource } from '../core/frame-source'
import type { Coverage, FrameSchedulerOptions } from '../core/stream'
import type { Lifter, LifterConfig } from './lifter'
import type { FrameSink } from './world-spec'

export interface WorldSessionOptions {
  /** Where frames come from: the app's SourceSelector (edge, else worker), a local model in the CLI. */
  source: Pick<FrameSource, 'render'>
  /**
   * Frame sizes per level, coarsest first (the scheduler's levels). @default [64, 128, 256]
   * The whole sphere at 64 and 128 px, then 256 px where the viewer looks (viewOnlyFrom): a finer
   * frame of a view replaces the coarser one's splats, so what is looked at ends sharp.
   */
  levels?: readonly number[]
  /**
   * Levels from this index on are asked only for the tiles in view or at the target. @default 2
   * A sharp level costs four of the one below it: worth it where the viewer looks, not all round.
   */
  viewOnlyFrom?: number
  /**
   * Levels from this index on are asked only for the one tile nearest where the viewer looks.
   * @default 3: with `?levels=64,128,256,512` the 512 px frame is foveal
   */
  foveaFrom?: number
  /**
   * Size of detail frames, px (0: none). @default 0
   * Narrow 30-degree frames around where a standing viewer looks, after the view's wide tiles at
   * every level (core/stream/detail-tiles.ts); their splats replace the wide frames' splats they
   * saw. The app asks for 256 px ones where the splat budget has room.
   */
  detailSize?: number
  /** Requests kept in flight (1 for the worker, more when an edge pipelines). @default 1 */
  maxInFlight?: number
  /**
   * Most splats resident; pages farthest from the viewer go first beyond it. @default 1.5M
   * The app passes 500K on standalone headsets (Spark's Quest default) and more on desktops.
   */
  splatBudget?: number
  /**
   * Metres around the viewer whose splats stay resident whatever the budget; farther places are
   * forgotten (lifted again from their frames on return), and frames farther than this plus a
   * frame's reach leave memory for storage when the sink can read them back. @default 600
   * Farther out the sky panorama, retaken as the viewer moves, draws the land: a place 600 m
   * away is a few pixels of splats lifted from 64 px frames.
   */
  keepRadius?: number
  /**
   * Width of the sky panorama (height is half). 0 turns it off. It draws everything past
   * maxLiftDepth, the far land included: 1024 is 2.8 px per degree, as a 256 px frame over 90
   * degrees (512 was 1.4, and a desktop view stretched each of its pixels over ~6 of the view's).
   * ~2 s of model time per world version on wasm with the preview, after the view is covered.
   * @default 1024
   */
  panoramaWidth?: number
  /**
   * The panorama is rendered this many times larger per side and taken down to panoramaWidth
   * (core/frame-downsample). Costs factor^2 model time. The skyline's stairs, which the
   * panorama's stretch over the view magnifies, are anti-aliased where it is drawn
   * (core/skyline-antialias) at no model time: 1 with the 1024 px panorama costs what 512 x 2
   * did. @default 1
   */
  panoramaSupersample?: number
  /**
   * Width of a quick first panorama (not supersampled) shown until the sharp one is taken, once
   * the view is covered. 0: the sharp one first. @default 256
   */
  panoramaPreviewWidth?: number
  /**
   * Once the sharp panorama is held and the view covered, the band round its horizon (30 degrees
   * over it to 10 under) is taken again this many times finer, as a ring of 8 perspective tiles,
   * and composed into a panorama this many times wider (core/horizon-band): far ridges and crowns
   * at 5.7 px per degree instead of 2.8, for about the model time of the panorama itself. 0: not.
   * @default 2
   */
  panoramaBand?: number
  /**
   * Pixels farther than this (metres of depth) are not lifted. @default 150
   * A far pixel of a 64x64 frame becomes a splat tens of metres wide, whose edges read as steps on
   * the skyline; the sky panorama draws the far field smoothly instead.
   */
  maxLiftDepth?: number
  /** The frame model is deterministic, so memory may drop frames it can ask for again. @default true */
  regenerable?: boolean
  sink?: FrameSink
  /**
   * Builds the lifter from the session's config (maxLiftDepth, page size): the app runs it in a
   * worker (src/workers/lift-client.ts); Node tests and the CLI default to an InProcessLifter.
   */
  lifter?: (config: LifterConfig) => Lifter
  /** Splat pages filed from lift results per tick (the main thread's share per display frame). @default 8 */
  pagesPerTick?: number
  /**
   * Main-thread ms a tick (or a restore's task) may spend filing pages; at least one is filed. Eight
   * pages took up to 10 ms in one tick while a world was restored, over the 8 ms a headset frame
   * can spare. @default 4
   */
  fileBudgetMs?: number
  /** ms clock; tests and the CLI drive it. @default performance.now */
  now?: () => number
}

/** The app's frame sizes per level when none are given. */
export const DEFAULT_LEVELS: readonly number[] = [64, 128, 256]

export type ResolvedSessionOptions = Required<Omit<WorldSessionOptions, 'sink' | 'source' | 'lifter'>>

export function resolveSessionOptions(options: WorldSessionOptions): ResolvedSessionOptions {
  return {
    levels: options.levels ?? DEFAULT_LEVELS,
    viewOnlyFrom: options.viewOnlyFrom ?? 2,
    foveaFrom: options.foveaFrom ?? 3,
    detailSize: options.detailSize ?? 0,
    maxInFlight: options.maxInFlight ?? 1,
    splatBudget: options.splatBudget ?? 1_500_000,
    keepRadius: options.keepRadius ?? 600,
    panoramaWidth: options.panoramaWidth ?? 1024,
    panoramaSupersample: options.panoramaSupersample ?? 1,
    panoramaPreviewWidth: options.panoramaPreviewWidth ?? 256,
    panoramaBand: options.panoramaBand ?? 2,
    maxLiftDepth: options.maxLiftDepth ?? 150,
    regenerable: options.regenerable ?? true,
    pagesPerTick: options.pagesPerTick ?? 8,
    fileBudgetMs: options.fileBudgetMs ?? 4,
    now: options.now ?? (() => performance.now()),
  }
}

/** The scheduler's options for a session whose spatial memory is `coverage`. */
export function schedulerOptionsOf(o: ResolvedSessionOptions, coverage: Coverage): FrameSchedulerOptions {
  const { levels, viewOnlyFrom, foveaFrom, detailSize, maxInFlight } = o
  const source = { maxInFlight, kind: maxInFlight > 1 ? ('edge' as const) : ('local' as const) }
  return { coverage, levels, viewOnlyFrom, foveaFrom, detailSize, source }
}
