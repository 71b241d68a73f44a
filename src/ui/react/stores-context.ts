import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { Ground } from '../../core/ground/ground'
import type { AppState, AppStore } from '../app-store'
import type { Stores } from '../stores'

/** The one context of the app: every store, created once in main.tsx (ui/stores.ts). */
export const StoresContext = createContext<Stores | null>(null)

/** All stores from context; throws outside <StoresContext.Provider>. */
export function useStores(): Stores {
  const stores = useContext(StoresContext)
  if (!stores) throw new Error('useStores needs <StoresContext.Provider>')
  return stores
}

/** The app store from context (non-React code gets it from `Stores` directly). */
export function useAppStoreApi(): AppStore {
  return useStores().app
}

/** Reads a slice of the app state and re-renders when that slice changes. */
export function useAppState<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), selector)
}

/** The current ground, re-rendering when it is swapped. */
export function useGround(): Ground {
  return useStore(useStores().ground, (s) => s.ground)
}
