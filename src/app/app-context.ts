import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { AppState, AppStore } from './app-store'

export const AppStoreContext = createContext<AppStore | null>(null)

/** The app store from context; throws outside <AppStoreContext.Provider>. */
export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext)
  if (!store) throw new Error('useAppStore needs <AppStoreContext.Provider>')
  return store
}

/** Reads a slice of the app state and re-renders when that slice changes. */
export function useAppState<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), selector)
}
