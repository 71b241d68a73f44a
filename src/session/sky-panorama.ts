import type { Frame, FrameRequest } from '../core/frame'
import { downsampleFrame } from '../core/frame-downsample'
import { bandComposition, horizonBand, type HorizonBand } from '../core/horizon-band'
import type { WorldSpec } from './world-spec'
import { SPAWN_XZ } from '../core/world/spawn'

/** Ids of panorama requests sit far above the scheduler's, so the two never collide. */
export const PANORAMA_ID_BASE = 0x7000_0000
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
  /** The sharp panorama's horizon band is taken again this many times finer (core/horizon-band); 0: not. */
  panoramaBand: number
}

/** Rows of the composed panorama filled per step: ~4 ms each for a 2048 px one here. */
const BAND_ROWS_PER_STEP = 32
/** A band tile that failed this many times is not asked for again for that panorama. */
const BAND_TRIES = 2

export interface PanoramaHost {
  send(request: FrameRequest): Promise<Frame>
  /** Eye height over the ground at (x, z), where the panorama is taken from. */
  eyeY(x: number, z: number): number
  /** A panorama arrived for `world` (which may no longer be the session's). */
  arrived(world: WorldSpec, frame: Frame): void
  failed(world: WorldSpec, message: string): void
  /** Work outside a model call that the session should wait for (composing the band). */
  track(work: Promise<unknown>): void
  /** The sharp panorama or a band tile came back: schedule again (quiet while the view is covered). */
  woken(): void
}

/** The horizon band being taken for one sharp panorama. */
interface BandInProgress {
  of: Frame
  layout: HorizonBand
  tiles: (Frame | undefined)[]
  asking: boolean
  composing: boolean
  failures: number
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
  private band: BandInProgress | null = null
  /** The world as the session last said it is (an edit that keeps the panorama makes a new one). */
  private world: WorldSpec | null = null

  private readonly o: { width: number; supersample: number; previewWidth: number; band: number }

  constructor(
    options: PanoramaOptions,
    private readonly host: PanoramaHost,
  ) {
    this.o = {
      width: options.panoramaWidth,
      supersample: options.panoramaSupersample,
      previewWidth: options.panoramaPreviewWidth,
      band: options.panoramaBand,
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
    this.band = null
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
    this.world = world
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
    } else if (idle && held.camera.width === this.o.width) {
      this.takeBand(world, held)
    }
  }

  /**
   * Once the sharp panorama is held and the view is covered: its horizon band's tiles, one
   * request at a time (the views in front go first whenever the viewer moves), then the
   * panorama composed with them, a few rows between display frames, in its place.
   */
  private takeBand(world: WorldSpec, held: Frame): void {
    if (!this.takesBand) return
    if (this.band?.of !== held) {
      const layout = horizonBand(this.o.width, this.o.band)
      this.band = { of: held, layout, tiles: [], asking: false, composing: false, failures: 0 }
    }
    const band = this.band
    if (band.asking || band.composing || band.failures >= BAND_TRIES) return
    const k = band.layout.tiles.findIndex((_, i) => !band.tiles[i])
    if (k < 0) {
      band.composing = true
      this.host.track(this.compose(band))
      return
    }
    const tile = band.layout.tiles[k]!
    band.asking = true
    const request: FrameRequest = {
      id: this.nextId++,
      pose: { position: [...held.pose.position], rotation: tile.rotation },
      camera: tile.camera,
      worldVersion: world.version,
      regions: world.regions,
    }
    this.host.send(request).then(
      (frame) => {
        band.tiles[k] = frame
        band.asking = false
        this.host.woken()
      },
      (err: unknown) => {
        band.asking = false
        band.failures++
        this.host.failed(world, err instanceof Error ? err.message : String(err))
        this.host.woken()
      },
    )
  }

  /** Whether the sharp panorama's horizon band is taken at all (a factor under 2 is none). */
  private get takesBand(): boolean {
    return this.o.band >= 2
  }

  private async compose(band: BandInProgress): Promise<void> {
    const composition = bandComposition(band.of, band.layout, band.tiles as Frame[])
    for (let y = 0; y < band.layout.height; y += BAND_ROWS_PER_STEP) {
      composition.rows(y, y + BAND_ROWS_PER_STEP)
      await new Promise((resolve) => setTimeout(resolve, 0))
      // A new world, an edit that reached the far field, or a retake: this band is of no use.
      if (this.band !== band || this.held !== band.of) return
    }
    // For the world as it is now: an edit meanwhile that kept the panorama (it did not reach the
    // far field) kept its band too.
    if (this.world) this.host.arrived(this.world, composition.frame)
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
      (rendered) => {
        this.host.arrived(world, downsampleFrame(rendered, supersample))
        // The session sits quiet once the view is covered: the band is asked for from there.
        if (width === this.o.width && this.takesBand) this.host.woken()
      },
      (err: unknown) => {
        // Try again on the next schedule: the sky is worth a second call.
        if (this.askedFor === world.version) this.askedFor = -1
        if (width === this.o.width) this.sharpAsked = false
        this.host.failed(world, err instanceof Error ? err.message : String(err))
      },
    )
  }
}
