import { createStore, type StoreApi } from 'zustand/vanilla'
import type { FileAction } from './file-actions'
import type { Viewpoint } from '../core/world/viewpoint'

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

/** The generated world as the status line and prompt bar show it (refreshed a few times a second). */
export interface WorldStatus {
  /** starting: the model is loading; restoring: frames come back from storage; generating: frames are being made. */
  /** 'sharpening': the view is covered and detail frames are coming in where the viewer looks. */
  phase: 'starting' | 'restoring' | 'generating' | 'sharpening' | 'ready' | 'error'
  prompt: string
  /** Which source serves frames now ("worker", "edge"), its backend ("wasm", "webgpu", "cpu") and model. */
  source: string | null
  backend: string | null
  modelId: string | null
  frames: number
  restoredFrames: number
  modelCalls: number
  inFlight: number
  /** Moving average of model time per frame, ms; null before the first frame. */
  modelMs: number | null
  splats: number
  /** Something the person should read (a storage problem, an unknown command). */
  message: string | null
}

export const INITIAL_WORLD_STATUS: WorldStatus = {
  phase: 'starting',
  prompt: '',
  source: null,
  backend: null,
  modelId: null,
  frames: 0,
  restoredFrames: 0,
  modelCalls: 0,
  inFlight: 0,
  modelMs: null,
  splats: 0,
  message: null,
}

/**
 * Push-to-talk as every surface shows it (desktop overlay, in-VR panel): idle, listening (with
 * the interim transcript), or the last error with the typed fallback one step away.
 */
export interface VoiceStatus {
  state: 'idle' | 'listening' | 'error'
  /** What the recogniser heard so far (interim), or the final line once heard. */
  interim: string
  /** Why voice failed, in words for the person; null unless state is 'error'. */
  error: string | null
}

export const INITIAL_VOICE_STATUS: VoiceStatus = { state: 'idle', interim: '', error: null }

export interface AppState {
  mode: ViewMode
  vrSupport: VRSupport
  /** The last point picked on the world (an expansion target later). */
  target: WorldTarget | null
  /** How many pointer-down events reached the world (tests read it). */
  pointerDowns: number
  world: WorldStatus
  /** Handles a line typed in the prompt bar; set by the world runtime once it runs. */
  submitPrompt: ((text: string) => void) | null
  voice: VoiceStatus
  /** Push-to-talk start/stop (mic button, V key, controller button); set once voice is wired. */
  voiceStart: (() => void) | null
  voiceStop: (() => void) | null
  /** Bumped to ask the prompt bar to take keyboard focus (the typed fallback when voice fails). */
  promptFocus: number
  /** Imports a dropped or picked splat/world file (app/files); set once the world runs. */
  importFile: ((file: File) => void) | null
  /**
   * Grows a region styled from a picture (app/image-prompt), at the target or ahead; resolves to
   * the line it showed. Set once the world runs.
   */
  imagePrompt: ((file: Blob & { name?: string }) => Promise<string>) | null
  /** The world menu's export and import items (app/files); empty until the world runs. */
  fileActions: readonly FileAction[]
  /**
   * The last viewpoint the viewer was sent to (a `?pose=` link, an opened world's start); `seq`
   * counts requests, so going to the same place twice moves the viewer twice. The desktop
   * controls follow it.
   */
  viewpoint: { at: Viewpoint; seq: number } | null
  setVoice(patch: Partial<VoiceStatus>): void
  focusPrompt(): void
  setWorld(patch: Partial<WorldStatus>): void
  setMode(mode: ViewMode): void
  setVRSupport(support: VRSupport): void
  pickTarget(target: WorldTarget): void
  goTo(at: Viewpoint): void
  /** Shows a brief line in the status area that clears itself after FLASH_MS unless replaced. */
  flash(message: string): void
}

/** How long a brief line stays (ms): long enough to read twice. */
export const FLASH_MS = 8000

export type AppStore = StoreApi<AppState>

/** The app's plain store: zustand/vanilla, so non-React code (xr, tests) reads and writes it too. */
export function createAppStore(): AppStore {
  return createStore<AppState>()((set, get) => ({
    mode: 'desktop',
    vrSupport: 'unknown',
    target: null,
    pointerDowns: 0,
    world: INITIAL_WORLD_STATUS,
    submitPrompt: null,
    voice: INITIAL_VOICE_STATUS,
    voiceStart: null,
    voiceStop: null,
    promptFocus: 0,
    importFile: null,
    imagePrompt: null,
    fileActions: [],
    viewpoint: null,
    setVoice: (patch) => set((s) => ({ voice: { ...s.voice, ...patch } })),
    focusPrompt: () => set((s) => ({ promptFocus: s.promptFocus + 1 })),
    setWorld: (patch) => set((s) => ({ world: { ...s.world, ...patch } })),
    setMode: (mode) => set({ mode }),
    setVRSupport: (vrSupport) => set({ vrSupport }),
    pickTarget: (target) => set((s) => ({ target, pointerDowns: s.pointerDowns + 1 })),
    goTo: (at) => set((s) => ({ viewpoint: { at, seq: (s.viewpoint?.seq ?? 0) + 1 } })),
    flash: (message) => {
      set((s) => ({ world: { ...s.world, message } }))
      setTimeout(() => {
        if (get().world.message === message) set((s) => ({ world: { ...s.world, message: null } }))
      }, FLASH_MS)
    },
  }))
}

function compact(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(n)
}

/** What the world is doing, e.g. "worker · wasm · generating… 12 frames · 34.1k splats · 45 ms/frame". */
export function worldText(w: WorldStatus): string {
  if (w.phase === 'starting') return 'starting the frame model…'
  const parts: string[] = []
  if (w.source) parts.push(w.source)
  else if (w.phase !== 'error') parts.push('model starting…')
  if (w.backend) parts.push(w.backend)
  if (w.phase === 'restoring') parts.push(`restoring… ${w.restoredFrames} frames`)
  else if (w.phase === 'generating') parts.push(`generating… ${w.frames} frames`)
  else if (w.phase === 'sharpening') parts.push(`sharpening the view… ${w.frames + w.restoredFrames} frames`)
  else if (w.phase === 'error') parts.push('no frame source')
  else parts.push(`${w.frames + w.restoredFrames} frames`)
  parts.push(`${compact(w.splats)} splats`)
  if (w.modelMs !== null) parts.push(`${Math.round(w.modelMs)} ms/frame`)
  return parts.join(' · ')
}

/** The status line under the view, e.g. "worker · wasm · 120 frames · 80.2k splats · 45 ms/frame · desktop". */
export function statusText(s: Pick<AppState, 'world' | 'mode' | 'target'>): string {
  const parts = [worldText(s.world), s.mode === 'vr' ? 'in VR' : 'desktop']
  if (s.target) {
    const [x, y, z] = s.target.point
    parts.push(`target ${x.toFixed(1)}, ${y.toFixed(1)}, ${z.toFixed(1)}`)
  }
  return parts.join(' · ')
}
