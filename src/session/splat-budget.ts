import type { SplatStore } from '../core/lift'

/**
 * Over `budget` splats: drops whole pages, farthest from (px, pz) first, down to 90% of the budget
 * (their frames stay in memory, so walking back lifts them again). Adds removed ids to `dirty`.
 */
export function enforceSplatBudget(
  store: SplatStore,
  budget: number,
  px: number,
  pz: number,
  dirty: Set<string>,
): void {
  if (store.count <= budget) return
  const size = store.pageSize
  const ids = store.pageIds()
  const dist = (id: string): number => {
    const page = store.page(id)!
    return Math.hypot((page.cx + 0.5) * size - px, (page.cz + 0.5) * size - pz)
  }
  ids.sort((a, b) => dist(b) - dist(a))
  for (const id of ids) {
    if (store.count <= budget * 0.9) break
    store.removePage(id)
    dirty.add(id)
  }
}
