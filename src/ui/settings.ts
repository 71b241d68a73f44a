/**
 * Comfort and locomotion settings a person changes from the settings panel (VR or desktop).
 * Pure: no store, no DOM, so the clamping is unit-tested in Node.
 */
export interface Settings {
  /**
   * Degrees turned per right-stick flick. 30 is the common comfortable default; 15-90 in steps of 15.
   * @default 30
   */
  snapTurnDegrees: number
  /**
   * Left-stick walking speed (m/s). 2 m/s is a brisk walk; faster is quicker to explore but less comfortable.
   * @default 2
   */
  moveSpeed: number
  /**
   * Seated play: the eye height is raised so a seated person sees the world from standing height.
   * @default false
   */
  seated: boolean
  /**
   * Extra eye height (m), for people whose headset floor is off or who want to be taller or shorter.
   * @default 0
   */
  heightOffset: number
  /**
   * Darken the edges of the view while moving or turning with the sticks (reduces motion sickness).
   * @default true
   */
  vignette: boolean
  /**
   * Recognise speech with the browser's Web Speech API instead of the on-device recogniser. Off:
   * Chrome sends that audio to Google's service (Safari to Apple's), and it fails offline and in
   * Chromium builds without keys; the on-device recogniser keeps audio on the device.
   * @default false
   */
  webSpeech: boolean
  /**
   * Hands-free: the on-device recogniser listens all the time for the wake phrase "okay world" and
   * carries out the command said after it, with no button held. Off: the microphone stays open.
   * @default false
   */
  wakePhrase: boolean
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  snapTurnDegrees: 30,
  moveSpeed: 2,
  seated: false,
  heightOffset: 0,
  vignette: true,
  webSpeech: false,
  wakePhrase: false,
}

/** How far seated mode raises the eyes (m): a seated head is about this much lower than a standing one. */
export const SEATED_EYE_RAISE = 0.45

/** The numeric settings, their range and the step the panel's -/+ buttons take. */
export const NUMERIC_SETTINGS = {
  snapTurnDegrees: { min: 15, max: 90, step: 15 },
  moveSpeed: { min: 0.5, max: 5, step: 0.5 },
  heightOffset: { min: -0.5, max: 0.5, step: 0.1 },
} as const

export type NumericSetting = keyof typeof NUMERIC_SETTINGS
export type ToggleSetting = 'seated' | 'vignette' | 'webSpeech' | 'wakePhrase'

function clampNumber(key: NumericSetting, value: unknown): number {
  const { min, max, step } = NUMERIC_SETTINGS[key]
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_SETTINGS[key]
  const clamped = Math.min(max, Math.max(min, value))
  // Snap to the step grid so a stored 29.999 shows (and turns) as 30; round away float noise.
  const snapped = min + Math.round((clamped - min) / step) * step
  return Math.round(snapped * 1000) / 1000
}

/** Makes any partial or untrusted (stored) settings object valid: missing or bad fields take defaults. */
export function clampSettings(input: Partial<Record<keyof Settings, unknown>> | null | undefined): Settings {
  const s = input ?? {}
  return {
    snapTurnDegrees: clampNumber('snapTurnDegrees', s.snapTurnDegrees),
    moveSpeed: clampNumber('moveSpeed', s.moveSpeed),
    heightOffset: clampNumber('heightOffset', s.heightOffset),
    seated: typeof s.seated === 'boolean' ? s.seated : DEFAULT_SETTINGS.seated,
    vignette: typeof s.vignette === 'boolean' ? s.vignette : DEFAULT_SETTINGS.vignette,
    webSpeech: typeof s.webSpeech === 'boolean' ? s.webSpeech : DEFAULT_SETTINGS.webSpeech,
    wakePhrase: typeof s.wakePhrase === 'boolean' ? s.wakePhrase : DEFAULT_SETTINGS.wakePhrase,
  }
}

/** The setting after one -/+ press (`dir` -1 or +1), clamped to its range. */
export function stepSetting(settings: Settings, key: NumericSetting, dir: -1 | 1): Settings {
  return clampSettings({ ...settings, [key]: settings[key] + dir * NUMERIC_SETTINGS[key].step })
}

/** Whether a -/+ press would change anything (the panel greys out a button at the end of its range). */
export function canStep(settings: Settings, key: NumericSetting, dir: -1 | 1): boolean {
  return stepSetting(settings, key, dir)[key] !== settings[key]
}

/** Eye height added to the tracked head (m): the seated raise plus the person's own offset. */
export function eyeHeightOffset(settings: Pick<Settings, 'seated' | 'heightOffset'>): number {
  return (settings.seated ? SEATED_EYE_RAISE : 0) + settings.heightOffset
}
