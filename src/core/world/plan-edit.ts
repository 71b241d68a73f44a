import type { ParsedCommand } from '../command'
import type { Pose, Vec3 } from '../pose'
import { encodePrompt } from '../prompt'
import { topmostRegionAt, type Region } from '../region'
import { crowdedSquare, MAX_WORLD_REGIONS } from '../region-reach'
import { CROWDED_MESSAGE } from './apply-edit'
import type { Footprint } from '../stream/footprint'
import type { WorldEdit } from './edit'
import { frontierPoint } from './frontier'
import { DIRECTION_YAW, resolvePlacement, viewerYaw, yawDirection } from './placement'
import { PLAN_DEFAULTS, type PlanOptions } from './plan-options'
import { namesPlace, stylePatchOf } from './style-patch'

/** What planEdit reads of the world (a WorldDocument fits). */
export interface WorldView {
  readonly regions: readonly Region[]
  readonly canUndo: boolean
  readonly canRedo: boolean
}

export interface PlanContext {
  /** The viewer's head pose. */
  pose: Pose
  /** Gaze or controller-ray hit on the world, if any. */
  target?: Vec3 | null
  world: WorldView
  options?: PlanOptions
}

/**
 * What a command asks of the app:
 * - `edit`: apply to the WorldDocument; `focus` is the ground point the scheduler should serve
 *   first (pass it as the viewer's target), null when the whole world changed;
 * - `refine`: no world change and no new version (the model would render the same world), only
 *   finer frames: the scheduler should serve `footprint` at its finest level first;
 * - `save`: the app saves (the document has nothing to do);
 * - `error`: nothing changes; show `error` and offer `suggestions`.
 */
export type EditPlan =
  | { kind: 'edit'; edit: WorldEdit; focus: [number, number] | null }
  | { kind: 'refine'; footprint: Footprint }
  | { kind: 'save'; save: true }
  | { kind: 'error'; error: string; suggestions: string[] }

const fail = (error: string, suggestions: string[] = []): EditPlan => ({ kind: 'error', error, suggestions })

/** Turns a parsed command into an edit of the world, placed with the viewer's pose and target. */
export function planEdit(command: ParsedCommand, ctx: PlanContext): EditPlan {
  const o = { ...PLAN_DEFAULTS, ...ctx.options }
  const { world } = ctx
  switch (command.intent) {
    case 'unknown':
      return fail("Sorry, I didn't understand that.", command.suggestions ?? [])
    case 'save':
      return { kind: 'save', save: true }
    case 'undo':
      return world.canUndo
        ? { kind: 'edit', edit: { kind: 'undo' }, focus: null }
        : fail('There is nothing to undo.')
    case 'redo':
      return world.canRedo
        ? { kind: 'edit', edit: { kind: 'redo' }, focus: null }
        : fail('There is nothing to redo.')
    case 'create': {
      const p = command.prompt ?? encodePrompt(command.description)
      const region = { center: o.origin, radius: o.baseRadius, style: Array.from(p.style), seed: p.seed }
      return { kind: 'edit', edit: { kind: 'create', description: command.description, region }, focus: null }
    }
    case 'expand':
      return planExpand(command, ctx, o)
    case 'restyle':
      return planRestyle(command, ctx, o)
    case 'remove':
      return planRemove(command, ctx, o)
  }
}

/**
 * "remove that": the topmost region added where the person points (or at the place they name, or
 * where they stand), taken out of the table; the world under it shows again. The base is the world
 * itself, and stays.
 */
function planRemove(command: ParsedCommand, ctx: PlanContext, o: Required<PlanOptions>): EditPlan {
  const { pose, target, world } = ctx
  if (world.regions.length === 0)
    return fail('There is no world yet: describe one first.', ['a forest at sunset'])
  const placement = command.placement !== 'none' ? command.placement : target ? 'there' : 'here'
  const at = resolvePlacement(placement, pose, target, o)
  if ('error' in at) return fail(at.error)
  const top = topmostRegionAt(world.regions, at.point[0], at.point[1])
  if (top === world.regions[0]) {
    return fail('Only what was added to this world can be taken out, and nothing was added there.', ['undo'])
  }
  const description = command.description || 'what was added there'
  return { kind: 'edit', edit: { kind: 'remove', description, regionId: top.id }, focus: top.center }
}

function planExpand(command: ParsedCommand, ctx: PlanContext, o: Required<PlanOptions>): EditPlan {
  const { pose, target, world } = ctx
  if (world.regions.length === 0)
    return fail('There is no world yet: describe one first.', ['a forest at sunset'])
  const p = command.prompt
  const what = command.description
  if (command.placement === 'there' && !target) {
    return fail(
      'Point at a place first, then say it again.',
      what ? [`add ${what} here`, `add ${what} ahead`] : [],
    )
  }
  // Nothing described: the area lacks detail rather than content, so refine it. With nowhere
  // named and nothing pointed at ("show me more"), that is the world ahead, not the viewer's feet.
  if (!p || !what) {
    const placement = command.placement === 'none' && !target ? 'ahead' : command.placement
    const at = resolvePlacement(placement, pose, target, o)
    if ('error' in at) return fail(at.error)
    return { kind: 'refine', footprint: { center: at.point, radius: o.refineRadius } }
  }
  if (world.regions.length >= MAX_WORLD_REGIONS) {
    return fail(`This world already has ${MAX_WORLD_REGIONS} regions, the most it can hold.`, [
      'undo',
      `make this area ${what}`,
    ])
  }
  let center: [number, number]
  const direction =
    command.placement in DIRECTION_YAW ? (command.placement as keyof typeof DIRECTION_YAW) : null
  if (direction || (command.placement === 'none' && !target)) {
    // A direction, or nowhere in particular: grow at the frontier that way.
    const yaw = viewerYaw(pose) + DIRECTION_YAW[direction ?? 'ahead']
    const from: [number, number] = [pose.position[0], pose.position[2]]
    center = frontierPoint(from, yaw, world.regions, o.expandRadius, expansionDistance(o))
  } else {
    const at = resolvePlacement(command.placement, pose, target, o)
    if ('error' in at) return fail(at.error)
    center = shoreCenter(at.point, pose, o)
  }
  // Something to put in the place (a village, birches, flowers, snow), not a place of its own (a
  // lake, mountains): the place keeps its terrain and look with that added, as "make this area
  // ..." does. As a region of its own, "add a village" on green hills was a default meadow with a
  // lake in its low ground.
  const set = stylePatchOf(p)
  if (!namesPlace(p) && Object.keys(set).length > 0) {
    const edit: WorldEdit = {
      kind: 'restyle',
      scope: 'area',
      description: what,
      center,
      radius: o.expandRadius,
      set,
    }
    return { kind: 'edit', edit, focus: center }
  }
  const region = { center, radius: o.expandRadius, style: Array.from(p.style), seed: p.seed }
  if (crowdedSquare(world.regions, region)) return fail(CROWDED_MESSAGE, ['undo', `make this area ${what}`])
  return { kind: 'edit', edit: { kind: 'expand', description: what, region }, focus: center }
}

/** The nearest an expansion's centre comes to the viewer, metres: its radius plus the shore. */
function shoreDistance(o: Required<PlanOptions>): number {
  return o.expandRadius + o.shoreMargin
}

/** How far out a direction expansion ("to the left") starts: the set distance, or the shore's if farther. */
export function expansionDistance(o: Required<PlanOptions>): number {
  return Math.max(o.directionDistance, shoreDistance(o))
}

/**
 * A placed expansion that would cover the viewer moves out along the aim (viewer to point; the
 * heading when the point is underfoot) until its edge is `shoreMargin` ahead of them, so a lake
 * aimed 4 m ahead floods the view, not the viewer. Points already that far stay where they are.
 */
export function shoreCenter(point: [number, number], pose: Pose, o: Required<PlanOptions>): [number, number] {
  const [vx, vz] = [pose.position[0], pose.position[2]]
  const min = shoreDistance(o)
  let dx = point[0] - vx
  let dz = point[1] - vz
  const d = Math.hypot(dx, dz)
  if (d >= min) return point
  if (d < 1e-6) [dx, dz] = yawDirection(viewerYaw(pose))
  else [dx, dz] = [dx / d, dz / d]
  return [vx + dx * min, vz + dz * min]
}

function planRestyle(command: ParsedCommand, ctx: PlanContext, o: Required<PlanOptions>): EditPlan {
  const { pose, target, world } = ctx
  if (world.regions.length === 0)
    return fail('There is no world yet: describe one first.', ['a forest at sunset'])
  const what = command.description
  const set = command.prompt ? stylePatchOf(command.prompt) : {}
  if (Object.keys(set).length === 0) return fail(`I don't know how to make it "${what}".`, ['make it night'])
  if (command.scope === 'world') {
    return { kind: 'edit', edit: { kind: 'restyle', scope: 'world', description: what, set }, focus: null }
  }
  const placement = command.placement === 'none' ? 'here' : command.placement
  const at = resolvePlacement(placement, pose, target, o)
  if ('error' in at) return fail(at.error, [`make this area ${what}`, `make it ${what}`])
  const edit: WorldEdit = {
    kind: 'restyle',
    scope: 'area',
    description: what,
    center: at.point,
    radius: o.areaRadius,
    set,
  }
  return { kind: 'edit', edit, focus: at.point }
}
