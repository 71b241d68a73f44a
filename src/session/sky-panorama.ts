import type { Frame, FrameRequest } from '../core/frame'
import { downsampleFrame } from '../core/frame-downsample'
import type { WorldSpec } from './world-spec'
import { SPAWN_XZ } from '../core/world/spawn'

/** Ids of panorama requests sit far above the scheduler's, so the two never collide. */
const PANORAMA_ID_BASE = 0x7000_0000

export interface PanoramaOptions {
  /** Width of the sharp panorama (height is half); 0: none. */
  width: number
  /** The sharp panorama is rendered this many times larger per side and averaged down. */
  supersample: number
  /** Width of the quick first panorama of a world; 0: the sharp one straight away. */
  previewWidth: number
}

export interface PanoramaHost {
  send(request: FrameRequest): Promise<Frame>
  /** Eye height at the spawn, where the panorama is taken from. */
  eyeY(): number
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
  private nextId = PANORAMA_ID_BASE

  constructor(
    private readonly o: PanoramaOptions,
    private readonly host: PanoramaHost,
  ) {}

  /** The panorama drawn behind the world, if any yet. */
  get frame(): Frame | null {
    return this.held
  }

  /** Forget the panorama: the far field changed (a new world, or an edit that reaches it). */
  reset(): void {
    this.held = null
    this.askedFor = -1
    this.sharpAsked = false
  }

  /** One from storage, or one that arrived. */
  hold(frame: Frame): void {
    this.held = frame
    this.askedFor = frame.worldVersion
  }

  /**
   * Asks for what is missing: a first panorama of `world` when there is none, and, once
   * `idle`, the sharp one if what is held is narrower.
   */
  update(world: WorldSpec, idle: boolean): void {
    if (this.o.width <= 0) return
    if (!this.held) {
      if (this.askedFor === world.version) return
      const preview = this.o.previewWidth > 0 && this.o.previewWidth < this.o.width
      this.request(world, preview ? this.o.previewWidth : this.o.width, preview ? 1 : this.o.supersample)
      return
    }
    if (idle && !this.sharpAsked && this.held.camera.width < this.o.width) {
      this.request(world, this.o.width, this.o.supersample)
    }
  }

  private request(world: WorldSpec, width: number, supersample: number): void {
    this.askedFor = world.version
    if (width === this.o.width) this.sharpAsked = true
    // From the spawn at standing height: the far field and the sky barely move over a walk.
    const request: FrameRequest = {
      id: this.nextId++,
      pose: { position: [SPAWN_XZ[0], this.host.eyeY(), SPAWN_XZ[1]], rotation: [0, 0, 0, 1] },
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
