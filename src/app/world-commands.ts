import { parseCommand } from '../core/command'
import { encodePrompt, type EncodedPrompt } from '../core/prompt'
import type { Pose, Vec3 } from '../core/pose'
import {
  planEdit,
  viewerYaw,
  WorldEditError,
  type EditPlan,
  type WorldChange,
  type WorldDocument,
} from '../core/world'
import type { Footprint } from '../core/stream/footprint'

/** What running one command did, for the prompt bar's message line. */
export type CommandOutcome =
  | { kind: 'create'; description: string; message: string }
  | { kind: 'change'; change: WorldChange; focus: Footprint | null; message: string }
  | { kind: 'refine'; focus: Footprint; message: string }
  | { kind: 'save'; message: string }
  | { kind: 'error'; message: string; suggestions: string[] }

export interface CommandContext {
  doc: WorldDocument
  /** The viewer's head pose now. */
  pose: Pose
  /** The pointer/gaze target (desktop click, controller ray), if any. */
  target: Vec3 | null
}

/**
 * Where a ground point lies from the viewer, in words: "40 m ahead", "12 m to your left".
 * People check the result against what they see, so the bearing is relative to their heading.
 */
export function whereFrom(pose: Pose, point: [number, number]): string {
  const dx = point[0] - pose.position[0]
  const dz = point[1] - pose.position[2]
  const dist = Math.hypot(dx, dz)
  if (dist < 3) return 'here'
  // Bearing of the point in the viewer's yaw convention (0 = -Z, positive turns left).
  let rel = Math.atan2(-dx, -dz) - viewerYaw(pose)
  rel = Math.atan2(Math.sin(rel), Math.cos(rel))
  const a = Math.abs(rel)
  const side =
    a < Math.PI / 4
      ? 'ahead'
      : a > (3 * Math.PI) / 4
        ? 'behind you'
        : rel > 0
          ? 'to your left'
          : 'to your right'
  return `${Math.round(dist)} m ${side}`
}

function sentence(plan: Extract<EditPlan, { kind: 'error' }>): string {
  const tips = plan.suggestions.slice(0, 3).map((s) => `“${s}”`)
  return tips.length ? `${plan.error} Try ${tips.join(', ')}.` : plan.error
}

/**
 * One command, typed or spoken: parsed by the grammar, planned with the viewer's pose and target,
 * and (for edits) applied to the document. A create is returned unapplied: a new world gets a new
 * document and id, which only the runtime can make. Nothing changes on an error.
 */
export function runCommand(text: string, ctx: CommandContext): CommandOutcome {
  const trimmed = text.trim()
  if (!trimmed) return { kind: 'error', message: 'Type or say what you want to see.', suggestions: [] }
  const command = parseCommand(trimmed)
  if (command.intent === 'unknown') {
    const suggestions = command.suggestions ?? []
    const tips = suggestions.slice(0, 3).map((s) => `“${s}”`)
    return {
      kind: 'error',
      message: `${command.reason ?? `Didn't understand “${trimmed}”.`}${tips.length ? ` Try ${tips.join(', ')}.` : ''}`,
      suggestions,
    }
  }
  const plan = planEdit(command, { pose: ctx.pose, target: ctx.target, world: ctx.doc })
  switch (plan.kind) {
    case 'error':
      return { kind: 'error', message: sentence(plan), suggestions: plan.suggestions }
    case 'save':
      return { kind: 'save', message: 'saved' }
    case 'refine':
      return {
        kind: 'refine',
        focus: plan.footprint,
        message: `adding detail ${whereFrom(ctx.pose, plan.footprint.center)}`,
      }
    case 'edit':
      break
  }
  const edit = plan.edit
  // The parser encoded the description already (an edit's description is the command's).
  const described = (text: string): string => notDrawn(command.prompt ?? encodePrompt(text))
  if (edit.kind === 'create')
    return {
      kind: 'create',
      description: edit.description,
      message: `new world: ${edit.description}${described(edit.description)}`,
    }
  let change: WorldChange
  try {
    change = ctx.doc.apply(edit)
  } catch (err) {
    if (err instanceof WorldEditError) return { kind: 'error', message: err.message, suggestions: [] }
    throw err
  }
  const radius =
    edit.kind === 'expand'
      ? edit.region.radius
      : edit.kind === 'restyle' && edit.scope === 'area'
        ? edit.radius
        : 0
  const focus = plan.focus ? { center: plan.focus, radius } : null
  const notes = edit.kind === 'expand' || edit.kind === 'restyle' ? described(edit.description) : ''
  return { kind: 'change', change, focus, message: outcomeText(change, ctx.pose) + notes }
}

/**
 * The words of an encoded description the frame model has nothing for (" · not in this model: village"),
 * or "": "added a mountain village 40 m ahead" over bare mountains let a person think the village
 * was still to come.
 */
export function notDrawn(prompt: EncodedPrompt): string {
  const unknown = prompt.unknownWords
  return unknown.length ? ` · not in this model: ${unknown.join(', ')}` : ''
}

/** "added a lake 40 m ahead", "made the world night", "undid expand: a lake". */
function outcomeText(change: WorldChange, pose: Pose): string {
  const e = change.entry.edit
  switch (e.kind) {
    case 'expand':
      return `added ${e.description} ${whereFrom(pose, e.region.center)}`
    case 'restyle':
      return e.scope === 'world'
        ? `made the world ${e.description}`
        : `made the area ${whereFrom(pose, e.center)} ${e.description}`
    case 'undo':
      return `undid ${change.entry.description.replace(/^undo: /, '')}`
    case 'redo':
      return `redid ${change.entry.description.replace(/^redo: /, '')}`
    case 'remove':
      return `took out ${e.description}`
    default:
      return change.entry.description
  }
}
