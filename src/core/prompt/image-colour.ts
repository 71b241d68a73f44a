/** Colour arithmetic for image prompts: sRGB <-> linear, hue and saturation, how warm, green or blue a colour reads, and the surface colour under a given light. */
/** An sRGB colour, each channel in [0, 1]. */
export type Rgb = [number, number, number]

export const SRGB_TO_LINEAR = Float64Array.from({ length: 256 }, (_, i) => toLinear(i / 255))

export function toLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

export function toSrgb(c: number): number {
  const v = Math.min(1, Math.max(0, c))
  return v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055
}

export const clamp01 = (x: number): number => Math.min(1, Math.max(0, x))
/** 0 at `a`, 1 at `b`, linear between (either order). */
export const ramp = (x: number, a: number, b: number): number => clamp01((x - a) / (b - a))
export const lerp = (a: number, b: number, t: number): number => a + (b - a) * t

export function luma(c: Rgb): number {
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
}

/** Hue in degrees [0, 360) and saturation (HSV) of an sRGB colour. */
export function hueSat(c: Rgb): { hue: number; sat: number } {
  const max = Math.max(c[0], c[1], c[2])
  const min = Math.min(c[0], c[1], c[2])
  const d = max - min
  if (d <= 1e-9) return { hue: 0, sat: 0 }
  let h: number
  if (max === c[0]) h = ((c[1] - c[2]) / d) % 6
  else if (max === c[1]) h = (c[2] - c[0]) / d + 2
  else h = (c[0] - c[1]) / d + 4
  return { hue: (h * 60 + 360) % 360, sat: d / max }
}

/** 1 at hue `centre`, falling to 0 `width` degrees away (around the colour wheel). */
export function hueNear(hue: number, centre: number, width: number): number {
  const d = Math.abs(((hue - centre + 540) % 360) - 180)
  return 1 - clamp01(d / width)
}

/** How much a colour reads as a sunset or fire sky: red, orange, gold, pink, and saturated. */
export function warmth(c: Rgb): number {
  const { hue, sat } = hueSat(c)
  return hueNear(hue, 25, 55) * ramp(sat, 0.15, 0.55)
}

export function greenness(c: Rgb): number {
  const { hue, sat } = hueSat(c)
  return hueNear(hue, 105, 55) * ramp(sat, 0.12, 0.4)
}

export function blueness(c: Rgb): number {
  const { hue, sat } = hueSat(c)
  return hueNear(hue, 210, 55) * ramp(sat, 0.12, 0.4)
}

/**
 * Roughly how much light flat ground gets in the reference model (models/build/prepare-stage.ts:
 * sun or moon diffuse plus sky ambient, dimmed by clouds) at a time of day, as a luminance
 * multiplier. A sunset sun is low and weak: ground lit by it is ~4x darker than at noon.
 */
export function groundLight(timeOfDay: number, clouds: number): number {
  const theta = (timeOfDay - 0.25) * 2 * Math.PI
  const s = Math.sin(theta)
  const sun: Rgb = [Math.cos(theta), 0.78 * s, -0.25 * s - 0.45]
  const y = Math.abs(sun[1]) / Math.hypot(...sun)
  const night = sun[1] < -0.02
  const strength =
    ramp(y, -0.02, 0.08) * (1 - 0.55 * clouds) * (night ? 0.12 : 2.1 * (0.75 + 0.25 * ramp(y, 0, 0.4)))
  const day = ramp(sun[1] / Math.hypot(...sun), -0.04, 0.3)
  const ambient = lerp(0.015, 0.2, day) * 0.85 * (1 + 0.5 * clouds)
  return strength * y + ambient
}

/**
 * The surface colour (albedo, linear) that the reference model draws as roughly this sRGB colour
 * under `light` (groundLight): it inverts the light and the model's exposure curve
 * (1 - exp(-1.05 x)), so a picked colour comes back on screen near itself, not darker. The light
 * has a floor: night stays dark (a night picture's dark ground is its light, not its paint).
 */
export function albedo(c: Rgb, light: number): Rgb {
  const l = 1.05 * Math.max(light, 0.35)
  const a = c.map((v) => -Math.log(1 - Math.min(0.95, toLinear(v))) / l)
  // Scale rather than clip, so a bright colour keeps its hue.
  const top = Math.max(...a, 1e-9)
  const k = top > 0.85 ? 0.85 / top : 1
  return a.map((v) => Math.max(0.015, v * k)) as Rgb
}
