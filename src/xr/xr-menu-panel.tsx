import type { ThreeEvent } from '@react-three/fiber'
import { useFrame, useThree } from '@react-three/fiber'
import { useXRInputSourceEvent, useXRStore } from '@react-three/xr'
import { useEffect, useMemo, useRef } from 'react'
import { CanvasTexture, Mesh, SRGBColorSpace, type Intersection, type Raycaster } from 'three'
import { useStores } from '../ui/react/stores-context'
import { runPanelAction } from '../ui/panels/panel-actions'
import { drawPanel, type PanelImages } from '../ui/panels/panel-canvas'
import {
  CANVAS_H,
  CANVAS_W,
  hitBox,
  layoutPanel,
  PANEL_HEIGHT_M,
  PANEL_WIDTH_M,
  uvToCanvas,
  type Box,
} from '../ui/panels/panel-layout'
import { buildPanel } from '../ui/panels/panel-model'
import { readRay } from './head-pose'
import { rayPanelDistance } from './panel-hit'
import { xrLive } from './xr-live'

/** Where the panel opens: at arm's length in front of the head, a little below eye level. */
export const PANEL_DISTANCE = 0.6
export const PANEL_DROP = 0.12
/** The left controller button that opens and closes the menu (Y on Quest Touch controllers). */
export const MENU_BUTTON = 'y-button'

function noRaycast(): void {}
function meshRaycast(this: Mesh, raycaster: Raycaster, hits: Intersection[]): void {
  Mesh.prototype.raycast.call(this, raycaster, hits)
}

const headPos = { x: 0, y: 0, z: 0 }
const headDir = { x: 0, y: 0, z: 0 }
const handPos = { x: 0, y: 0, z: 0 }
const handDir = { x: 0, y: 0, z: 0 }

/**
 * The in-headset menu: the shared menu pages (status, prompts, world, worlds, settings) drawn into a canvas
 * texture on a floating plane. Opens in front of the head with the left Y button and stays put in the
 * world (a panel glued to the head is uncomfortable); with hand tracking a left-hand pinch toggles it.
 * Operated by ray + trigger, hand pinch or a
 * fingertip poke: all arrive as pointer events carrying the texture uv, which hitBox maps to a control.
 */
export function XRMenuPanel() {
  const { app, menu: menuStore, settings: settingsStore, gallery: galleryStore } = useStores()
  const xrStore = useXRStore()
  const xr = useThree((s) => s.gl.xr)
  const mesh = useRef<Mesh>(null)
  const boxes = useRef<Box[]>([])
  const hover = useRef<Box | null>(null)
  const pressed = useRef<Box | null>(null)
  const wasPressed = useRef(false)
  const placed = useRef(false)
  const redraw = useRef<() => void>(() => {})

  const { canvas, texture } = useMemo(() => {
    const c = document.createElement('canvas')
    c.width = CANVAS_W
    c.height = CANVAS_H
    const t = new CanvasTexture(c)
    t.colorSpace = SRGBColorSpace
    t.anisotropy = 4
    return { canvas: c, texture: t }
  }, [])

  useEffect(() => () => texture.dispose(), [texture])

  // Gallery thumbnails, decoded once per Blob; a finished decode redraws the page.
  const bitmaps = useMemo(() => new Map<Blob, ImageBitmap | 'pending' | 'failed'>(), [])
  useEffect(
    () => () => {
      for (const b of bitmaps.values()) if (typeof b === 'object') b.close()
      bitmaps.clear()
    },
    [bitmaps],
  )
  const images = useMemo<PanelImages>(
    () => (blob) => {
      const b = bitmaps.get(blob)
      if (typeof b === 'object') return b
      if (b === undefined) {
        bitmaps.set(blob, 'pending')
        createImageBitmap(blob).then(
          (bmp) => {
            bitmaps.set(blob, bmp)
            redraw.current()
          },
          () => bitmaps.set(blob, 'failed'),
        )
      }
      return null
    },
    [bitmaps],
  )

  // Redraw whenever what the page shows changes (not every frame: a canvas upload costs).
  useEffect(() => {
    const ctx = canvas.getContext('2d')
    if (!ctx) return
    const draw = () => {
      const view = buildPanel(
        menuStore.getState().tab,
        app.getState(),
        settingsStore.getState().settings,
        galleryStore.getState(),
      )
      boxes.current = layoutPanel(view)
      drawPanel(ctx, boxes.current, hover.current, images)
      texture.needsUpdate = true
    }
    redraw.current = draw
    draw()
    const subs = [
      menuStore.subscribe(draw),
      settingsStore.subscribe(draw),
      app.subscribe(draw),
      galleryStore.subscribe(draw),
    ]
    return () => {
      subs.forEach((u) => u())
      redraw.current = () => {}
    }
  }, [app, menuStore, settingsStore, galleryStore, canvas, texture, images])

  useFrame((state) => {
    const m = mesh.current
    if (!m) return
    const presenting = xr.isPresenting
    // Toggle on the press (rising edge) of the left menu button.
    const left = xrStore
      .getState()
      .inputSourceStates.find((s) => s.type === 'controller' && s.inputSource.handedness === 'left')
    const pressed = left?.type === 'controller' && left.gamepad[MENU_BUTTON]?.state === 'pressed'
    if (pressed && !wasPressed.current) menuStore.getState().toggle()
    wasPressed.current = pressed
    const open = presenting && menuStore.getState().open
    if (open && !placed.current) {
      // Open in front of where the person looks, level (ignoring head pitch), facing them.
      readRay(state.camera, headPos, headDir)
      const len = Math.hypot(headDir.x, headDir.z) || 1
      const fx = headDir.x / len
      const fz = headDir.z / len
      m.position.set(headPos.x + fx * PANEL_DISTANCE, headPos.y - PANEL_DROP, headPos.z + fz * PANEL_DISTANCE)
      m.rotation.set(0, Math.atan2(-fx, -fz), 0)
      placed.current = true
    }
    if (!open) placed.current = false
    m.visible = open
    // three's raycaster ignores `visible`: a closed panel must not catch rays.
    m.raycast = open ? meshRaycast : noRaycast
    xrLive.panel = open ? { object: m, width: PANEL_WIDTH_M, height: PANEL_HEIGHT_M } : null
  })

  // Hands have no Y button: a left-hand pinch that is not on the panel toggles the menu instead
  // (the right hand's pinch is the trigger: it targets the world).
  const session = useThree((s) => s.gl.xr.getSession())
  useXRInputSourceEvent(
    session ? 'all' : undefined,
    'select',
    (e) => {
      if (!e.inputSource.hand || e.inputSource.handedness !== 'left') return
      const ray = xrLive.rays.left
      const panel = xrLive.panel
      if (ray && panel) {
        readRay(ray, handPos, handDir)
        if (rayPanelDistance(handPos, handDir, panel.object, panel.width, panel.height) !== null) return
      }
      menuStore.getState().toggle()
    },
    [menuStore],
  )

  const boxAt = (e: ThreeEvent<PointerEvent | MouseEvent>) => {
    if (!e.uv) return null
    const p = uvToCanvas(e.uv.x, e.uv.y)
    return hitBox(boxes.current, p.x, p.y)
  }
  const setHover = (b: Box | null) => {
    if (b === hover.current) return
    hover.current = b
    redraw.current()
  }

  return (
    <mesh
      ref={mesh}
      name="xr-menu-panel"
      visible={false}
      renderOrder={5_000}
      onPointerDown={(e) => {
        e.stopPropagation()
        pressed.current = boxAt(e)
      }}
      onPointerMove={(e) => setHover(boxAt(e))}
      onPointerLeave={() => {
        pressed.current = null
        setHover(null)
      }}
      // Activate on release over the control that was pressed, like a desktop button. Not onClick:
      // that needs press and release within 300 ms, which a slow frame or a deliberate poke exceeds.
      onPointerUp={(e) => {
        e.stopPropagation()
        const b = boxAt(e)
        const down = pressed.current
        pressed.current = null
        if (b?.action && b.enabled && down && down.x === b.x && down.y === b.y)
          runPanelAction(b.action, {
            appState: () => app.getState(),
            settings: settingsStore,
            menu: menuStore,
            gallery: galleryStore,
          })
      }}
    >
      <planeGeometry args={[PANEL_WIDTH_M, PANEL_HEIGHT_M]} />
      <meshBasicMaterial map={texture} transparent toneMapped={false} />
    </mesh>
  )
}
