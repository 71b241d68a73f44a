import type { Region } from '../region'
import type { Footprint } from '../stream/footprint'
import { applyContentEdit } from './apply-edit'
import { describeEdit, type WorldEdit } from './edit'
import { editProblem } from './edit-validation'
import { WorldEditError } from './errors'
import { placeAsset, type PlacedAsset } from './placed-asset'
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
  /** Placed assets after the edit (the same array when the edit did not touch them). */
  placed: readonly PlacedAsset[]
  /**
   * Ground discs where the frame model now renders differently (see changedFootprints). Empty when
   * only placed assets changed: they are drawn as they are, so no frame is made again.
   */
  footprints: Footprint[]
}

/** What the log derives: the region table (for the model) and the placed assets (drawn as they are). */
interface DocumentState {
  regions: readonly Region[]
  placed: readonly PlacedAsset[]
}

/** A content or place edit as undo and redo see it: the states either side of it. */
interface Step {
  label: string
  before: DocumentState
  after: DocumentState
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
  private state: DocumentState = { regions: [], placed: [] }
  private readonly log: HistoryEntry[] = []
  private readonly done: Step[] = []
  private readonly undone: Step[] = []
  private readonly now: () => number

  constructor(options: WorldDocumentOptions = {}) {
    this.now = options.now ?? Date.now
  }

  /** Regions in paint order (base first), at most MAX_WORLD_REGIONS. Treat as read-only. */
  get regions(): readonly Region[] {
    return this.state.regions
  }

  /** Imported files placed in the world, in the order placed. A new array after every change to it. */
  get placed(): readonly PlacedAsset[] {
    return this.state.placed
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
    const before = this.state
    let label: string
    if (edit.kind === 'undo' || edit.kind === 'redo') {
      const from = edit.kind === 'undo' ? this.done : this.undone
      const step = from.pop()
      if (!step) {
        const code = edit.kind === 'undo' ? 'nothing-to-undo' : 'nothing-to-redo'
        throw new WorldEditError(code, `There is nothing to ${edit.kind}.`)
      }
      ;(edit.kind === 'undo' ? this.undone : this.done).push(step)
      this.state = edit.kind === 'undo' ? step.before : step.after
      label = `${edit.kind}: ${step.label}`
    } else {
      let after: DocumentState
      if (edit.kind === 'place') {
        if (before.regions.length === 0)
          throw new WorldEditError('no-world', 'There is no world yet: describe one to create it first.')
        after = { regions: before.regions, placed: placeAsset(before.placed, edit, version) }
      } else {
        const regions = applyContentEdit(before.regions, edit, version)
        // A new world starts empty of placed files; other edits keep them where they are.
        after = { regions, placed: edit.kind === 'create' ? [] : before.placed }
      }
      label = describeEdit(edit)
      // A create on an empty document is the root, not a step back to nothing.
      if (before.regions.length > 0) this.done.push({ label, before, after })
      this.undone.length = 0
      this.state = after
    }
    const entry: HistoryEntry = { version, edit: structuredClone(edit), description: label, time }
    this.log.push(entry)
    const { regions, placed } = this.state
    return { version, entry, regions, placed, footprints: changedFootprints(before.regions, regions) }
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
