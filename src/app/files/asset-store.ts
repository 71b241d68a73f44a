/**
 * Where imported files' bytes are kept, so a placed asset comes back after a reload: the world
 * store's asset API (IndexedDB), or, when storage is unavailable, this tab's memory (the asset
 * then lasts until the tab closes, and the status line says so).
 */
export interface AssetStore {
  readonly persistent: boolean
  putAsset(worldId: string, assetId: string, blob: Blob): Promise<void>
  getAsset(worldId: string, assetId: string): Promise<Blob | null>
}

type AssetApi = Pick<AssetStore, 'putAsset' | 'getAsset'>

export function assetStoreFor(storage: AssetApi | null): AssetStore {
  if (storage) {
    return {
      persistent: true,
      putAsset: (w, a, blob) => storage.putAsset(w, a, blob),
      getAsset: (w, a) => storage.getAsset(w, a),
    }
  }
  const memory = new Map<string, Blob>()
  return {
    persistent: false,
    putAsset: (w, a, blob) => {
      memory.set(`${w}/${a}`, blob)
      return Promise.resolve()
    },
    getAsset: (w, a) => Promise.resolve(memory.get(`${w}/${a}`) ?? null),
  }
}

/** A fresh asset id: short, unique per world, safe as a storage key. */
export function newAssetId(): string {
  return `a${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`
}
