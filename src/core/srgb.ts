/** 8-bit sRGB to linear light, by table. */
export const SRGB8_TO_LINEAR = Float32Array.from({ length: 256 }, (_, i) => {
  const c = i / 255
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
})

/** Linear light to 8-bit sRGB, rounded and clamped. */
export function linearToSrgb8(linear: number): number {
  const c = linear <= 0.0031308 ? linear * 12.92 : 1.055 * linear ** (1 / 2.4) - 0.055
  return Math.round(Math.min(Math.max(c, 0), 1) * 255)
}
