import type { TileBand } from './direction-tiles'
import type { CellGridOptions } from './frame-key'
import type { Coverage } from './coverage-map'
import type { SourceProfile } from './latency-tracker'

export interface FrameSchedulerOptions extends CellGridOptions {
  /** Tile bands around each cell. @default DEFAULT_BANDS (22 tiles) */
  bands?: readonly TileBand[]
  /** Field of view of every tile, degrees. @default 90, so neighbouring tiles overlap. */
  tileFovDeg?: number
  /**
   * Frame sizes per level, coarsest first. @default [64, 128, 256]
   * A 64x64 frame costs a sixteenth of a 256x256 one, so the whole sphere arrives quickly at low
   * resolution and the model's time then goes into refining what the viewer looks at.
   */
  levels?: readonly number[]
  /**
   * Levels from this index on are asked only for tiles in view or at the target. @default
   * levels.length (every tile gets every level)
   * A sharp frame costs four of the level below: worth it where the viewer looks, not behind.
   */
  viewOnlyFrom?: number
  /**
   * Levels from this index on are asked only for the one tile nearest the view direction (or the
   * target's): foveated, the finest frames where the person looks, one at a time. @default
   * levels.length (none)
   */
  foveaFrom?: number
  /**
   * Size of detail frames (px; 0 turns them off). @default 0
   * Narrow frames (detail-tiles.ts) asked for around the view direction while the viewer stands
   * still, after the view's wide tiles are in at every level. Each costs about what a 256 px wide
   * frame does, so the app turns them on where the splat budget has room (desktops).
   */
  detailSize?: number
  /**
   * Detail tiles whose frusta come within this angle of the view direction are asked for,
   * degrees. @default 50
   * A 70-degree desktop lens at 16:9 sees 51 degrees either side and 55 to its corners: with
   * 30-degree tiles this reaches its left and right edges, and its lower corners but for a few
   * degrees (about 18 tiles for a level gaze).
   */
  detailConeDeg?: number
  /**
   * Who knows which frames exist. @default a CoverageMap owned by the scheduler, filled by
   * `frameArrived`. Pass spatial memory to make it the single source of truth; then memory is
   * filled by whoever stores frames and `frameArrived` only measures latency.
   */
  coverage?: Coverage
  /** Concurrency of the source. @default { kind: 'local' } (one in flight) */
  source?: SourceProfile
  /**
   * Tiles within this angle of the view direction are 'view', degrees. @default 50
   * Half the tile FOV plus a margin: the tiles that share pixels with what the viewer sees.
   */
  viewConeDeg?: number
  /** Tiles within this angle of the gaze/pointer target are 'target', degrees. @default 45 */
  targetConeDeg?: number
  /** Tiles within this angle of the walking direction are 'motion', degrees. @default 60 */
  motionConeDeg?: number
  /** Tiles within this angle of the view that are not otherwise ranked are 'periphery'. @default 110 */
  peripheryDeg?: number
  /**
   * How far ahead motion is predicted, seconds. @default 1
   * About one low-resolution frame on a CPU worker: the next cell is asked for while the viewer
   * still walks towards it.
   */
  motionHorizonS?: number
  /** Below this speed (m/s) the viewer is standing; no motion prediction. @default 0.3 */
  minSpeed?: number
  /**
   * Priority cost of one level of refinement against one reason rank. @default 5
   * With 5 (more than the four reason steps) every tile gets a coarse frame before any tile is
   * refined, so turning around never meets a hole. Lower it (e.g. 2) to refine the view before
   * the coarse frames behind the viewer.
   */
  levelWeight?: number
  /** Range of a frame for footprint invalidation, metres. @default 200 (see KeyGeometry) */
  maxRange?: number
  /** First request id issued. @default 1 */
  firstRequestId?: number
}
