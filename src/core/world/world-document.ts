import type { Region } from '../region'
import type { Footprint } from '../stream/footprint'
import { applyContentEdit } from './apply-edit'
import { describeEdit, type WorldEdit } from './edit'
import { editProblem } from './edit-validation'
import { WorldEditError } from './errors'
import { changedFootprints } from './region-table'

/** One line of the log: what the prompt-history panel lists, and what a save stores. */
export interface HistoryEntry {
  /** The version this edit made (1 for the first edit). */
  version: number
  edit: WorldEdit
  /** Label for the panel ("expand: a lake", "undo: expand: a lake"). */
  description: string
  /** When it was applied, ms since the epoch (the document's clock). */
  time: number
}

/** What one applied edit did: the app invalidates `footprints` at `version` and nothing else. */
export interface WorldChange {
  version: number
  entry: HistoryEntry
  regions: readonly Region[]
  /** Ground discs where the world now renders differently (see changedFootprints). Empty: no-op. */
  footprints: Footprint[]
}

/** A content edit as undo and redo see it: the tables either side of it. */
interface Step {
  label: string
  before: readonly Region[]
  after: readonly Region[]
}

export interface WorldDocumentOptions {
  /** Clock for history times. @default Date.now. Replays pass each entry's stored time instead. */
  now?: () => number
}

/**
 * The world as an event-sourced, versioned document: the log of edits is the truth, the region
 * table is derived by applying them in order, so a saved log replays to the same document.
 * Version 0 is the empty document; every applied edit (undo and redo included) makes the next
 * version, because each one changes what the model must render. Region tables are immutable
 * snapshots: undo hands back the very table it replaced, so styles are bit-identical.
 */
export class WorldDocument {
  private table: readonly Region[] = []
  private readonly log: HistoryEntry[] = []
  private readonly done: Step[] = []
  private readonly undone: Step[] = []
  private readonly now: () => number

  constructor(options: WorldDocumentOptions = {}) {
    this.now = options.now ?? Date.now
  }

  /** Regions in paint order (base first), at most MAX_REGIONS. Treat as read-only. */
  get regions(): readonly Region[] {
    return this.table
  }

  get version(): number {
    return this.log.length
  }

  get history(): readonly HistoryEntry[] {
    return this.log
  }

  /** The first create is the document's root: undoing it would leave no world to render. */
  get canUndo(): boolean {
    return this.done.length > 0
  }

  get canRedo(): boolean {
    return this.undone.length > 0
  }

  /**
   * Applies an edit and returns what changed. `time` overrides the clock (used by replay).
   * @throws WorldEditError when the edit is malformed or cannot apply; the document is unchanged.
   */
  apply(edit: WorldEdit, time: number = this.now()): WorldChange {
    const problem = editProblem(edit)
    if (problem)
      throw new WorldEditError(
        'invalid-edit',
        `Invalid edit at ${problem.path || 'edit'}: ${problem.message}`,
      )
    const version = this.version + 1
    const before = this.table
    let label: string
    if (edit.kind === 'undo' || edit.kind === 'redo') {
      const from = edit.kind === 'undo' ? this.done : this.undone
      const step = from.pop()
      if (!step) {
        const code = edit.kind === 'undo' ? 'nothing-to-undo' : 'nothing-to-redo'
        throw new WorldEditError(code, `There is nothing to ${edit.kind}.`)
      }
      ;(edit.kind === 'undo' ? this.undone : this.done).push(step)
      this.table = edit.kind === 'undo' ? step.before : step.after
      label = `${edit.kind}: ${step.label}`
    } else {
      const after = applyContentEdit(before, edit, version)
      label = describeEdit(edit)
      // A create on an empty document is the root, not a step back to nothing.
      if (before.length > 0) this.done.push({ label, before, after })
      this.undone.length = 0
      this.table = after
    }
    const entry: HistoryEntry = { version, edit: structuredClone(edit), description: label, time }
    this.log.push(entry)
    return { version, entry, regions: this.table, footprints: changedFootprints(before, this.table) }
  }

  /**
   * A document rebuilt from a log: each edit applied in order with its stored time.
   * @throws WorldEditError naming the first entry that does not apply.
   */
  static replay(
    entries: readonly Pick<HistoryEntry, 'edit' | 'time'>[],
    options: WorldDocumentOptions = {},
  ): WorldDocument {
    const doc = new WorldDocument(options)
    entries.forEach((e, i) => {
      try {
        doc.apply(e.edit, e.time)
      } catch (err) {
        if (!(err instanceof WorldEditError)) throw err
        throw new WorldEditError(err.code, `Edit ${i + 1} (${e.edit.kind}) does not apply: ${err.message}`)
      }
    })
    return doc
  }
}
