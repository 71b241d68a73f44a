import { formatBytes, formatUsage, formatWhen } from '../gallery/gallery-format'
import type { GalleryOp } from '../gallery/gallery-actions'
import { pageCount, selectedWorld, WORLDS_PER_PAGE, type GalleryState } from '../gallery/gallery-store'

/**
 * The Worlds page (the saved-worlds gallery) as panel items: a storage line with the request to keep
 * worlds on this device, one row per world of the current page, an action bar for the selected
 * world (or the delete confirmation), and a footer with paging and the last result. Both surfaces
 * draw these items; a row is selected by pointing at it, then the bar acts on it.
 */

export interface GalleryButton {
  label: string
  op: GalleryOp
  enabled: boolean
  /** A destructive action: drawn in red. */
  danger?: boolean
  /** Offered only where there is a keyboard (rename). */
  desktopOnly?: boolean
  /** A shorter label where room is tight (the headset panel). */
  short?: string
}

export type WorldsItem =
  | {
      kind: 'storage'
      /** "12 MB of 2.1 GB used · kept: yes" */
      text: string
      persist: GalleryButton
      /** The browser's answer to the last request, in words; null before asking. */
      answer: string | null
    }
  | {
      kind: 'world'
      id: string
      name: string
      /** "3.4 MB · today 14:02" */
      detail: string
      current: boolean
      selected: boolean
      renaming: boolean
      thumbnail: Blob | null
      select: GalleryOp
      open: GalleryOp
    }
  | {
      kind: 'bar'
      /** The question while a delete waits for confirmation, else null. */
      question: string | null
      buttons: GalleryButton[]
    }
  | {
      kind: 'footer'
      /** "Saved automatically", or the last result/failure. */
      text: string
      page: { text: string; prev: GalleryOp; next: GalleryOp; canPrev: boolean; canNext: boolean } | null
    }

/** The footer's standing line: the world document saves on every edit, frames as they arrive. */
export const AUTOSAVE_NOTE = 'Saved automatically as you explore and edit'

function persistAnswer(s: GalleryState): string | null {
  switch (s.persist) {
    case 'not-asked':
      return null
    case 'asking':
      return 'asking the browser…'
    case 'granted':
      return 'The browser will keep your worlds.'
    case 'refused':
      // Browsers decide by how much a site is used (Chromium) or ask the person (Firefox).
      return 'The browser said no: it may clear them if space runs low.'
  }
}

export function worldsItems(s: GalleryState, now: number): WorldsItem[] {
  const kept = s.usage?.persisted === true
  const items: WorldsItem[] = [
    {
      kind: 'storage',
      text: s.usage ? formatUsage(s.usage) : s.unavailable ? 'storage unavailable' : 'reading storage…',
      persist: {
        label: kept ? 'Kept on this device' : 'Keep my worlds on this device',
        short: kept ? 'Kept on this device' : 'Keep on this device',
        op: { op: 'persist' },
        enabled: !kept && s.persist !== 'asking' && s.commands !== null && s.busy === null,
      },
      answer: persistAnswer(s),
    },
  ]
  const pages = pageCount(s.worlds.length)
  const page = Math.min(s.page, pages - 1)
  const chosen = selectedWorld(s)
  for (const w of s.worlds.slice(page * WORLDS_PER_PAGE, (page + 1) * WORLDS_PER_PAGE)) {
    items.push({
      kind: 'world',
      id: w.id,
      name: w.name || w.prompt,
      detail: `${formatBytes(w.bytes)} · ${formatWhen(w.updatedAt, now)}`,
      current: w.id === s.currentId,
      selected: w.id === chosen?.id,
      renaming: w.id === s.renamingId,
      thumbnail: w.thumbnail,
      select: { op: 'select', id: w.id },
      open: { op: 'open', id: w.id },
    })
  }
  const idle = s.busy === null && s.commands !== null
  const confirming = s.worlds.find((w) => w.id === s.confirmDeleteId)
  if (confirming) {
    items.push({
      kind: 'bar',
      question: `Delete “${confirming.name || confirming.prompt}”? This cannot be undone.`,
      buttons: [
        { label: 'Delete', op: { op: 'confirmDelete', id: confirming.id }, enabled: idle, danger: true },
        { label: 'Cancel', op: { op: 'cancelDelete' }, enabled: true },
      ],
    })
  } else {
    const id = chosen?.id ?? ''
    const some = chosen !== null && idle
    items.push({
      kind: 'bar',
      question: null,
      buttons: [
        { label: 'Open', op: { op: 'open', id }, enabled: some && id !== s.currentId },
        { label: 'Rename', op: { op: 'rename', id }, enabled: some, desktopOnly: true },
        { label: 'Duplicate', op: { op: 'duplicate', id }, enabled: some },
        { label: 'Delete', op: { op: 'delete', id }, enabled: some && id !== s.currentId, danger: true },
        { label: 'New world', op: { op: 'new' }, enabled: s.commands !== null },
      ],
    })
  }
  const status =
    s.busy ??
    s.message ??
    s.unavailable ??
    (!s.loaded ? 'reading saved worlds…' : s.worlds.length === 0 ? 'No saved worlds yet' : AUTOSAVE_NOTE)
  items.push({
    kind: 'footer',
    text: status,
    page:
      pages > 1
        ? {
            text: `${page + 1} / ${pages}`,
            prev: { op: 'page', dir: -1 },
            next: { op: 'page', dir: 1 },
            canPrev: page > 0,
            canNext: page < pages - 1,
          }
        : null,
  })
  return items
}
