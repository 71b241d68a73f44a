/**
 * A viewer far from anything seen (#14): the session finds the ground under them with a probe
 * frame before it asks for views there, and takes the sky panorama again where they are once they
 * are a kilometre from where it was taken. Synthetic frame source (a ground plane at a known
 * height, exact geometry), injected clock.
 */
import { describe, expect, it } from 'vitest'
import type { Frame, FrameRequest } from '../../src/core/frame'
import { PROBE_ALTITUDES, groundOfProbe, probeGround } from '../../src/core/ground/ground-probe'
import { groundPlane, renderSyntheticFrame } from '../../src/core/lift/synthetic-frame'
import { MATERIAL } from '../../src/core/material'
import { WorldSession, type WorldSpec } from '../../src/session'

const GROUND_Y = 37.5
const scene = groundPlane(GROUND_Y)
const WORLD: WorldSpec = { id: 'w1', prompt: 'a test plane', version: 1, regions: [] }

class PlaneSource {
  readonly requests: FrameRequest[] = []
  render(req: FrameRequest): Promise<Frame> {
    this.requests.push(req)
    const frame = renderSyntheticFrame(scene, req.pose, req.camera, req.id)
    return Promise.resolve({ ...frame, worldVersion: req.worldVersion, modelMs: 5 })
  }
}

const isProbe = (r: FrameRequest): boolean => r.camera.width === 16 && r.camera.fovYDeg === 2

function setup(panoramaWidth = 0) {
  const clock = { t: 0 }
  const source = new PlaneSource()
  const session = new WorldSession(
    { source, levels: [32, 64], panoramaWidth, panoramaPreviewWidth: 0, now: () => clock.t },
    WORLD,
  )
  session.streaming = true
  const step = async (x: number, y: number, z: number) => {
    session.tick(x, y, z, 0, 0, 0, 1)
    await session.settled()
    clock.t += 100
  }
  return { source, session, step }
}

describe('the ground under a viewer far from anything seen', () => {
  it('is probed before any view is asked for there, and the walkers then stand on it', async () => {
    const { source, session, step } = setup()
    // Arrived 6 km out with the eye still at the spawn's height: 36 m under this plane.
    session.tick(6000, 1.6, -4000, 0, 0, 0, 1)
    expect(source.requests).toHaveLength(1)
    const probe = source.requests[0]!
    expect(isProbe(probe)).toBe(true)
    expect(probe.pose.position).toEqual([6000, PROBE_ALTITUDES[0], -4000])
    expect(session.requestLog).toHaveLength(0)
    await session.settled()
    expect(session.ground.knownHeightAt(6000, -4000)).toBeCloseTo(GROUND_Y, 3)
    // While the eye is still under that ground (the walkers stand up on it at their next display
    // frame), nothing is asked: a frame from there would show the inside of the land.
    await step(6000, 1.6, -4000)
    expect(source.requests).toHaveLength(1)
    // Now the views: taken from where the walker stands (the app puts the eye over the ground).
    for (let i = 0; i < 3; i++) await step(6000, GROUND_Y + 1.6, -4000)
    expect(session.requestLog.length).toBeGreaterThan(0)
    expect(source.requests.filter(isProbe)).toHaveLength(1)
  })

  it('is not probed at the spawn of a new world, where the fallback stands', async () => {
    const { source, step } = setup()
    await step(0, 1.6, 0)
    expect(source.requests.length).toBeGreaterThan(0)
    expect(source.requests.filter(isProbe)).toHaveLength(0)
  })

  it('is probed again after the world changes (its ground was cleared)', async () => {
    const { source, session, step } = setup()
    await step(3000, 40, 0)
    session.setWorld({ ...WORLD, id: 'w2', version: 2 })
    await step(3000, 40, 0)
    expect(source.requests.filter(isProbe)).toHaveLength(2)
    expect(session.ground.knownHeightAt(3000, 0)).toBeCloseTo(GROUND_Y, 3)
  })
})

describe('probeGround', () => {
  const frameOf = (
    req: FrameRequest,
    depth: (i: number) => number,
    material?: (i: number) => number,
  ): Frame => ({
    requestId: req.id,
    pose: req.pose,
    camera: req.camera,
    worldVersion: 1,
    modelId: 'test',
    rgba: new Uint8Array(16 * 16 * 4),
    depth: Float32Array.from({ length: 256 }, (_, i) => depth(i)),
    ...(material ? { material: Uint8Array.from({ length: 256 }, (_, i) => material(i)) } : {}),
    modelMs: 1,
  })

  it('climbs to the next altitude when the probe is inside the land', async () => {
    const asked: number[] = []
    const found = await probeGround(
      (req) => {
        asked.push(req.pose.position[1])
        // Land at 390 m: from 150 m the model sees the inside of the hill at once.
        return Promise.resolve(
          frameOf(req, () => (req.pose.position[1] < 390 ? 0.2 : req.pose.position[1] - 390)),
        )
      },
      1,
      0,
      0,
      { worldVersion: 1, regions: [] },
    )
    expect(asked).toEqual([150, 400])
    expect(found?.height).toBeCloseTo(390, 5)
  })

  it('stands under the trees, not on them, and finds nothing where there is only sky', () => {
    const req = {
      pose: {
        position: [0, 150, 0] as [number, number, number],
        rotation: [0, 0, 0, 1] as [number, number, number, number],
      },
      camera: { model: 'perspective' as const, width: 16, height: 16 },
      id: 1,
    } as FrameRequest
    // A crown under the centre (8 m up), grass around it.
    const centre = (i: number) => Math.abs((i % 16) - 7.5) < 3 && Math.abs(Math.floor(i / 16) - 7.5) < 3
    const frame = frameOf(
      req,
      (i) => (centre(i) ? 142 : 150),
      (i) => (centre(i) ? MATERIAL.tree : MATERIAL.grass),
    )
    expect(groundOfProbe(frame)).toEqual({ height: 0, material: MATERIAL.grass })
    expect(groundOfProbe(frameOf(req, () => 0))).toBeNull()
  })
})

describe('the sky panorama of a long walk', () => {
  it('is taken again where the viewer is once they are a kilometre from where it was taken', async () => {
    const { source, session, step } = setup(32)
    const panoramas = () => source.requests.filter((r) => r.camera.model === 'equirect')
    for (let i = 0; i < 40 && !session.panorama; i++) await step(0, 1.6, 0)
    expect(panoramas()).toHaveLength(1)
    expect(panoramas()[0]!.pose.position[0]).toBe(0)
    // 900 m: the same one.
    for (let i = 0; i < 5; i++) await step(900, GROUND_Y + 1.6, 0)
    expect(panoramas()).toHaveLength(1)
    // 1.2 km: a new one from there, over the ground there; the old one is drawn until it comes.
    for (let i = 0; i < 5; i++) await step(1200, GROUND_Y + 1.6, 0)
    expect(panoramas()).toHaveLength(2)
    const [x, y, z] = panoramas()[1]!.pose.position
    expect([x, z]).toEqual([1200, 0])
    expect(y).toBeCloseTo(GROUND_Y + 1.6, 3)
    expect(session.panorama!.pose.position[0]).toBe(1200)
  })
})
