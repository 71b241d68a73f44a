/** What the splat readers return, and the checks every one of them applies before returning it. */
import type { SplatBatch } from '../lift/splat-batch'
import { FormatError } from './format-error'
import type { ImportLimits } from './limits'

export type SplatFormat = 'spz' | 'ply' | 'splat' | 'glb'

export interface ImportedSplats {
  kind: 'splats'
  format: SplatFormat
  /** In three.js axes and metres, whatever the file's own convention. */
  splats: SplatBatch
  /**
   * Spherical-harmonic degree the file carries. Only the DC term (the colour) is imported: the
   * renderer draws view-independent splats, so higher bands are parsed, validated and dropped.
   */
  shDegree: number
  /** Format version where the format has one (spz 1-4, glTF 2). */
  version?: number
  /** spz: trained with antialiasing (mip-splatting). */
  antialiased?: boolean
  /** spz v4: the extension records the file carries (read past unless the reader applies them). */
  extensions?: { type: number; bytes: number; name?: string }[]
}

export interface Bounds {
  min: [number, number, number]
  max: [number, number, number]
}

/** Refuses a declared splat count over the device cap before anything is allocated for it. */
export function checkSplatCount(count: number, limits: ImportLimits, format: string): void {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new FormatError('bad-header', `invalid splat count ${count}`, format)
  if (count > limits.maxSplats)
    throw new FormatError(
      'too-many-splats',
      `declared ${count.toLocaleString('en-US')} splats, over this device's limit of ${limits.maxSplats.toLocaleString('en-US')}`,
      format,
    )
}

/**
 * Rejects the batch if any value a renderer uses is NaN or infinite, or a scale or opacity is
 * negative. Readers call it last, so a returned batch is always safe to upload.
 */
export function checkFinite(b: SplatBatch, format: string): void {
  const check = (arr: Float32Array, per: number, what: string, nonNegative: boolean): void => {
    const n = b.count * per
    for (let i = 0; i < n; i++) {
      const v = arr[i]!
      if (!Number.isFinite(v) || (nonNegative && v < 0))
        throw new FormatError('non-finite', `splat ${Math.floor(i / per)}: ${what} is ${v}`, format)
    }
  }
  check(b.centers, 3, 'position', false)
  check(b.scales, 3, 'scale', true)
  check(b.quats, 4, 'rotation', false)
  check(b.colors, 3, 'colour', true)
  check(b.opacities, 1, 'opacity', true)
}

/** Axis-aligned bounds of the splat centres; zeros for an empty batch. */
export function boundsOf(b: SplatBatch): Bounds {
  if (b.count === 0) return { min: [0, 0, 0], max: [0, 0, 0] }
  const min: [number, number, number] = [Infinity, Infinity, Infinity]
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity]
  for (let i = 0; i < b.count; i++) {
    for (let a = 0; a < 3; a++) {
      const v = b.centers[3 * i + a]!
      if (v < min[a]!) min[a] = v
      if (v > max[a]!) max[a] = v
    }
  }
  return { min, max }
}
