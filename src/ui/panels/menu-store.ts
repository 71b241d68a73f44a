import { createStore, type StoreApi } from 'zustand/vanilla'

/** The menu's pages: the same five in the headset and on the desktop. */
export type PanelTab = 'status' | 'history' | 'world' | 'worlds' | 'settings'

export const PANEL_TABS: readonly { id: PanelTab; label: string }[] = [
  { id: 'status', label: 'Status' },
  { id: 'history', label: 'Prompts' },
  { id: 'world', label: 'World' },
  { id: 'worlds', label: 'Worlds' },
  { id: 'settings', label: 'Settings' },
]

export interface MenuState {
  open: boolean
  tab: PanelTab
  toggle(): void
  setOpen(open: boolean): void
  setTab(tab: PanelTab): void
}

export type MenuStore = StoreApi<MenuState>

export function createMenuStore(): MenuStore {
  return createStore<MenuState>()((set) => ({
    open: false,
    tab: 'status',
    toggle: () => set((s) => ({ open: !s.open })),
    setOpen: (open) => set({ open }),
    setTab: (tab) => set({ tab }),
  }))
}
