/* eslint-disable @typescript-eslint/require-await -- the fakes keep WorldStore's async signatures */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { runGalleryOp } from '../../src/ui/gallery/gallery-actions'
import { startWorldGallery, UNAVAILABLE, type GalleryStorage } from '../../src/app/gallery/gallery-controller'
import { createGalleryStore, type GalleryWorld } from '../../src/ui/gallery/gallery-store'
import { createAppStore } from '../../src/ui/app-store'
import { createMenuStore } from '../../src/ui/panels/menu-store'
import { runPanelAction } from '../../src/ui/panels/panel-actions'
import { CANVAS_H, CANVAS_W, hitBox, layoutPanel } from '../../src/ui/panels/panel-layout'
import { buildPanel } from '../../src/ui/panels/panel-model'
import { AUTOSAVE_NOTE, worldsItems, type WorldsItem } from '../../src/ui/panels/worlds-page'
import { DEFAULT_SETTINGS } from '../../src/ui/settings'
import { createSettingsStore } from '../../src/ui/settings-store'

const NOW = new Date(2026, 10, 28, 14, 30).getTime()
const HOUR = 3_600_000

function world(id: string, name: string, ageHours: number, bytes = 3_400_000): GalleryWorld {
  return {
    id,
    name,
    prompt: `prompt of ${name}`,
    createdAt: NOW - ageHours * HOUR - 1000,
    updatedAt: NOW - ageHours * HOUR,
    version: 1,
    frames: 22,
    bytes,
    thumbnail: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }),
  }
}

const kinds = (items: readonly { kind: string }[]) => items.map((i) => i.kind)
function only<K extends WorldsItem['kind']>(items: WorldsItem[], kind: K) {
  return items.filter((i): i is Extract<WorldsItem, { kind: K }> => i.kind === kind)
}

function gallery(worlds: GalleryWorld[], patch: object = {}) {
  const store = createGalleryStore()
  store.getState().set({
    worlds,
    loaded: true,
    currentId: worlds[0]?.id ?? null,
    usage: { usage: 12_000_000, quota: 2_100_000_000, persisted: false },
    ...patch,
  })
  return store
}

describe('the Worlds page model', () => {
  it('lists each world with its size and date, the open one marked and selected by default', () => {
    const s = gallery([world('a', 'Alpine lake', 0.2), world('b', 'Desert', 74, 950)])
    const items = worldsItems(s.getState(), NOW)
    expect(kinds(items)).toEqual(['storage', 'world', 'world', 'bar', 'footer'])
    const [a, b] = only(items, 'world')
    expect(a).toMatchObject({
      id: 'a',
      name: 'Alpine lake',
      detail: '3.4 MB · today 14:18',
      current: true,
      selected: true,
    })
    expect(b).toMatchObject({ id: 'b', detail: '950 B · 3 days ago', current: false, selected: false })
    expect(a!.thumbnail).toBeInstanceOf(Blob)
    expect(only(items, 'storage')[0]!.text).toBe('12 MB of 2.1 GB used · kept: no')
    expect(only(items, 'footer')[0]!.text).toBe(AUTOSAVE_NOTE)
  })

  it('does not offer to open or delete the world that is open', () => {
    const s = gallery([world('a', 'A', 1), world('b', 'B', 2)], { commands: fakeCommands() })
    const bar = only(worldsItems(s.getState(), NOW), 'bar')[0]!
    const enabled = Object.fromEntries(bar.buttons.map((b) => [b.label, b.enabled]))
    expect(enabled).toEqual({ Open: false, Rename: true, Duplicate: true, Delete: false, 'New world': true })
    runGalleryOp({ op: 'select', id: 'b' }, s)
    const bar2 = only(worldsItems(s.getState(), NOW), 'bar')[0]!
    expect(bar2.buttons.find((b) => b.label === 'Open')).toMatchObject({
      enabled: true,
      op: { op: 'open', id: 'b' },
    })
    expect(bar2.buttons.find((b) => b.label === 'Delete')).toMatchObject({ enabled: true, danger: true })
  })

  it('disables every storage action before the gallery has commands (still starting)', () => {
    const bar = only(
      worldsItems(gallery([world('a', 'A', 1), world('b', 'B', 2)]).getState(), NOW),
      'bar',
    )[0]!
    expect(bar.buttons.every((b) => !b.enabled)).toBe(true)
  })

  it('asks before deleting, and a cancel leaves the world alone', () => {
    const commands = fakeCommands()
    const s = gallery([world('a', 'A', 1), world('b', 'Beach', 2)], { commands })
    runGalleryOp({ op: 'delete', id: 'b' }, s)
    expect(commands.remove).not.toHaveBeenCalled()
    const bar = only(worldsItems(s.getState(), NOW), 'bar')[0]!
    expect(bar.question).toBe('Delete “Beach”? This cannot be undone.')
    expect(bar.buttons.map((b) => b.label)).toEqual(['Delete', 'Cancel'])
    runGalleryOp({ op: 'cancelDelete' }, s)
    expect(s.getState().confirmDeleteId).toBeNull()
    expect(commands.remove).not.toHaveBeenCalled()
    // A confirm for a world that was not asked about does nothing.
    runGalleryOp({ op: 'confirmDelete', id: 'b' }, s)
    expect(commands.remove).not.toHaveBeenCalled()
    runGalleryOp({ op: 'delete', id: 'b' }, s)
    runGalleryOp({ op: 'confirmDelete', id: 'b' }, s)
    expect(commands.remove).toHaveBeenCalledWith('b')
  })

  it('refuses to delete the open world with a message', () => {
    const commands = fakeCommands()
    const s = gallery([world('a', 'A', 1)], { commands })
    runGalleryOp({ op: 'delete', id: 'a' }, s)
    expect(s.getState().confirmDeleteId).toBeNull()
    expect(s.getState().message).toMatch(/open another one/)
  })

  it('pages three worlds at a time, within bounds', () => {
    const s = gallery(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) => world(id, id.toUpperCase(), i)))
    const page = () => only(worldsItems(s.getState(), NOW), 'footer')[0]!.page
    expect(only(worldsItems(s.getState(), NOW), 'world').map((w) => w.id)).toEqual(['a', 'b', 'c'])
    expect(page()).toMatchObject({ text: '1 / 3', canPrev: false, canNext: true })
    runGalleryOp({ op: 'page', dir: 1 }, s)
    runGalleryOp({ op: 'page', dir: 1 }, s)
    runGalleryOp({ op: 'page', dir: 1 }, s)
    expect(only(worldsItems(s.getState(), NOW), 'world').map((w) => w.id)).toEqual(['g'])
    expect(page()).toMatchObject({ text: '3 / 3', canNext: false })
    runGalleryOp({ op: 'page', dir: -1 }, s)
    expect(s.getState().page).toBe(1)
    expect(gallery([world('a', 'A', 1)]).getState().page).toBe(0)
    expect(only(worldsItems(gallery([world('a', 'A', 1)]).getState(), NOW), 'footer')[0]!.page).toBeNull()
  })

  it('says when there is nothing yet, while reading, and when storage is unavailable', () => {
    expect(only(worldsItems(gallery([]).getState(), NOW), 'footer')[0]!.text).toBe('No saved worlds yet')
    expect(only(worldsItems(createGalleryStore().getState(), NOW), 'footer')[0]!.text).toMatch(/reading/)
    const s = gallery([], { unavailable: UNAVAILABLE, usage: null })
    const items = worldsItems(s.getState(), NOW)
    expect(only(items, 'storage')[0]!.text).toBe('storage unavailable')
    expect(only(items, 'footer')[0]!.text).toBe(UNAVAILABLE)
  })

  it('shows the browser’s answer to keeping worlds, and stops offering once they are kept', () => {
    const s = gallery([world('a', 'A', 1)], { commands: fakeCommands(), persist: 'refused' })
    const storage = () => only(worldsItems(s.getState(), NOW), 'storage')[0]!
    expect(storage().answer).toMatch(/said no/)
    expect(storage().persist.enabled).toBe(true)
    s.getState().set({ persist: 'granted', usage: { usage: 1, quota: 2, persisted: true } })
    expect(storage().answer).toMatch(/will keep/)
    expect(storage().persist).toMatchObject({ label: 'Kept on this device', enabled: false })
  })
})

describe('the Worlds page in the headset panel', () => {
  const commands = fakeCommands()
  const full = () => {
    const s = gallery(
      ['a', 'b', 'c', 'd'].map((id, i) => world(id, `World ${id}`, i)),
      {
        commands,
        message: 'Copied as “World a (copy)”',
      },
    )
    return s
  }

  it('fits inside the canvas with three worlds, the bar and the pager, and while confirming a delete', () => {
    const s = full()
    for (const confirming of [false, true]) {
      if (confirming) runGalleryOp({ op: 'delete', id: 'b' }, s)
      const boxes = layoutPanel(buildPanel('worlds', {}, DEFAULT_SETTINGS, s.getState(), NOW))
      expect(boxes.filter((b) => b.role === 'thumb')).toHaveLength(3)
      for (const b of boxes) {
        expect(b.x).toBeGreaterThanOrEqual(0)
        expect(b.y).toBeGreaterThanOrEqual(0)
        expect(b.x + b.w, b.text).toBeLessThanOrEqual(CANVAS_W)
        expect(b.y + b.h, `${b.role} ${b.text}`).toBeLessThanOrEqual(CANVAS_H)
      }
    }
  })

  it('leaves rename out (no keyboard) and keeps the others', () => {
    const boxes = layoutPanel(buildPanel('worlds', {}, DEFAULT_SETTINGS, full().getState(), NOW))
    const buttons = boxes.filter((b) => b.role === 'button').map((b) => b.text)
    expect(buttons).toEqual(['Open', 'Duplicate', 'Delete', 'New world'])
    expect(boxes.find((b) => b.role === 'badge')?.text).toBe('open now')
  })

  it('selects a world by pointing at its row, then the bar opens it', () => {
    const s = full()
    const ctx = {
      appState: () => ({}),
      settings: createSettingsStore(undefined),
      menu: createMenuStore(),
      gallery: s,
    }
    const boxes = layoutPanel(buildPanel('worlds', {}, DEFAULT_SETTINGS, s.getState(), NOW))
    const rows = boxes.filter((b) => b.role === 'worldRow')
    const thumb = boxes.filter((b) => b.role === 'thumb')[1]!
    // Pointing at the picture or the name selects the row under it.
    const hit = hitBox(boxes, thumb.x + thumb.w / 2, thumb.y + thumb.h / 2)
    expect(hit).toBe(rows[1])
    runPanelAction(hit!.action!, ctx)
    expect(s.getState().selectedId).toBe('b')
    const again = layoutPanel(buildPanel('worlds', {}, DEFAULT_SETTINGS, s.getState(), NOW))
    expect(again.filter((b) => b.role === 'worldRow').map((b) => b.on)).toEqual([false, true, false])
    const open = again.find((b) => b.role === 'button' && b.text === 'Open')!
    expect(open.enabled).toBe(true)
    runPanelAction(hitBox(again, open.x + 5, open.y + 5)!.action!, ctx)
    expect(commands.open).toHaveBeenCalledWith('b')
  })
})

function fakeCommands() {
  return {
    open: vi.fn(async () => {}),
    rename: vi.fn(async () => {}),
    duplicate: vi.fn(async () => {}),
    remove: vi.fn(async () => {}),
    requestPersist: vi.fn(async () => {}),
    newWorld: vi.fn(),
    refresh: vi.fn(async () => {}),
  }
}

/** In-memory storage with WorldStore's gallery behaviour (names validated, copies named "(copy)"). */
function memoryStorage(
  initial: GalleryWorld[],
): GalleryStorage & { worlds: GalleryWorld[]; thumbs: Map<string, Blob> } {
  const worlds = [...initial]
  const thumbs = new Map<string, Blob>()
  return {
    worlds,
    thumbs,
    list: async () => worlds.map((w) => ({ ...w, thumbnail: thumbs.get(w.id) ?? w.thumbnail })),
    async rename(id, name) {
      const t = name.trim()
      if (!t) throw new Error('A world needs a name.')
      worlds.find((w) => w.id === id)!.name = t
    },
    async duplicate(id) {
      const w = worlds.find((x) => x.id === id)!
      const copy = { ...w, id: `${id}2`, name: `${w.name} (copy)`, updatedAt: NOW + 1 }
      worlds.unshift(copy)
      return copy.id
    },
    async delete(id) {
      worlds.splice(
        worlds.findIndex((w) => w.id === id),
        1,
      )
    },
    async saveThumbnail(id, image) {
      thumbs.set(id, image)
    },
    usage: async () => ({ usage: 5_000_000, quota: 1e10, persisted: false }),
    requestPersist: async () => false,
  }
}

describe('the gallery controller', () => {
  afterEach(() => vi.useRealTimers())

  function setup(storage: ReturnType<typeof memoryStorage> | null) {
    vi.useFakeTimers()
    const store = createGalleryStore()
    const app = createAppStore()
    const current = { id: 'a', version: 1, frames: 0, restoredFrames: 0 }
    let idle = false
    const capture = vi.fn(async () => new Blob([new Uint8Array(10)], { type: 'image/webp' }))
    const open = vi.fn(async (id: string) => {
      current.id = id
      current.frames = 0
      current.restoredFrames = 5
    })
    const closeMenu = vi.fn()
    const g = startWorldGallery({
      app,
      store,
      storage,
      world: { current: () => current, idle: () => idle, open },
      capture,
      visible: () => false,
      closeMenu,
      intervalMs: 100,
    })
    return { g, store, app, current, capture, open, closeMenu, setIdle: (v: boolean) => (idle = v) }
  }

  it('lists worlds and carries out rename, duplicate, delete and keep-on-device', async () => {
    const storage = memoryStorage([world('a', 'A', 1), world('b', 'B', 2)])
    const { g, store } = setup(storage)
    await vi.advanceTimersByTimeAsync(0)
    expect(store.getState().worlds.map((w) => w.id)).toEqual(['a', 'b'])
    expect(store.getState().currentId).toBe('a')
    const c = store.getState().commands!
    await c.rename('b', '  Beach  ')
    expect(store.getState().worlds[1]!.name).toBe('Beach')
    await expect(c.rename('b', '   ')).rejects.toThrow(/needs a name/)
    await c.duplicate('b')
    // The list is read again in the background.
    await vi.advanceTimersByTimeAsync(0)
    expect(store.getState().worlds[0]!.name).toBe('Beach (copy)')
    expect(store.getState().selectedId).toBe('b2')
    await c.remove('b2')
    expect(store.getState().worlds.map((w) => w.id)).toEqual(['a', 'b'])
    expect(store.getState().message).toBe('Deleted “Beach (copy)”')
    await c.requestPersist()
    expect(store.getState().persist).toBe('refused')
    g.dispose()
    expect(store.getState().commands).toBeNull()
  })

  it('shows a failed rename through the op runner and keeps the field open', async () => {
    const storage = memoryStorage([world('a', 'A', 1)])
    const { g, store } = setup(storage)
    await vi.advanceTimersByTimeAsync(0)
    runGalleryOp({ op: 'rename', id: 'a' }, store)
    runGalleryOp({ op: 'commitRename', id: 'a', name: '' }, store)
    await vi.advanceTimersByTimeAsync(0)
    expect(store.getState().message).toBe('A world needs a name.')
    expect(store.getState().renamingId).toBe('a')
    expect(store.getState().busy).toBeNull()
    g.dispose()
  })

  it('takes a thumbnail once the world settles after new frames, and not again until it changes', async () => {
    const storage = memoryStorage([{ ...world('a', 'A', 1), thumbnail: null }])
    const { g, current, capture, setIdle } = setup(storage)
    current.frames = 22
    await vi.advanceTimersByTimeAsync(250)
    expect(capture).not.toHaveBeenCalled() // still generating
    setIdle(true)
    await vi.advanceTimersByTimeAsync(250)
    expect(capture).toHaveBeenCalledTimes(1)
    expect(storage.thumbs.get('a')).toBeInstanceOf(Blob)
    await vi.advanceTimersByTimeAsync(500)
    expect(capture).toHaveBeenCalledTimes(1)
    current.frames = 30
    await vi.advanceTimersByTimeAsync(150)
    expect(capture).toHaveBeenCalledTimes(2)
    g.dispose()
  })

  it('pictures the old world before opening another, and keeps the opened world’s stored picture', async () => {
    const storage = memoryStorage([world('a', 'A', 1), world('b', 'B', 2)])
    const { g, store, current, capture, open, setIdle } = setup(storage)
    await vi.advanceTimersByTimeAsync(0)
    current.frames = 10 // explored since the last picture, not yet settled
    await store.getState().commands!.open('b')
    expect(capture).toHaveBeenCalledTimes(1)
    expect(storage.thumbs.has('a')).toBe(true)
    expect(open).toHaveBeenCalledWith('b')
    expect(store.getState()).toMatchObject({ currentId: 'b', selectedId: 'b', message: 'Opened “B”' })
    setIdle(true)
    await vi.advanceTimersByTimeAsync(500)
    // Restored, nothing new explored: b keeps the picture it had.
    expect(capture).toHaveBeenCalledTimes(1)
    g.dispose()
  })

  it('asks for a description for a new world: the prompt bar on the desktop', () => {
    const { g, store, app, closeMenu } = setup(memoryStorage([]))
    const focus = app.getState().promptFocus
    store.getState().commands!.newWorld()
    expect(closeMenu).toHaveBeenCalled()
    expect(app.getState().promptFocus).toBe(focus + 1)
    expect(app.getState().world.message).toMatch(/Type what the new world should be/)
    g.dispose()
  })

  it('says storage is unavailable and offers nothing without it', () => {
    const { g, store } = setup(null)
    expect(store.getState()).toMatchObject({ loaded: true, unavailable: UNAVAILABLE, commands: null })
    runGalleryOp({ op: 'duplicate', id: 'a' }, store)
    expect(store.getState().message).toBe(UNAVAILABLE)
    g.dispose()
  })
})
