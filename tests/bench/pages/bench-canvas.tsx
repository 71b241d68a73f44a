/**
 * The r3f Canvas the bench pages draw the app's components in, as the app mounts its own: a
 * 70-degree camera at eye height over the spawn, no antialiasing, one pixel per CSS pixel.
 */
import { Canvas } from '@react-three/fiber'
import type { ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import type { Scene } from 'three'

export function mountBenchCanvas(children: ReactNode, onScene: (scene: Scene) => void): void {
  createRoot(document.body.appendChild(document.createElement('div'))).render(
    <Canvas
      gl={{ antialias: false }}
      dpr={1}
      camera={{ fov: 70, near: 0.05, far: 1500, position: [0, 1.6, 0] }}
      onCreated={(state) => onScene(state.scene)}
    >
      {children}
    </Canvas>,
  )
}
