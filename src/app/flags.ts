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
}

function isOn(params: URLSearchParams, name: string): boolean {
  if (!params.has(name)) return false
  const value = params.get(name)
  return value !== '0' && value !== 'false'
}

export function parseFlags(search: string): AppFlags {
  const params = new URLSearchParams(search)
  return { test: isOn(params, 'test'), emulate: isOn(params, 'emulate') }
}

/** Reading pixels back needs `preserveDrawingBuffer`, which costs a copy per frame: only in tests and emulation. */
export function wantsPreservedDrawingBuffer(flags: AppFlags): boolean {
  return flags.test || flags.emulate
}
