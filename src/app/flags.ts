/** URL switches the app understands. Parsed once at start-up; pure so it is testable in Node. */
export interface AppFlags {
  /**
   * `?test`: expose `window.__worldwalk` and keep the drawing buffer so tests can read pixels.
   * @default false
   */
  test: boolean
  /**
   * `?emulate`: install Meta's IWER WebXR emulator (a Quest 3) over whatever `navigator.xr` the browser
   * has, so the VR flow can be tried, and tested, without a headset. Implies a readable drawing buffer.
   * @default false
   */
  emulate: boolean
  /**
   * `?scale=0.5`: draw at this many pixels per CSS pixel (0.25-2) instead of the display's density:
   * a slow GPU (or the tests' software WebGL) trades sharpness for frame time. Null: the default.
   * @default null
   */
  renderScale: number | null
}

export const RENDER_SCALE_RANGE = [0.25, 2] as const

function isOn(params: URLSearchParams, name: string): boolean {
  if (!params.has(name)) return false
  const value = params.get(name)
  return value !== '0' && value !== 'false'
}

export function parseFlags(search: string): AppFlags {
  const params = new URLSearchParams(search)
  return { test: isOn(params, 'test'), emulate: isOn(params, 'emulate'), renderScale: renderScale(params) }
}

/** A scale out of range or not a number is ignored (the default density), not clamped: a typo should not blur the view. */
function renderScale(params: URLSearchParams): number | null {
  const text = params.get('scale')
  if (text === null || text.trim() === '') return null
  const value = Number(text)
  const [lo, hi] = RENDER_SCALE_RANGE
  return Number.isFinite(value) && value >= lo && value <= hi ? value : null
}

/** Reading pixels back needs `preserveDrawingBuffer`, which costs a copy per frame: only in tests and emulation. */
export function wantsPreservedDrawingBuffer(flags: Pick<AppFlags, 'test' | 'emulate'>): boolean {
  return flags.test || flags.emulate
}
