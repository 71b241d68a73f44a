import { intrinsicsOf, type CameraSpec } from '../camera'

/** Per-pixel camera-space rays, scaled so that `ray * depth` is the camera-space point. */
export interface PixelRays {
  width: number
  height: number
  /** 3 per pixel, row-major from the top-left. */
  rays: Float32Array
  /** 3 per pixel: the same directions, unit length (for orienting splats). */
  units: Float32Array
  /** Pixel footprint per metre of depth: the splat size at depth d is d * pixelAngle. */
  pixelAngle: number
}

const cache = new Map<string, PixelRays>()
const CACHE_LIMIT = 16

/**
 * Rays follow core/camera.ts: perspective rays have z = -1 (depth is z-depth), equirect rays are
 * unit (depth is ray distance). Cached per camera, since a session uses a handful of sizes.
 */
export function pixelRays(cam: CameraSpec): PixelRays {
  const id = `${cam.model}:${cam.width}x${cam.height}:${cam.fovYDeg ?? ''}`
  const hit = cache.get(id)
  if (hit) return hit
  const { width: w, height: h } = cam
  const k = intrinsicsOf(cam)
  const fx = k[1]
  const fy = k[2]
  const cx = k[3]
  const cy = k[4]
  const rays = new Float32Array(3 * w * h)
  const units = new Float32Array(3 * w * h)
  for (let y = 0, i = 0; y < h; y++) {
    const v = (y + 0.5) / h
    for (let x = 0; x < w; x++, i += 3) {
      const u = (x + 0.5) / w
      let rx: number, ry: number, rz: number
      if (cam.model === 'perspective') {
        rx = (u - cx) / fx
        ry = -(v - cy) / fy
        rz = -1
      } else {
        const lon = (u - 0.5) * 2 * Math.PI
        const lat = (0.5 - v) * Math.PI
        // lon 0 looks down -Z; positive lon turns right (+X), matching u growing to the right.
        rx = Math.cos(lat) * Math.sin(lon)
        ry = Math.sin(lat)
        rz = -Math.cos(lat) * Math.cos(lon)
      }
      const n = Math.hypot(rx, ry, rz)
      rays[i] = rx
      rays[i + 1] = ry
      rays[i + 2] = rz
      units[i] = rx / n
      units[i + 1] = ry / n
      units[i + 2] = rz / n
    }
  }
  // Perspective: fx * width == fy * height (square pixels), the focal length in pixels.
  const pixelAngle = cam.model === 'perspective' ? 1 / (fy * h) : Math.PI / h
  const out: PixelRays = { width: w, height: h, rays, units, pixelAngle }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
  cache.set(id, out)
  return out
}
