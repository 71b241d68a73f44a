/**
 * The frame-model runtime shared by the browser worker, the edge server and the CLI: one manifest
 * entry, sessions created once, requests validated, the prepare stage cached per world, frames out.
 */
import type { Frame, FrameRequest } from '../core/frame'
import { materialBytes } from '../core/material'
import {
  MODEL_INPUTS,
  MODEL_OUTPUTS,
  OPTIONAL_MODEL_OUTPUTS,
  type ModelManifestEntry,
} from '../core/model-contract'
import { MAX_REGIONS, narrowRegionTable, packRegionTable } from '../core/region'
import { regionsAround } from '../core/region-reach'
import { tileOrigin } from '../core/tile'
import { ModelManifestError } from './errors'
import { regionColumnsOf } from './region-columns'
import {
  backendName,
  type OrtLike,
  type OrtSessionLike,
  type OrtTensorLike,
  type SessionOptionsLike,
} from './ort-like'
import { sha256Hex } from './sha256'
import { contextTensors, depthOf, intrinsicsOf, pixelUv, poseTensor, rgbToRgba } from './tensors'
import { validateFrameRequest } from './validate'

export interface FrameModelRuntimeOptions {
  ort: OrtLike
  entry: ModelManifestEntry
  /** Reads a file named in the manifest entry (relative to the manifest). */
  loadFile: (name: string) => Promise<Uint8Array>
  /** Check the files' sha256 against the manifest (default true). */
  verifyHashes?: boolean
  sessionOptions?: SessionOptionsLike
  /** Overrides the backend label (default: derived from `ort.env.versions`). */
  backend?: string
}

/**
 * Prepared fields kept: the current world's tiles around the viewer (up to four where tiles
 * meet) or, untiled, a few recent undo/redo states. ~23 MB each for the reference model.
 */
const PREPARE_CACHE_SIZE = 4

interface Prepared {
  worldVersion: number
  table: Float32Array
  /** The tile's origin (x, z metres); [0, 0] for an untiled model. */
  tile: readonly [number, number]
  outputs: Record<string, OrtTensorLike>
}

export interface FrameTimings {
  /** ms spent in the prepare stage for this frame (0 when cached or absent). */
  prepareMs: number
  renderMs: number
}

const CONTRACT_INPUTS = new Set<string>(Object.values(MODEL_INPUTS))

function sameTable(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}

function float32(t: OrtTensorLike | undefined, name: string): Float32Array {
  if (!t || !(t.data instanceof Float32Array))
    throw new ModelManifestError(`model output "${name}" missing or not float32`)
  return t.data
}

export class FrameModelRuntime {
  readonly modelId: string
  readonly backend: string
  /** Timings of the last completed render. */
  lastTimings: FrameTimings = { prepareMs: 0, renderMs: 0 }

  private readonly prepared: Prepared[] = []
  private readonly uvCache = new Map<string, OrtTensorLike>()
  /** Renders run one at a time: ORT-web sessions do not take concurrent runs. */
  private queue: Promise<unknown> = Promise.resolve()
  private disposed = false

  private constructor(
    private readonly ort: OrtLike,
    readonly entry: ModelManifestEntry,
    private readonly session: OrtSessionLike,
    private readonly prepareSession: OrtSessionLike | null,
    backend: string,
    /** Columns of the `regions` table the model declares (region-columns.ts). */
    private readonly regionColumns: number,
  ) {
    this.modelId = entry.id
    this.backend = backend
  }

  static async create(opts: FrameModelRuntimeOptions): Promise<FrameModelRuntime> {
    const { ort, entry } = opts
    const verify = opts.verifyHashes ?? true
    const load = async (name: string, sha: string): Promise<Uint8Array> => {
      const bytes = await opts.loadFile(name)
      if (verify) {
        const got = await sha256Hex(bytes)
        if (got !== sha)
          throw new ModelManifestError(`${name}: sha256 ${got} does not match the manifest's ${sha}`)
      }
      return bytes
    }
    const options = opts.sessionOptions ?? {}
    const prepareSession = entry.prepare
      ? await ort.InferenceSession.create(await load(entry.prepare.file, entry.prepare.sha256), options)
      : null
    const session = await ort.InferenceSession.create(await load(entry.file, entry.sha256), options)

    // Every input must be something the runtime can feed: a contract tensor or a prepare output.
    const prepared = new Set(prepareSession?.outputNames ?? [])
    for (const name of session.inputNames) {
      if (!CONTRACT_INPUTS.has(name) && !prepared.has(name)) {
        throw new ModelManifestError(
          `${entry.file}: input "${name}" is neither a contract input nor a prepare-stage output`,
        )
      }
    }
    for (const name of prepareSession?.inputNames ?? []) {
      if (name !== MODEL_INPUTS.regions && name !== MODEL_INPUTS.tileOrigin) {
        throw new ModelManifestError(
          `${entry.prepare!.file}: the prepare stage may only take "regions" and "tile_origin", not "${name}"`,
        )
      }
    }
    const takesTile = [session, prepareSession].some((s) => s?.inputNames.includes(MODEL_INPUTS.tileOrigin))
    if (takesTile !== (entry.tiles !== undefined)) {
      throw new ModelManifestError(
        entry.tiles
          ? `${entry.id}: manifest declares tiles but neither stage takes "tile_origin"`
          : `${entry.id}: the model takes "tile_origin" but its manifest entry declares no tiles {span}`,
      )
    }
    for (const name of Object.values(MODEL_OUTPUTS)) {
      if (!session.outputNames.includes(name))
        throw new ModelManifestError(`${entry.file}: missing output "${name}"`)
    }
    const usesContext = [MODEL_INPUTS.contextRgb, MODEL_INPUTS.contextDepth, MODEL_INPUTS.contextPose].some(
      (n) => session.inputNames.includes(n),
    )
    if (usesContext !== entry.contextFrames > 0) {
      throw new ModelManifestError(
        `${entry.id}: manifest says contextFrames=${entry.contextFrames} but the model ${usesContext ? 'takes' : 'does not take'} context inputs`,
      )
    }
    const regionColumns = regionColumnsOf([prepareSession, session], entry.id)
    return new FrameModelRuntime(
      ort,
      entry,
      session,
      prepareSession,
      opts.backend ?? backendName(ort),
      regionColumns,
    )
  }

  /**
   * The prepare stage's outputs for a world (run once, then cached), e.g. to read the reference
   * model's baked height field; empty for models without a prepare stage.
   */
  async preparedFields(
    worldVersion: number,
    regions: FrameRequest['regions'],
    tile: readonly [number, number] = [0, 0],
  ): Promise<Record<string, OrtTensorLike>> {
    const table = packRegionTable(regionsAround(regions, tile[0], tile[1]))
    const run = this.queue.then(() => this.prepare(worldVersion, table, tile))
    this.queue = run.catch(() => undefined)
    return (await run).outputs
  }

  /** Validates and renders one frame. Throws FrameRequestError for a request the model cannot serve. */
  render(req: FrameRequest): Promise<Frame> {
    if (this.disposed) return Promise.reject(new Error(`model ${this.modelId} is disposed`))
    try {
      validateFrameRequest(req, this.entry)
    } catch (err) {
      return Promise.reject(err as Error)
    }
    const run = this.queue.then(() => this.renderNow(req))
    this.queue = run.catch(() => undefined)
    return run
  }

  private tensor(data: Float32Array, dims: readonly number[]): OrtTensorLike {
    return new this.ort.Tensor('float32', data, dims)
  }

  private regionTensor(table: Float32Array): OrtTensorLike {
    return this.tensor(narrowRegionTable(table, this.regionColumns), [MAX_REGIONS, this.regionColumns])
  }

  /** The tile a camera at `position` renders with ([0, 0] for an untiled model). */
  tileAt(position: readonly number[]): [number, number] {
    const span = this.entry.tiles?.span
    return span === undefined ? [0, 0] : tileOrigin(position[0]!, position[2]!, span)
  }

  private async prepare(
    worldVersion: number,
    table: Float32Array,
    tile: readonly [number, number],
  ): Promise<{ outputs: Record<string, OrtTensorLike>; ms: number }> {
    const hit = this.prepared.find(
      (p) =>
        p.worldVersion === worldVersion &&
        p.tile[0] === tile[0] &&
        p.tile[1] === tile[1] &&
        sameTable(p.table, table),
    )
    if (hit) {
      // Most recently used last.
      this.prepared.splice(this.prepared.indexOf(hit), 1)
      this.prepared.push(hit)
      return { outputs: hit.outputs, ms: 0 }
    }
    if (!this.prepareSession) return { outputs: {}, ms: 0 }
    const t0 = performance.now()
    const feeds: Record<string, OrtTensorLike> = {
      [MODEL_INPUTS.regions]: this.regionTensor(table),
    }
    if (this.prepareSession.inputNames.includes(MODEL_INPUTS.tileOrigin))
      feeds[MODEL_INPUTS.tileOrigin] = this.tensor(Float32Array.from(tile), [2])
    const outputs = await this.prepareSession.run(feeds)
    const ms = performance.now() - t0
    this.prepared.push({ worldVersion, table, tile: [tile[0], tile[1]], outputs })
    if (this.prepared.length > PREPARE_CACHE_SIZE) this.prepared.shift()
    return { outputs, ms }
  }

  private uv(width: number, height: number): OrtTensorLike {
    const key = `${width}x${height}`
    let t = this.uvCache.get(key)
    if (!t) {
      t = this.tensor(pixelUv(width, height), [1, height, width, 2])
      if (this.uvCache.size >= 8) this.uvCache.delete(this.uvCache.keys().next().value!)
      this.uvCache.set(key, t)
    }
    return t
  }

  private async renderNow(req: FrameRequest): Promise<Frame> {
    const { width, height } = req.camera
    const [x, , z] = req.pose.position
    const table = packRegionTable(regionsAround(req.regions, x, z))
    const tile = this.tileAt(req.pose.position)
    const prep = await this.prepare(req.worldVersion, table, tile)
    const feeds: Record<string, OrtTensorLike> = {}
    const k = this.entry.contextFrames
    const ctx = k > 0 ? contextTensors(req.context ?? [], k, width, height) : null
    for (const name of this.session.inputNames) {
      switch (name) {
        case MODEL_INPUTS.pose:
          feeds[name] = this.tensor(poseTensor(req.pose), [4, 4])
          break
        case MODEL_INPUTS.intrinsics:
          feeds[name] = this.tensor(intrinsicsOf(req.camera), [6])
          break
        case MODEL_INPUTS.pixelUv:
          feeds[name] = this.uv(width, height)
          break
        case MODEL_INPUTS.regions:
          feeds[name] = this.regionTensor(table)
          break
        case MODEL_INPUTS.tileOrigin:
          feeds[name] = this.tensor(Float32Array.from(tile), [2])
          break
        case MODEL_INPUTS.contextRgb:
          feeds[name] = this.tensor(ctx!.rgb, [k, height, width, 3])
          break
        case MODEL_INPUTS.contextDepth:
          feeds[name] = this.tensor(ctx!.depth, [k, height, width, 1])
          break
        case MODEL_INPUTS.contextPose:
          feeds[name] = this.tensor(ctx!.pose, [k, 4, 4])
          break
        default:
          feeds[name] = prep.outputs[name]!
      }
    }
    const t0 = performance.now()
    const out = await this.session.run(feeds)
    const renderMs = performance.now() - t0
    const pixels = width * height
    const rgba = rgbToRgba(float32(out[MODEL_OUTPUTS.rgb], MODEL_OUTPUTS.rgb), pixels)
    const depth = depthOf(float32(out[MODEL_OUTPUTS.depth], MODEL_OUTPUTS.depth), pixels)
    const classes = out[OPTIONAL_MODEL_OUTPUTS.material]
    const material = classes
      ? materialBytes(float32(classes, OPTIONAL_MODEL_OUTPUTS.material), pixels)
      : undefined
    this.lastTimings = { prepareMs: prep.ms, renderMs }
    return {
      requestId: req.id,
      pose: { position: [...req.pose.position], rotation: [...req.pose.rotation] },
      camera: { ...req.camera },
      worldVersion: req.worldVersion,
      modelId: this.modelId,
      rgba,
      depth,
      ...(material ? { material } : {}),
      modelMs: prep.ms + renderMs,
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    await this.queue
    this.prepared.length = 0
    this.uvCache.clear()
    await this.session.release()
    await this.prepareSession?.release()
  }
}
