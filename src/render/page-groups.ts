/**
 * Pages per group edge: 4 x 4 SplatStore pages (32 m each) make a 128 m square drawn as one
 * Spark mesh. Spark's per-frame cost and allocation grow with the number of meshes (~2 KB and a
 * matrix update per mesh per frame), so a world of 80 pages drew at 1.5x a single mesh's
 * main-thread time; a page changing rebuilds its group by copies of the other pages' packed bytes.
 */
export const GROUP_SPAN = 4

export interface GroupChange<P> {
  id: string
  /**
   * The group's parts in the order its pages joined it; empty when its last page went (drop its
   * mesh). A page that changes keeps its place, so pages being filled tend to be the last ones.
   */
  parts: P[]
  /**
   * How many parts lead the list unchanged since the group was last taken (the same pages in the
   * same places, none set since): a mesh that holds the last take's parts need not rewrite them.
   */
  firstChanged: number
}

/**
 * Which pages form which mesh, and which meshes need building again: pages report their packed
 * content as it changes; `takeChanged` hands back each touched group once with all its parts.
 * Knows nothing of Spark (the parts are opaque), so it is tested without a renderer.
 */
export class PageGroups<P> {
  private readonly parts = new Map<string, P>()
  private readonly groupOfPage = new Map<string, string>()
  private readonly members = new Map<string, Set<string>>()
  private readonly changed = new Set<string>()
  /** Per group touched since taken: its pages set since. */
  private readonly setSince = new Map<string, Set<string>>()
  /** Per group: its pages in the order of its last take. */
  private readonly takenOrder = new Map<string, string[]>()
  private readonly origins = new Map<string, readonly [number, number, number]>()

  /** `pageSize`: metres per page edge (the SplatStore's), for the groups' drawing origins. */
  constructor(
    private readonly span = GROUP_SPAN,
    private readonly pageSize = 32,
  ) {}

  /**
   * Where the group of the page at chunk (cx, cz) is drawn from: its parts are to hold positions
   * relative to this. Spark stores a splat's centre as three float16s, whose steps are 4 m at
   * 4-8 km from the world's origin: a walk out there drew every tree as columns of dots. Relative
   * to its group (128 m) a centre is within ~3 cm (see splat-page-mesh HALF_STEP_SIGMA for what
   * that still costs). x and z are the group's centre; y is set by the
   * first call for the group (`y`, its first page's height) and kept until the group empties.
   */
  origin(cx: number, cz: number, y: number): readonly [number, number, number] {
    const id = this.groupOf(cx, cz)
    let o = this.origins.get(id)
    if (!o) {
      const [gx, gz] = this.groupIndex(cx, cz)
      // Group g holds pages g * span - offset on, span of them: its centre is half a span on.
      const centre = (g: number): number => (g * this.span - this.offset + this.span / 2) * this.pageSize
      o = [centre(gx), Math.round(y), centre(gz)]
      this.origins.set(id, o)
    }
    return o
  }

  /** A group's drawing origin (see `origin`); [0, 0, 0] for one never given. */
  originOf(groupId: string): readonly [number, number, number] {
    return this.origins.get(groupId) ?? [0, 0, 0]
  }

  /** The group a page at chunk (cx, cz) belongs to. */
  groupOf(cx: number, cz: number): string {
    const [gx, gz] = this.groupIndex(cx, cz)
    return `${gx},${gz}`
  }

  /**
   * Groups are centred on multiples of their edge, so the world's origin (the spawn) is a group's
   * centre, where its centres are stored finest, and not the corner of four groups, where they
   * were coarsest (3 cm steps round the first view).
   */
  private groupIndex(cx: number, cz: number): [number, number] {
    return [Math.floor((cx + this.offset) / this.span), Math.floor((cz + this.offset) / this.span)]
  }

  /** Pages by which groups are shifted so that the world's origin is a group's centre. */
  private get offset(): number {
    return Math.floor(this.span / 2)
  }

  /** A page's new content at chunk (cx, cz). */
  set(pageId: string, cx: number, cz: number, part: P): void {
    const group = this.groupOf(cx, cz)
    this.parts.set(pageId, part)
    this.groupOfPage.set(pageId, group)
    let m = this.members.get(group)
    if (!m) this.members.set(group, (m = new Set()))
    m.add(pageId)
    this.changed.add(group)
    let since = this.setSince.get(group)
    if (!since) this.setSince.set(group, (since = new Set()))
    since.add(pageId)
  }

  /** A page that is gone (emptied, evicted, cleared); unknown pages are ignored. */
  remove(pageId: string): void {
    const group = this.groupOfPage.get(pageId)
    if (group === undefined) return
    this.parts.delete(pageId)
    this.groupOfPage.delete(pageId)
    const m = this.members.get(group)!
    m.delete(pageId)
    if (m.size === 0) {
      this.members.delete(group)
      this.origins.delete(group)
    }
    this.changed.add(group)
  }

  /**
   * Groups touched since they were last taken, each with every part it now holds: at most `max`,
   * those touched first (the rest wait for the next call), in id order.
   */
  takeChanged(max = Infinity): GroupChange<P>[] {
    const taken: string[] = []
    for (const id of this.changed) {
      if (taken.length >= max) break
      taken.push(id)
    }
    const out: GroupChange<P>[] = []
    for (const id of taken.sort()) {
      this.changed.delete(id)
      const pages = [...(this.members.get(id) ?? [])]
      const before = this.takenOrder.get(id) ?? []
      const since = this.setSince.get(id)
      let firstChanged = 0
      while (
        firstChanged < pages.length &&
        pages[firstChanged] === before[firstChanged] &&
        !since?.has(pages[firstChanged]!)
      )
        firstChanged++
      this.setSince.delete(id)
      if (pages.length > 0) this.takenOrder.set(id, pages)
      else this.takenOrder.delete(id)
      out.push({ id, parts: pages.map((p) => this.parts.get(p)!), firstChanged })
    }
    return out
  }

  /** Groups touched and not yet taken. */
  get pending(): number {
    return this.changed.size
  }

  /** Groups that hold at least one page. */
  get size(): number {
    return this.members.size
  }

  clear(): void {
    this.parts.clear()
    this.groupOfPage.clear()
    this.members.clear()
    this.changed.clear()
    this.setSince.clear()
    this.takenOrder.clear()
    this.origins.clear()
  }
}
