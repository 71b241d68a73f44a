/**
 * Camera models a frame model can be asked for. Perspective frames are what the headset sees;
 * equirectangular frames are 360-degree panoramas (exports, sky backgrounds, fast surroundings).
 */
export type CameraModel = 'perspective' | 'equirect'

export interface CameraSpec {
  model: CameraModel
  width: number
  height: number
  /** Vertical field of view in degrees (perspective only). */
  fovYDeg?: number
}

export const DEFAULT_FOV_Y_DEG = 70

/** Camera model codes as they appear in the model's `intrinsics` input. */
export const CAMERA_MODEL_CODE: Record<CameraModel, number> = { perspective: 0, equirect: 1 }

/**
 * The `intrinsics` input, float32 [6]:
 * [model code, fx, fy, cx, cy, aspect], with fx, fy, cx, cy normalised to image width/height, so
 * a camera-space ray for pixel centre (u, v) in [0,1]^2 is ((u - cx) / fx, -(v - cy) / fy, -1).
 */
export function intrinsicsOf(cam: CameraSpec, out: Float32Array = new Float32Array(6)): Float32Array {
  const aspect = cam.width / cam.height
  out[0] = CAMERA_MODEL_CODE[cam.model]
  if (cam.model === 'perspective') {
    const fov = ((cam.fovYDeg ?? DEFAULT_FOV_Y_DEG) * Math.PI) / 180
    const fy = 1 / (2 * Math.tan(fov / 2))
    out[1] = fy / aspect
    out[2] = fy
  } else {
    out[1] = 1 / (2 * Math.PI)
    out[2] = 1 / Math.PI
  }
  out[3] = 0.5
  out[4] = 0.5
  out[5] = aspect
  return out
}

/** The `pixel_uv` input, float32 [1, H, W, 2]: pixel centres in [0,1], u to the right, v down. */
export function pixelUv(width: number, height: number): Float32Array {
  const out = new Float32Array(width * height * 2)
  let i = 0
  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) / height
    for (let x = 0; x < width; x++) {
      out[i++] = (x + 0.5) / width
      out[i++] = v
    }
  }
  return out
}
