import { createStore, type StoreApi } from 'zustand/vanilla'

/** Where the viewer is looking at the world from. */
export type ViewMode = 'desktop' | 'vr'

/** Whether this browser can start an immersive-vr session ('unknown' until asked). */
export type VRSupport = 'unknown' | 'supported' | 'unsupported'

/** A point on the world picked by a mouse click, a controller ray or (later) gaze. */
export interface WorldTarget {
  point: [number, number, number]
  source: 'mouse' | 'controller' | 'hand' | 'other'
  /** performance.now() when it was picked. */
  at: number
}

export interface AppState {
  mode: ViewMode
  vrSupport: VRSupport
  /** What is being shown; later issues replace the placeholder with the explored world. */
  worldLabel: string
  /** Which frame model feeds the world; none until the model issues land. */
  modelLabel: string
  /** The last point picked on the world (an expansion target later). */
  target: WorldTarget | null
  /** How many pointer-down events reached the world (tests read it). */
  pointerDowns: number
  setMode(mode: ViewMode): void
  setVRSupport(support: VRSupport): void
  pickTarget(target: WorldTarget): void
}

export type AppStore = StoreApi<AppState>

/** The app's plain store: zustand/vanilla, so non-React code (xr, tests) reads and writes it too. */
export function createAppStore(): AppStore {
  return createStore<AppState>()((set) => ({
    mode: 'desktop',
    vrSupport: 'unknown',
    worldLabel: 'placeholder world',
    modelLabel: 'no model yet',
    target: null,
    pointerDowns: 0,
    setMode: (mode) => set({ mode }),
    setVRSupport: (vrSupport) => set({ vrSupport }),
    pickTarget: (target) => set((s) => ({ target, pointerDowns: s.pointerDowns + 1 })),
  }))
}

/** The status line under the view, e.g. "placeholder world · no model yet · desktop". */
export function statusText(s: Pick<AppState, 'worldLabel' | 'modelLabel' | 'mode' | 'target'>): string {
  const parts = [s.worldLabel, s.modelLabel, s.mode === 'vr' ? 'in VR' : 'desktop']
  if (s.target) {
    const [x, y, z] = s.target.point
    parts.push(`target ${x.toFixed(1)}, ${y.toFixed(1)}, ${z.toFixed(1)}`)
  }
  return parts.join(' · ')
}
