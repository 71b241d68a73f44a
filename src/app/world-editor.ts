import type { Footprint } from '../core/stream/footprint'
import type { WorldChange, WorldDocument, WorldEdit } from '../core/world'
import type { WorldSession } from '../session'
import type { WorldStore } from '../storage/world-store'

/**
 * What the file import/export and image prompts need of the running world, and nothing more:
 * the session (where the viewer stands, the splats to export), storage (assets), the document,
 * and the two ways to change it. The world runtime is one; they never see the rest of it.
 */
export interface WorldEditor {
  readonly session: WorldSession
  readonly storage: WorldStore | null
  /** The world's edit log; the session renders its region table at its version. */
  readonly doc: WorldDocument
  /** Opens a world document (an imported world .json) as a new world (a new id). */
  open(document: WorldDocument, prompt: string): void
  /**
   * Applies one edit made outside the grammar (an image prompt, an imported file): a new world
   * version, invalidation of only what its footprints meet, the focus served first, and the
   * document saved. Throws WorldEditError (nothing changed) when the document refuses it.
   */
  applyEdit(edit: WorldEdit, focus: Footprint | null): WorldChange
}
