/**
 * The placed assets of the open world, ready to draw: follows the document's `placed` list (which
 * changes by identity on every place, undo, redo or new world), keeps each asset's parsed splats
 * by asset id, and loads an asset it has not seen (after a reload) from the asset store, parsing
 * it in the import worker again. The renderer reads `items` when `revision` moves.
 */
import type { ImportedFile } from '../../core/formats'
import type { SplatBatch } from '../../core/lift'
import type { PlacedAsset } from '../../core/world'
import type { PlacedSplatsItem, PlacedSplatsSource } from '../../render/placed-splats'
import type { AssetStore } from './asset-store'

export interface PlacedAssetsDeps {
  /** The open world's id and its document's placed list (read on every sync). */
  world: () => { id: string; placed: readonly PlacedAsset[] }
  assets: AssetStore
  /** Parses a stored file (the import worker). */
  parse: (bytes: Uint8Array, name: string) => Promise<ImportedFile>
  /** Tells the person when a placed asset cannot be brought back. */
  report: (message: string) => void
}

export class PlacedAssets implements PlacedSplatsSource {
  revision = 0
  items: PlacedSplatsItem[] = []
  private readonly batches = new Map<string, SplatBatch>()
  private readonly pending = new Set<string>()
  private readonly failed = new Set<string>()
  private seen: readonly PlacedAsset[] | null = null

  constructor(private readonly deps: PlacedAssetsDeps) {}

  /** Hands over splats parsed at import time, so placing them does not parse the file twice. */
  remember(assetId: string, batch: SplatBatch): void {
    this.batches.set(assetId, batch)
  }

  /** The splats of an asset, once loaded. */
  batchOf(assetId: string): SplatBatch | undefined {
    return this.batches.get(assetId)
  }

  /** Cheap when nothing changed (one identity check): called once per display frame. */
  sync(): void {
    const { id: worldId, placed } = this.deps.world()
    if (placed === this.seen) return
    this.seen = placed
    const items: PlacedSplatsItem[] = []
    for (const p of placed) {
      const batch = this.batches.get(p.assetId)
      if (batch) items.push({ id: p.id, batch, placed: p })
      else this.load(worldId, p)
    }
    this.items = items
    this.revision++
  }

  private load(worldId: string, p: PlacedAsset): void {
    const key = `${worldId}/${p.assetId}`
    if (this.pending.has(key) || this.failed.has(key)) return
    this.pending.add(key)
    const fail = (why: string): void => {
      this.failed.add(key)
      this.deps.report(`could not bring back ${p.name}: ${why}`)
    }
    this.deps.assets
      .getAsset(worldId, p.assetId)
      .then(async (blob) => {
        if (!blob) return fail('its file is not stored on this device')
        const file = await this.deps.parse(new Uint8Array(await blob.arrayBuffer()), p.name)
        if (file.kind !== 'splats') return fail('the stored file holds no splats')
        this.batches.set(p.assetId, file.splats)
        this.seen = null // rebuild the items on the next sync
      })
      .catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)))
      .finally(() => this.pending.delete(key))
  }
}
