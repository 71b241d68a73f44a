/** A file item of the world menu (export one format, import a file), as the panels show it. */
export interface FileAction {
  id: string
  label: string
  run: () => void
  /**
   * Shown in the headset too. The in-VR panel has room for six rows under the world tab's three
   * actions only three fit, and a file chooser cannot open inside an immersive session, so VR
   * gets the three exports people take elsewhere (.spz, .glb, world .json); the browser downloads
   * them in the background.
   */
  inVR: boolean
}

type Bag = { fileActions?: unknown; mode?: unknown } | null

/**
 * The app state's file items for the current view (all on the desktop, the `inVR` ones in the
 * headset), read tolerantly: the panels read state as `unknown`.
 */
export function readFileActions(state: unknown): readonly FileAction[] {
  const s = state as Bag
  const list = s?.fileActions
  if (!Array.isArray(list)) return []
  const actions = list as FileAction[]
  return s?.mode === 'vr' ? actions.filter((a) => a.inVR) : actions
}
