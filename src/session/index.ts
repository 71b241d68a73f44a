export { WorldSession } from './world-session'
export type { WorldSessionOptions } from './session-options'
export type { RequestLogEntry, WorldStats } from './session-stats'
export type { FrameSink, SessionChange, WorldSpec } from './world-spec'
export {
  areaViewpoints,
  exploreArea,
  exploreStart,
  type AreaResult,
  type ExploreOptions,
  type ExploreResult,
} from './explore'
