import { useEffect, useSyncExternalStore } from 'react'
import { useStore } from 'zustand'
import { useStores } from '../../ui/react/stores-context'
import { GalleryItems } from '../gallery/gallery-items'
import { runPanelAction } from '../../ui/panels/panel-actions'
import { buildPanel, type PanelAction, type PanelItem } from '../../ui/panels/panel-model'
import type { WorldsItem } from '../../ui/panels/worlds-page'
import './menu-overlay.css'
import '../gallery/gallery.css'

function isWorldsItem(item: PanelItem): item is WorldsItem {
  return item.kind === 'storage' || item.kind === 'world' || item.kind === 'bar' || item.kind === 'footer'
}

function isTypingTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  )
}

function Item({ item, run }: { item: PanelItem; run: (a: PanelAction) => void }) {
  switch (item.kind) {
    case 'info':
      return (
        <div className="ww-menu-row">
          <span className="ww-menu-label">{item.label}</span>
          <span className="ww-menu-value">{item.value}</span>
        </div>
      )
    case 'note':
      return <div className="ww-menu-row ww-menu-note">{item.text}</div>
    case 'action':
      return (
        <div className="ww-menu-row">
          <button
            type="button"
            disabled={!item.enabled}
            title={item.reason ?? ''}
            onClick={() => run(item.action)}
          >
            {item.label}
          </button>
          {item.reason && <span className="ww-menu-reason">{item.reason}</span>}
        </div>
      )
    case 'stepper':
      return (
        <div className="ww-menu-row">
          <span className="ww-menu-label">{item.label}</span>
          <span className="ww-menu-stepper">
            <button
              type="button"
              aria-label={`${item.label} down`}
              disabled={!item.canDec}
              onClick={() => run(item.dec)}
            >
              −
            </button>
            <output>{item.value}</output>
            <button
              type="button"
              aria-label={`${item.label} up`}
              disabled={!item.canInc}
              onClick={() => run(item.inc)}
            >
              +
            </button>
          </span>
        </div>
      )
    case 'toggle':
      return (
        <div className="ww-menu-row">
          <span className="ww-menu-label">{item.label}</span>
          <button
            type="button"
            role="switch"
            aria-checked={item.on}
            className="ww-menu-switch"
            onClick={() => run(item.action)}
          >
            {item.on ? 'On' : 'Off'}
          </button>
        </div>
      )
    default:
      // The Worlds page's items are drawn together by GalleryItems.
      return null
  }
}

/**
 * The desktop's menu: the same pages and actions as the headset panel, as HTML. Esc or M toggles it
 * (except while typing in the prompt bar); the Menu button opens it with the mouse.
 */
export function MenuOverlay() {
  const { app, menu: menuStore, settings: settingsStore, gallery: galleryStore } = useStores()
  const open = useStore(menuStore, (s) => s.open)
  const tab = useStore(menuStore, (s) => s.tab)
  const settings = useStore(settingsStore, (s) => s.settings)
  const gallery = useStore(galleryStore)
  // The whole app state, so status and world pages follow it (the overlay is small; re-rendering is cheap).
  const appState = useSyncExternalStore(app.subscribe, app.getState)
  const inVR = appState.mode === 'vr'

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.repeat) return
      if (e.code === 'KeyM' || e.code === 'Escape') {
        if (e.code === 'Escape' && !menuStore.getState().open) {
          // Esc first leaves pointer lock (the browser handles that); only open when nothing else uses it.
          if (document.pointerLockElement) return
        }
        menuStore.getState().toggle()
        e.preventDefault()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [menuStore])

  // In VR the headset panel is the menu; the page behind it stays clear.
  if (inVR) return null
  const run = (a: PanelAction) =>
    runPanelAction(a, {
      appState: () => app.getState(),
      settings: settingsStore,
      menu: menuStore,
      gallery: galleryStore,
    })
  if (!open) {
    return (
      <button
        type="button"
        className="ww-button ww-menu-open"
        data-testid="menu-open"
        onClick={() => menuStore.getState().setOpen(true)}
      >
        Menu <kbd>M</kbd>
      </button>
    )
  }
  const view = buildPanel(tab, appState, settings, gallery)
  const worlds = view.items.filter(isWorldsItem)
  return (
    <div
      className={`ww-menu${tab === 'worlds' ? ' ww-menu-wide' : ''}`}
      role="dialog"
      aria-label="Worldwalk menu"
      data-testid="menu"
    >
      <div className="ww-menu-head">
        <strong>Worldwalk</strong>
        <button type="button" aria-label="Close menu" onClick={() => run({ type: 'close' })}>
          ×
        </button>
      </div>
      <div className="ww-menu-tabs" role="tablist">
        {view.tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={t.active} onClick={() => run(t.action)}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="ww-menu-body" role="tabpanel">
        {view.items.map((item, i) => (
          <Item key={`${tab}-${i}`} item={item} run={run} />
        ))}
        {worlds.length > 0 && <GalleryItems items={worlds} run={(op) => run({ type: 'gallery', op })} />}
      </div>
    </div>
  )
}
