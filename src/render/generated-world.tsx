import { useFrame, type ThreeEvent } from '@react-three/fiber'
import { useRef, useState } from 'react'
import { Quaternion, Vector3 } from 'three'
import type { WorldTarget } from '../ui/app-store'
import type { WorldSession } from '../session/world-session'
import { GroundPicker } from './ground-picker'
import { PlacedSplats, type PlacedSplatsSource } from './placed-splats'
import { Sky } from './sky'
import { SkyPanorama } from './sky-panorama'
import { SplatPages } from './splat-pages'
import { TargetMarker } from './target-marker'
import { viewerPose } from './viewer-pose'

/** A click on the desktop counts as a pick only if the mouse barely moved (otherwise it was a look-drag). */
const CLICK_SLOP_PX = 5

const position = new Vector3()
const rotation = new Quaternion()

export interface GeneratedWorldProps {
  session: WorldSession
  target: WorldTarget | null
  inVR: boolean
  onPick: (point: [number, number, number], source: WorldTarget['source']) => void
  /** Imported files placed in the world (app/files); none when absent. */
  placed?: PlacedSplatsSource
}

/**
 * The world made by the frame model: splat pages, the model's own sky, the ground learnt from the
 * frames (walking and picking), and the loop that feeds the viewer's pose to the session.
 */
export function GeneratedWorld({ session, target, inVR, onPick, placed }: GeneratedWorldProps) {
  const [revision, setRevision] = useState(session.worldRevision)
  const seen = useRef(session.worldRevision)

  useFrame(({ camera, gl }) => {
    viewerPose(gl, camera, position, rotation)
    session.tick(position.x, position.y, position.z, rotation.x, rotation.y, rotation.z, rotation.w)
    if (session.worldRevision !== seen.current) {
      seen.current = session.worldRevision
      setRevision(session.worldRevision)
    }
  })

  const pick = (e: ThreeEvent<PointerEvent | MouseEvent>, source: WorldTarget['source']) => {
    e.stopPropagation()
    onPick([e.point.x, e.point.y, e.point.z], source)
  }
  const panorama = revision >= 0 ? session.panorama : null
  return (
    <>
      {/* Splats carry their own lighting; these light only the controllers and markers. */}
      <hemisphereLight args={['#dfe8ef', '#6d6a5e', 1.2]} />
      <directionalLight position={[20, 30, -20]} intensity={1.5} />
      {panorama ? <SkyPanorama frame={panorama} /> : <Sky />}
      <SplatPages session={session} />
      {placed && <PlacedSplats source={placed} />}
      <GroundPicker
        ground={session.ground}
        onPointerDown={(e) => {
          if (inVR) pick(e, 'controller')
        }}
        onClick={(e) => {
          if (!inVR && e.delta <= CLICK_SLOP_PX) pick(e, 'mouse')
        }}
      />
      <TargetMarker target={target} />
    </>
  )
}
