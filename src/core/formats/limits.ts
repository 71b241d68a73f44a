/**
 * Hard limits for parsing files that came from outside (imports, the CLI's inspect). Every reader
 * checks them before it allocates, so a hostile or broken file costs at most these bytes.
 */
export interface ImportLimits {
  /** Largest input file, bytes. */
  maxBytes: number
  /** Largest text header (PLY header, GLB JSON chunk), bytes. */
  maxHeaderBytes: number
  /** Most splats one import may add. */
  maxSplats: number
  /** Largest decompressed payload (gzip bomb guard), bytes. */
  maxInflatedBytes: number
}

/** Device classes the app distinguishes; see ARCHITECTURE.md "Budgets". */
export type DeviceClass = 'standalone' | 'desktop'

/**
 * Standalone headsets hold about 1M splats in total (Spark's Quest default is 500K), so one import
 * may take 1M; desktops have room for several times that. Byte caps follow from the splat caps at
 * the fattest layout we read (a degree-3 PLY: 62 floats, 248 bytes a splat) plus slack.
 */
export const DEVICE_IMPORT_LIMITS: Readonly<Record<DeviceClass, Readonly<ImportLimits>>> = {
  standalone: {
    maxBytes: 256 * 2 ** 20,
    maxHeaderBytes: 64 * 1024,
    maxSplats: 1_000_000,
    maxInflatedBytes: 128 * 2 ** 20,
  },
  desktop: {
    maxBytes: 1536 * 2 ** 20,
    maxHeaderBytes: 1024 * 1024,
    maxSplats: 6_000_000,
    maxInflatedBytes: 768 * 2 ** 20,
  },
}

/** Limits for a device class with optional overrides (tests shrink them). */
export function importLimits(
  device: DeviceClass = 'standalone',
  over: Partial<ImportLimits> = {},
): ImportLimits {
  return { ...DEVICE_IMPORT_LIMITS[device], ...over }
}
