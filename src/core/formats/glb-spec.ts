/** The glTF numbers and KHR_gaussian_splatting names the .glb writer and reader share. */
export const GLB_MAGIC = 0x46546c67 // "glTF"
export const CHUNK_JSON = 0x4e4f534a
export const CHUNK_BIN = 0x004e4942
export const FLOAT = 5126
export const UNSIGNED_BYTE = 5121
export const UNSIGNED_SHORT = 5123
export const UNSIGNED_INT = 5125
export const BYTE = 5120
export const SHORT = 5122
export const ARRAY_BUFFER = 34962
export const ELEMENT_ARRAY_BUFFER = 34963
export const EXT = 'KHR_gaussian_splatting'
export const ATTR_ROTATION = `${EXT}:ROTATION`
export const ATTR_SCALE = `${EXT}:SCALE`
export const ATTR_OPACITY = `${EXT}:OPACITY`
export const ATTR_SH0 = `${EXT}:SH_DEGREE_0_COEF_0`

export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

export function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055
}
