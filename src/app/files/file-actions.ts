/** A file item of the world menu (export one format, import a file), as the panels show it. */
export interface FileAction {
  id: string
  label: string
  run: () => void
}

/** Reads the app state's file actions tolerantly (the panels read state as `unknown`). */
export function readFileActions(state: unknown): readonly FileAction[] {
  const list = (state as { fileActions?: unknown } | null)?.fileActions
  return Array.isArray(list) ? (list as FileAction[]) : []
}
