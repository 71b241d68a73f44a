import type { FrameSource } from '../core/frame-source'
import { setWalkableGround } from '../render/terrain'
import { EdgeSource } from '../sources/edge-source'
import { SourceSelector } from '../sources/source-selector'
import { WorkerSource } from '../sources/worker-source'
import type { WorldStore } from '../storage/world-store'
import type { AppStore, WorldStatus } from './app-store'
import { DEFAULT_PROMPT, promptAction, regionsFromPrompt } from './world-prompt'
import type { WorldFlags } from './world-flags'
import { WorldSession, type WorldSpec } from './world-session'

/** Spark's own defaults: 500K splats on standalone headsets, where the GPU is a phone's. */
const STANDALONE_BUDGET = 500_000
const DESKTOP_BUDGET = 1_500_000

function isStandaloneHeadset(): boolean {
  return /OculusBrowser|Quest|Pico|Vision/i.test(navigator.userAgent)
}

/** Everything behind the generated world: sources, the streaming session and storage. */
export interface WorldRuntime {
  session: WorldSession
  selector: SourceSelector
  worker: WorkerSource
  edge: EdgeSource | null
  storage: WorldStore | null
  /** Creates a new world from a description. */
  create(prompt: string): void
  /** Makes the current world look like `description` too (a new version of the same world). */
  restyle(description: string): void
  dispose(): void
}

function newWorldId(): string {
  return `w${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`
}

/** Starts the frame sources and the session for the world in the URL, in storage, or the default. */
export async function startWorldRuntime(
  app: AppStore,
  flags: WorldFlags,
  openStorage: () => Promise<WorldStore | null>,
): Promise<WorldRuntime> {
  const worker = new WorkerSource({
    spawn: () => new Worker(new URL('../workers/frame-model.worker.ts', import.meta.url), { type: 'module' }),
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
  const restore = stored && stored.prompt === wanted ? stored : null
  const first: WorldSpec = restore ?? {
    id: newWorldId(),
    prompt: wanted,
    version: 1,
    regions: regionsFromPrompt(wanted),
  }
  const session = new WorldSession(
    {
      selector,
      levels: flags.levels ?? undefined,
      maxInFlight: edge ? edge.maxInFlight : 1,
      splatBudget: flags.splatBudget ?? (isStandaloneHeadset() ? STANDALONE_BUDGET : DESKTOP_BUDGET),
      panoramaWidth: flags.panoramaWidth ?? undefined,
      sink: storage ?? undefined,
    },
    first,
  )
  // The walkers follow this world's ground from now on, before any frame is drawn with it, so the
  // eye is at its real height by the time the session first looks at the viewer's pose.
  setWalkableGround(session.ground)
  app.getState().setWorld({ prompt: first.prompt })
  if (storage && !restore) await storage.saveWorld(first)
  if (storage && restore) {
    app.getState().setWorld({ phase: 'restoring' })
    await storage.restore(restore, session)
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
          ? 'generating'
          : 'ready',
    }
    if (storage?.message) patch.message = storage.message
    else if (!active && worker.status().error) patch.message = worker.status().error
    app.getState().setWorld(patch)
  }
  const timer = setInterval(publish, 250)
  const unsubscribe = selector.subscribe(publish)

  const runtime: WorldRuntime = {
    session,
    selector,
    worker,
    edge,
    storage,
    create(prompt) {
      const world: WorldSpec = { id: newWorldId(), prompt, version: 1, regions: regionsFromPrompt(prompt) }
      session.setWorld(world)
      app.getState().setWorld({ prompt, message: null })
      void storage?.saveWorld(world)
    },
    restyle(description) {
      const prev = session.world
      const prompt = `${prev.prompt}, ${description}`
      const world: WorldSpec = {
        id: prev.id,
        prompt,
        version: prev.version + 1,
        regions: regionsFromPrompt(prompt, prev.regions[0]?.seed),
      }
      session.setWorld(world)
      app.getState().setWorld({ prompt, message: null })
      void storage?.saveWorld(world)
    },
    dispose() {
      clearInterval(timer)
      setWalkableGround(null)
      unsubscribe()
      session.dispose()
      selector.dispose()
      worker.dispose()
      edge?.dispose()
    },
  }
  app.setState({
    submitPrompt: (text) => {
      const action = promptAction(text)
      if (action.kind === 'create') runtime.create(action.description)
      else if (action.kind === 'restyle') runtime.restyle(action.description)
      else app.getState().setWorld({ message: action.message })
    },
  })
  publish()
  return runtime
}
