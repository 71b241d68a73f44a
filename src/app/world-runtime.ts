import { WorkerLifter } from '../workers/lift-client'
import type { FrameSource } from '../core/frame-source'
import { createLearntGround } from '../core/ground/learnt-ground'
import { EdgeSource } from '../sources/edge-source'
import { SourceSelector } from '../sources/source-selector'
import { WorkerSource } from '../sources/worker-source'
import type { WorldData, WorldStore } from '../storage/world-store'
import type { WorldStatus } from '../ui/app-store'
import type { Stores } from '../ui/stores'
import { worldDocumentToJson, type WorldChange, type WorldDocument } from '../core/world'
import type { Footprint } from '../core/stream/footprint'
import { newWorldId } from '../core/world/world-id'
import { startFiles, type WorldFiles } from './files/start-files'
import type { WorldEditor } from './world-editor'
import { installImagePrompt } from './image-prompt'
import { runCommand } from './world-commands'
import { DEFAULT_PROMPT, documentFromPrompt, documentFromStored } from './world-prompt'
import { openSavedWorld } from './world-gallery'
import type { WorldFlags } from './world-flags'
import { WorldSession, type WorldSpec } from '../session'

/** Spark's own defaults: 500K splats on standalone headsets, where the GPU is a phone's. */
const STANDALONE_BUDGET = 500_000
const DESKTOP_BUDGET = 1_500_000
/**
 * Detail frames where a standing viewer looks: 256 px over 30 degrees on desktops (8.5 px per
 * degree, about a 960 x 540 view's own density). Standalone headsets get 128 px ones (4.3 px per
 * degree, 1.5 times the wide tiles' 2.8; ~120k splats a standing place against their 500k budget,
 * which evicts the farthest pages first, and ~2.5 s of model time more on a headset's CPU). None
 * when a test picks its own frame sizes (`?levels=`) unless it asks with `?detail=`.
 */
const DETAIL_SIZE = 256
const STANDALONE_DETAIL_SIZE = 128
/**
 * Wide frame sizes on standalone headsets: no 256 px level. Its splats (2.8 px per degree) are
 * within 1.5 times as fine as the 128 px detail frames' where the ground is seen obliquely, so a
 * detail frame cannot take their place (frame-sight.ts keeps a splat about as fine as its own),
 * and the two were drawn blended: the ground 2-5 m ahead soft, in an arc round sharp grass at the
 * feet (the headset picture). The detail frames are the view's finest there, and the four 256 px
 * frames a cell were the dearest of its wide ones on a headset's CPU.
 */
const STANDALONE_LEVELS = [64, 128]
/** The sky panorama's width on a standalone headset rendering it itself (the session's is 1024). */
const STANDALONE_PANORAMA = 512

export function isStandaloneHeadset(): boolean {
  return /OculusBrowser|Quest|Pico|Vision/i.test(navigator.userAgent)
}

/** Everything behind the generated world: sources, the streaming session and storage. */
export interface WorldRuntime extends WorldEditor {
  selector: SourceSelector
  worker: WorkerSource
  edge: EdgeSource | null
  /** Creates a new world from a description (a new document and id). */
  create(prompt: string): void
  /** Import and export (app/files): the placed assets drawn, the menu's file items. */
  readonly files: WorldFiles
  /**
   * Runs a typed or spoken command against the world (create, expand, restyle, undo, redo, save)
   * with the viewer's pose and the app's target; returns the line shown to the person.
   */
  command(text: string): string
  /**
   * Switches to a saved world without reloading the page: its document, its stored frames (no
   * model call for what was explored), and it becomes current. Resolves with the frames restored.
   */
  openSaved(id: string): Promise<number>
  dispose(): void
}

/** Starts the frame sources and the session for the world in the URL, in storage, or the default. */
export interface WorldRuntimeOptions {
  /** Sees every model worker as it is spawned (the test hook keeps it for its crash drill). */
  onModelWorker?: (worker: Worker) => void
}

export async function startWorldRuntime(
  stores: Pick<Stores, 'app' | 'ground'>,
  flags: WorldFlags,
  openStorage: () => Promise<WorldStore | null>,
  options: WorldRuntimeOptions = {},
): Promise<WorldRuntime> {
  const app = stores.app
  const worker = new WorkerSource({
    spawn: () => {
      const w = new Worker(new URL('../workers/frame-model.worker.ts', import.meta.url), { type: 'module' })
      options.onModelWorker?.(w)
      return w
    },
    config: { manifestUrl: new URL('/models/manifest.json', location.href).href, preferWebGPU: true },
  })
  const edge = flags.edge ? new EdgeSource({ url: flags.edge.url, token: flags.edge.token }) : null
  const sources: FrameSource[] = edge ? [edge, worker] : [worker]
  const selector = new SourceSelector(sources)
  const storage = await openStorage().catch((err: unknown) => {
    app.getState().setWorld({ message: `storage unavailable: ${String(err)}` })
    return null
  })

  const stored = flags.fresh ? null : await storage?.loadCurrent().catch(() => null)
  const wanted = flags.prompt ?? stored?.prompt ?? DEFAULT_PROMPT
  let doc = stored && stored.prompt === wanted ? documentFromStored(stored) : documentFromPrompt(wanted)
  // A record migrated from before the edit log may be at a later version than its one-edit
  // document: its frames would be keyed at the wrong version, so it is generated again instead.
  const restore = stored && stored.prompt === wanted && doc.version === stored.version ? stored : null
  const specOf = (
    id: string,
    prompt: string,
  ): WorldSpec & { document: ReturnType<typeof worldDocumentToJson> } => ({
    id,
    prompt,
    version: doc.version,
    regions: doc.regions,
    document: worldDocumentToJson(doc),
  })
  const first = specOf(restore?.id ?? newWorldId(), wanted)
  const standalone = isStandaloneHeadset()
  const session = new WorldSession(
    {
      source: selector,
      levels: flags.levels ?? (standalone ? STANDALONE_LEVELS : undefined),
      detailSize: flags.detail ?? (flags.levels ? 0 : standalone ? STANDALONE_DETAIL_SIZE : DETAIL_SIZE),
      maxInFlight: edge ? edge.maxInFlight : 1,
      splatBudget: flags.splatBudget ?? (standalone ? STANDALONE_BUDGET : DESKTOP_BUDGET),
      // A 1024 x 512 render grows the on-device model worker's wasm heap by ~300 MB (measured in
      // onnxruntime-web, and wasm memory never shrinks): too much to risk on a standalone headset
      // without an edge server to render it, which keeps a 512 px panorama.
      panoramaWidth: flags.panoramaWidth ?? (standalone && !edge ? STANDALONE_PANORAMA : undefined),
      // `panorama=N` pins one panorama of that width: no preview, no later sharp one, no band.
      panoramaPreviewWidth: flags.panoramaWidth !== null ? 0 : undefined,
      panoramaBand: flags.panoramaBand ?? (flags.panoramaWidth !== null ? 0 : undefined),
      sink: storage ?? undefined,
      // Lifting (occupancy, packing) runs in a worker: the main thread only files pages.
      lifter: (config) =>
        new WorkerLifter({
          spawn: () => new Worker(new URL('../workers/lift.worker.ts', import.meta.url), { type: 'module' }),
          config,
        }),
    },
    first,
  )
  // The walkers follow this world's ground from now on, before any frame is drawn with it, so the
  // eye is at its real height by the time the session first looks at the viewer's pose.
  stores.ground.getState().setGround(createLearntGround(session.ground))
  app.getState().setWorld({ prompt: first.prompt, ...(flags.poseError ? { message: flags.poseError } : {}) })
  if (storage && (!restore || !stored?.document)) await storage.saveWorld(first)
  if (storage && restore) {
    app.getState().setWorld({ phase: 'restoring' })
    // Frames around where the viewer opens are read now; the rest wait in storage until it nears.
    if (flags.pose) session.openAt(flags.pose.x, flags.pose.z)
    await storage.restore(restore, session)
    // Lifting runs in a worker: wait for the restored ground before the session looks at the eye.
    await session.filed()
  }
  session.streaming = true

  const publish = (): void => {
    const active = selector.status().active
    const s = session.stats
    const patch: Partial<WorldStatus> = {
      prompt: s.prompt,
      source: active?.kind ?? null,
      backend: active?.backend ?? null,
      modelId: active?.modelId ?? null,
      frames: s.frames,
      restoredFrames: s.restoredFrames,
      modelCalls: s.modelCalls,
      inFlight: session.inFlight,
      modelMs: Number.isNaN(s.modelMsEma) ? null : s.modelMsEma,
      splats: s.splats,
      phase: !active
        ? worker.status().health === 'failed' && !edge
          ? 'error'
          : s.restoredFrames > 0
            ? 'ready'
            : 'starting'
        : session.inFlight > 0
          ? session.sharpening
            ? 'sharpening'
            : 'generating'
          : 'ready',
    }
    if (storage?.message) patch.message = storage.message
    else if (!active && worker.status().error) patch.message = worker.status().error
    app.getState().setWorld(patch)
  }
  const timer = setInterval(publish, 250)
  const unsubscribe = selector.subscribe(publish)

  /** Hands an edit the document has applied to the session (render) and storage (keep). */
  const commit = (change: WorldChange, focus: Footprint | null): void => {
    const world = specOf(session.world.id, session.world.prompt)
    session.applyChange(world, change, focus)
    // Storage keeps the frames the edit did not touch, and the sky if the session kept it.
    const geometry = session.scheduler.geometry
    const keepPanorama = session.stats.hasPanorama
    void storage?.saveWorld(world, { footprints: change.footprints, geometry, keepPanorama })
  }

  // The part of the world that files and image prompts act on (they take nothing else).
  const editor: WorldEditor = {
    session,
    storage,
    get doc() {
      return doc
    },
    open(document: WorldDocument, prompt: string) {
      doc = document
      const world = specOf(newWorldId(), prompt)
      session.setWorld(world)
      app.getState().setWorld({ prompt, message: null })
      void storage?.saveWorld(world)
    },
    applyEdit(edit, focus) {
      const change = doc.apply(edit)
      commit(change, focus)
      return change
    },
  }
  const files = startFiles(app, editor, standalone ? 'standalone' : 'desktop')
  installImagePrompt(app, editor)

  const runtime: WorldRuntime = {
    session,
    selector,
    worker,
    edge,
    storage,
    get doc() {
      return doc
    },
    files,
    open: (document, prompt) => editor.open(document, prompt),
    applyEdit: (edit, focus) => editor.applyEdit(edit, focus),
    create(prompt: string) {
      editor.open(documentFromPrompt(prompt), prompt)
    },
    command(text) {
      const target = app.getState().target?.point ?? null
      const out = runCommand(text, { doc, pose: session.viewerPose, target })
      switch (out.kind) {
        case 'create':
          runtime.create(out.description)
          return out.message
        case 'change':
          commit(out.change, out.focus)
          return out.message
        case 'refine':
          // Same world, same version: only the order changes, so the area's frames come first.
          session.serveFirst(out.focus)
          return out.message
        case 'save':
          if (storage) {
            void storage.saveWorld(specOf(session.world.id, session.world.prompt)).then(() => storage.flush())
            return 'saved (it also saves by itself as you go)'
          }
          return 'cannot save: storage is unavailable'
        case 'error':
          return out.message
      }
    },
    openSaved(id: string): Promise<number> {
      if (!storage) return Promise.reject(new Error('cannot open: storage is unavailable'))
      return openSavedWorld(id, {
        storage,
        session,
        app,
        adopt: (stored: WorldData) => {
          doc = documentFromStored(stored)
          return { world: specOf(stored.id, stored.prompt), restorable: doc.version === stored.version }
        },
      })
    },
    dispose() {
      clearInterval(timer)
      stores.ground.getState().setGround(null)
      unsubscribe()
      files.dispose()
      session.dispose()
      selector.dispose()
      worker.dispose()
      edge?.dispose()
    },
  }
  app.setState({
    // Results are brief: the line clears itself unless something else replaced it meanwhile.
    submitPrompt: (text) => app.getState().flash(runtime.command(text)),
  })
  publish()
  return runtime
}
