/**
 * Import into the app: a dropped or picked .spz/.ply/.splat/.glb is parsed in the import worker
 * under the device's limits and placed as an asset of the current world (one undoable place
 * edit) at the picked target, or a few metres ahead of the viewer; its bytes are stored so a
 * reload brings it back. A world .json opens as a new world (see openWorld). Nothing of the
 * current world changes until the file has fully parsed and its bytes are stored.
 */
import { FormatError, type ImportedFile, type ImportLimits, type WorldFile } from '../../core/formats'
import type { SplatBatch } from '../../core/lift'
import type { Pose } from '../../core/pose'
import { WorldEditError, type PlaceEdit, type WorldChange } from '../../core/world'
import type { AssetStore } from './asset-store'
import { newAssetId } from './asset-store'
import { headingOf } from '../../core/pose'
import { anchorOf } from './placement-math'

/** Extensions offered by the picker and accepted on drop. */
export const IMPORT_EXTENSIONS = ['.spz', '.ply', '.splat', '.glb', '.json'] as const

/** How far ahead of the viewer a file lands when nothing was picked, metres. */
const AHEAD_M = 4

export interface ImportDeps {
  limits: ImportLimits
  parse: (bytes: Uint8Array, name: string) => Promise<ImportedFile>
  assets: AssetStore
  world: () => { id: string; version: number }
  target: () => [number, number, number] | null
  viewer: () => Pose
  groundAt: (x: number, z: number) => number
  remember: (assetId: string, batch: SplatBatch) => void
  place: (edit: PlaceEdit) => WorldChange
  /** Opens a world .json as a new world; returns the line to show. */
  openWorld: (world: WorldFile, name: string) => string
}

function count(n: number): string {
  return n.toLocaleString('en-US')
}

/** Where the file goes: the picked point, else AHEAD_M ahead of the viewer on the ground. */
function landing(deps: ImportDeps): [number, number, number] {
  const t = deps.target()
  if (t) return [t[0], t[1], t[2]]
  const v = deps.viewer()
  const yaw = headingOf(v)
  const x = v.position[0] - Math.sin(yaw) * AHEAD_M
  const z = v.position[2] - Math.cos(yaw) * AHEAD_M
  return [x, deps.groundAt(x, z), z]
}

/**
 * Imports one file; resolves to the line for the status bar, never rejects for a bad file (the
 * message says what was wrong, and the world is left exactly as it was).
 */
export async function importFile(file: Blob & { name: string }, deps: ImportDeps): Promise<string> {
  const name = file.name || 'file'
  const fail = (why: string): string => `could not import ${name}: ${why}`
  const ext = /\.[^.]+$/.exec(name.toLowerCase())?.[0] ?? ''
  if (!(IMPORT_EXTENSIONS as readonly string[]).includes(ext))
    return fail(`"${ext || name}" files are not read here (use ${IMPORT_EXTENSIONS.join(', ')})`)
  if (file.size > deps.limits.maxBytes)
    return fail(`${count(file.size)} bytes, over this device's limit of ${count(deps.limits.maxBytes)}`)
  const world = deps.world()
  let parsed: ImportedFile
  try {
    parsed = await deps.parse(new Uint8Array(await file.arrayBuffer()), name)
  } catch (err) {
    return fail(err instanceof FormatError || err instanceof Error ? err.message : String(err))
  }
  if (parsed.kind === 'world') return deps.openWorld(parsed.world, name)
  const splats = parsed.splats
  if (splats.count === 0) return fail('it holds no splats')
  if (deps.world().id !== world.id) return fail('the world changed while it was read; try again')
  const { anchor, radius } = anchorOf(splats)
  const position = landing(deps)
  const assetId = newAssetId()
  try {
    await deps.assets.putAsset(world.id, assetId, file)
  } catch (err) {
    return fail(`it could not be stored (${err instanceof Error ? err.message : String(err)})`)
  }
  deps.remember(assetId, splats)
  const edit: PlaceEdit = {
    kind: 'place',
    description: name,
    asset: {
      assetId,
      name,
      splats: splats.count,
      position,
      anchor,
      yaw: headingOf(deps.viewer()),
      scale: 1,
      radius,
    },
  }
  try {
    deps.place(edit)
  } catch (err) {
    if (err instanceof WorldEditError) return fail(err.message)
    throw err
  }
  const at = position.map((v) => v.toFixed(1)).join(', ')
  const kept = deps.assets.persistent ? '' : ' (not stored: storage is unavailable)'
  return `placed ${name}: ${count(splats.count)} splats at ${at}; say "undo" to remove it${kept}`
}
