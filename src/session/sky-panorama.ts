import type { Frame, FrameRequest } from '../core/frame'
import { downsampleFrame } from '../core/frame-downsample'
import type { WorldSpec } from './world-spec'
import { SPAWN_XZ } from '../core/world/spawn'

/** Ids of panorama requests sit far above the scheduler's, so the two never collide. */
const PANORAMA_ID_BASE = 0x7000_0000
/**
 * Metres from where the panorama was taken at which it is taken again where the viewer is: its
 * far land moves with parallax (a ridge 5 km out shifts ~11 degrees over a 1 km walk).
 */
const RETAKE_DISTANCE = 1000

/** As the session's options name them (session-options.ts). */
export interface PanoramaOptions {
  /** Width of the sharp panorama (height is half); 0: none. */
  panoramaWidth: number
  /** The sharp panorama is rendered this many times larger per side and averaged down. */
  panoramaSupersample: number
  /** Width of the quick first panorama of a world; 0: the sharp one straight away. */
  panoramaPreviewWidth: number
}

export interface PanoramaHost {
  send(request: FrameRequest): Promise<Frame>
  /** Eye height over the ground at (x, z), where the panorama is taken from. */
  eyeY(x: number, z: number): number
  /** A panorama arrived for `world` (which may no longer be the session's). */
  arrived(world: WorldSpec, frame: Frame): void
  failed(world: WorldSpec, message: string): void
}

/**
 * The sky panorama of the session's world: everything past the lifted near field. A new world
 * first gets a quick preview (a sharp 1024 x 512 render would hold the frame source for over a
 * second before the first tile frame), then the sharp, supersampled one once the view around
 * the viewer is covered and the source is free.
 */
export class SkyPanorama {
  private held: Frame | null = null
  private askedFor = -1
  private sharpAsked = false
  /** The viewer walked RETAKE_DISTANCE away: a new panorama is asked for where they are. */
  private retaking = false
  private nextId = PANORAMA_ID_BASE

  private readonly o: { width: number; supersample: number; previewWidth: number }

  constructor(
    options: PanoramaOptions,
    private readonly host: PanoramaHost,
  ) {
    this.o = {
      width: options.panoramaWidth,
      supersample: options.panoramaSupersample,
      previewWidth: options.panoramaPreviewWidth,
    }
  }

  /** The panorama drawn behind the world, if any yet. */
  get frame(): Frame | null {
    return this.held
  }

  /** Forget the panorama: the far field changed (a new world, or an edit that reaches it). */
  reset(): void {
    this.held = null
    this.askedFor = -1
    this.sharpAsked = false
    this.retaking = false
  }

  /** One from storage, or one that arrived. */
  hold(frame: Frame): void {
    this.held = frame
    this.askedFor = frame.worldVersion
    this.retaking = false
  }

  /**
   * Asks for what is missing: a first panorama of `world` when there is none, a new one where the
   * viewer (`x`, `z`) is once they are RETAKE_DISTANCE from where it was taken, and, once `idle`,
   * the sharp one if what is held is narrower.
   */
  update(world: WorldSpec, idle: boolean, x: number = SPAWN_XZ[0], z: number = SPAWN_XZ[1]): void {
    if (this.o.width <= 0) return
    const held = this.held
    if (held && !this.retaking) {
      const [hx, , hz] = held.pose.position
      if (Math.hypot(x - hx, z - hz) >= RETAKE_DISTANCE) {
        // The old one stays on screen until the new one arrives.
        this.retaking = true
        this.sharpAsked = false
        this.askedFor = -1
      }
    }
    const from: [number, number] =
      this.retaking || !held ? [x, z] : [held.pose.position[0], held.pose.position[2]]
    if (!held || this.retaking) {
      if (this.askedFor === world.version) return
      const preview = this.o.previewWidth > 0 && this.o.previewWidth < this.o.width
      this.request(
        world,
        from,
        preview ? this.o.previewWidth : this.o.width,
        preview ? 1 : this.o.supersample,
      )
      return
    }
    if (idle && !this.sharpAsked && held.camera.width < this.o.width) {
      this.request(world, from, this.o.width, this.o.supersample)
    }
  }

  private request(world: WorldSpec, [x, z]: [number, number], width: number, supersample: number): void {
    this.askedFor = world.version
    if (width === this.o.width) this.sharpAsked = true
    // From standing height where the viewer is (the spawn at first): the far field and the sky
    // barely move over a walk of less than RETAKE_DISTANCE.
    const request: FrameRequest = {
      id: this.nextId++,
      pose: { position: [x, this.host.eyeY(x, z), z], rotation: [0, 0, 0, 1] },
      camera: { model: 'equirect', width: width * supersample, height: (width / 2) * supersample },
      worldVersion: world.version,
      regions: world.regions,
    }
    this.host.send(request).then(
      (rendered) => this.host.arrived(world, downsampleFrame(rendered, supersample)),
      (err: unknown) => {
        // Try again on the next schedule: the sky is worth a second call.
        if (this.askedFor === world.version) this.askedFor = -1
        if (width === this.o.width) this.sharpAsked = false
        this.host.failed(world, err instanceof Error ? err.message : String(err))
      },
    )
  }
}
