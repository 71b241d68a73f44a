/**
 * Reads what the panels show from the app state without depending on fields other parts of the app
 * are still adding (the world session's status, prompt history, new/save/undo). Each reader accepts
 * the state as `unknown`, looks for the field by its expected name and falls back to '—' or to a
 * disabled action with a reason, so the panels compile and work before and after those land.
 *
 * Expected names: `world.{source, backend, modelMs, inFlight, splats, prompt}`, `promptHistory`
 * (strings or `{text}`), and actions `newWorld()`, `saveWorld()`, `undo()` on the app state.
 */

export const MISSING = '—'

export interface StatusFields {
  source: string
  backend: string
  modelRate: string
  queue: string
  splats: string
  /** Push-to-talk as a line: the interim transcript while listening, the error after a failure. */
  voice: string
}

type Bag = Record<string, unknown>

function bag(v: unknown): Bag | null {
  return typeof v === 'object' && v !== null ? (v as Bag) : null
}

function text(v: unknown): string {
  if (typeof v === 'string' && v.length > 0) return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return MISSING
}

function count(v: unknown): string {
  if (Array.isArray(v)) return String(v.length)
  if (typeof v !== 'number' || !Number.isFinite(v)) return MISSING
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e4 ? `${(v / 1e3).toFixed(1)} k` : String(v)
}

/** The status panel's values, '—' where the app does not report one (yet). */
export function readStatusFields(state: unknown): StatusFields {
  const s = bag(state) ?? {}
  const w = bag(s.world) ?? s
  const ms = w.modelMs
  return {
    source: text(w.source),
    backend: text(w.backend),
    // Frames per second reads better in a headset than milliseconds per frame.
    modelRate:
      typeof ms === 'number' && ms > 0
        ? `${(1000 / ms).toFixed(1)} frames/s (${Math.round(ms)} ms)`
        : MISSING,
    queue: count(w.inFlight ?? w.queue),
    splats: count(w.splats ?? w.splatCount),
    voice: voiceLine(bag(s.voice)),
  }
}

/** In the headset the transcript is the only feedback that speech was heard: show it as it comes. */
function voiceLine(v: Bag | null): string {
  if (!v) return MISSING
  if (v.state === 'listening')
    return typeof v.interim === 'string' && v.interim ? `“${v.interim}…”` : 'listening…'
  if (v.state === 'error')
    return typeof v.error === 'string' && v.error ? v.error : 'voice failed: type instead'
  return typeof v.interim === 'string' && v.interim ? `heard “${v.interim}”` : 'hold B to talk'
}

/** Prompts so far, newest first; empty when there are none or the app keeps no history yet. */
export function readPromptHistory(state: unknown): string[] {
  const s = bag(state) ?? {}
  const out: string[] = []
  if (Array.isArray(s.promptHistory)) {
    for (const p of s.promptHistory as unknown[]) {
      const t = typeof p === 'string' ? p : bag(p)?.text
      if (typeof t === 'string' && t) out.push(t)
    }
    return out.reverse()
  }
  // Until a history exists, the current prompt is the whole history.
  const current = bag(s.world)?.prompt
  if (typeof current === 'string' && current) out.push(current)
  return out
}

export type WorldActionId = 'new' | 'save' | 'undo'

export interface WorldAction {
  id: WorldActionId
  label: string
  /** Runs the action, or null when the app has not got it (yet). */
  run: (() => void) | null
  /** Why it cannot run (shown next to the disabled button). */
  reason: string | null
}

const ACTIONS: readonly { id: WorldActionId; label: string; field: string }[] = [
  { id: 'new', label: 'New world', field: 'newWorld' },
  { id: 'save', label: 'Save', field: 'saveWorld' },
  { id: 'undo', label: 'Undo', field: 'undo' },
]

/** The world menu's buttons, each runnable or disabled with a reason. */
export function readWorldActions(state: unknown): WorldAction[] {
  const s = bag(state) ?? {}
  return ACTIONS.map(({ id, label, field }) => {
    const fn = s[field]
    if (typeof fn === 'function') {
      const run = () => {
        // An async action's failure must surface, not vanish in a floating promise.
        Promise.resolve((fn as () => unknown).call(state)).catch((e: unknown) =>
          console.error(`world action "${id}" failed`, e),
        )
      }
      return { id, label, run, reason: null }
    }
    return { id, label, run: null, reason: 'arrives with world editing' }
  })
}
