/**
 * The render bench's page (tests/bench/render-cost.ts drives it). `?mode=` picks what draws the
 * same `?splats=` synthetic splats from the same pose:
 * - `bare`: three.js WebGLRenderer + SparkRenderer + one SplatMesh over one PackedSplats, no React.
 * - `pages`: the app's r3f Canvas with SplatPages over a WorldSession's SplatStore pages.
 * - `app`: the same Canvas with GeneratedWorld (session tick, sky, lights, ground picker, pages).
 * `window.__bench.ready` turns true once every splat is handed to Spark.
 */
import { Canvas, useFrame } from '@react-three/fiber'
import { SparkRenderer, SplatMesh } from '@sparkjsdev/spark'
import { useMemo } from 'react'
import { createRoot } from 'react-dom/client'
import { PerspectiveCamera, Scene, WebGLRenderer } from 'three'
import { WorldSession } from '../../../src/session/world-session'
import type { FrameSource } from '../../../src/core/frame-source'
import { GeneratedWorld } from '../../../src/render/generated-world'
import { buildPageMesh } from '../../../src/render/splat-page-mesh'
import { SplatPages } from '../../../src/render/splat-pages'
import { SourceSelector } from '../../../src/sources/source-selector'
import { syntheticGroundSplats } from './synthetic-splats'

interface BenchState {
  mode: string
  ready: boolean
  splats: number
  meshes: number
  error: string | null
}

declare global {
  interface Window {
    __bench?: BenchState
  }
}

const params = new URLSearchParams(location.search)
const mode = params.get('mode') ?? 'bare'
const count = Number(params.get('splats') ?? 500_000)
const state: BenchState = { mode, ready: false, splats: count, meshes: 0, error: null }
window.__bench = state

/** Same pose, lens and Spark settings on every page: eye height over the spawn, looking north. */
const EYE: [number, number, number] = [0, 1.6, 0]
const FOV = 70
const MAX_STD_DEV = Math.sqrt(5)

/** The session never streams here; a selector needs a source, and this one is never called. */
const idleSource: FrameSource = {
  kind: 'worker',
  maxInFlight: 1,
  status: () => ({ health: 'ready', modelId: 'bench', backend: 'none', error: null }),
  subscribe: () => () => {},
  render: () => Promise.reject(new Error('the render bench never asks for frames')),
  dispose: () => {},
}

function runBare(): void {
  const renderer = new WebGLRenderer({ antialias: false })
  renderer.setPixelRatio(1)
  renderer.setSize(innerWidth, innerHeight)
  document.getElementById('root')!.appendChild(renderer.domElement)
  const camera = new PerspectiveCamera(FOV, innerWidth / innerHeight, 0.05, 1500)
  camera.position.set(...EYE)
  const scene = new Scene()
  scene.add(new SparkRenderer({ renderer, maxStdDev: MAX_STD_DEV }))
  const mesh = buildPageMesh(syntheticGroundSplats(count))
  scene.add(mesh)
  state.meshes = 1
  renderer.setAnimationLoop(() => renderer.render(scene, camera))
  mesh.initialized.then(
    () => (state.ready = true),
    (e: unknown) => (state.error = String(e)),
  )
}

/** Marks the page ready once SplatPages has turned every dirty page into a mesh. */
function ReadyWhenBuilt({ session }: { session: WorldSession }) {
  useFrame(({ scene }) => {
    if (state.ready || session.dirtyPages.size > 0) return
    let meshes = 0
    scene.traverse((o) => {
      if (o instanceof SplatMesh) meshes++
    })
    state.meshes = meshes
    state.ready = meshes > 0
  })
  return null
}

function AppScene({ withWorld }: { withWorld: boolean }) {
  const session = useMemo(() => {
    const s = new WorldSession(
      { source: new SourceSelector([idleSource]), panoramaWidth: 0, splatBudget: 10_000_000 },
      { id: 'bench', prompt: 'render bench', version: 1, regions: [] },
    )
    for (const id of s.store.add(syntheticGroundSplats(count))) s.dirtyPages.add(id)
    return s
  }, [])
  return (
    <>
      {withWorld ? (
        <GeneratedWorld session={session} target={null} inVR={false} onPick={() => {}} />
      ) : (
        <SplatPages session={session} />
      )}
      <ReadyWhenBuilt session={session} />
    </>
  )
}

function runApp(withWorld: boolean): void {
  createRoot(document.getElementById('root')!).render(
    <Canvas gl={{ antialias: false }} dpr={1} camera={{ fov: FOV, near: 0.05, far: 1500, position: EYE }}>
      <AppScene withWorld={withWorld} />
    </Canvas>,
  )
}

try {
  if (mode === 'bare') runBare()
  else if (mode === 'pages' || mode === 'app') runApp(mode === 'app')
  else throw new Error(`unknown mode ${mode}`)
} catch (e) {
  state.error = String(e)
}
