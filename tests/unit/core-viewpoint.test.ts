import { describe, expect, it } from 'vitest'
import { viewLink } from '../../src/app/view-link'
import { yawPitchQuat } from '../../src/core/pose'
import {
  formatViewpoint,
  parseViewpoint,
  poseOfViewpoint,
  viewpointOfPose,
} from '../../src/core/world/viewpoint'

const RAD = Math.PI / 180

describe('viewpoints: where a link opens the app', () => {
  it('reads a camera pose as position and heading: yaw 0 looks down -Z, 90 down -X (left), pitch up positive', () => {
    const at = (yaw: number, pitch: number) =>
      viewpointOfPose({ position: [5, 9, -7], rotation: yawPitchQuat(yaw * RAD, pitch * RAD) })
    expect(at(0, 0)).toMatchObject({ x: 5, z: -7 })
    expect(at(0, 0).yawDeg).toBeCloseTo(0, 9)
    expect(at(90, 0).yawDeg).toBeCloseTo(90, 9)
    expect(at(-135, 20).yawDeg).toBeCloseTo(-135, 9)
    expect(at(-135, 20).pitchDeg).toBeCloseTo(20, 9)
    expect(at(180, -30).yawDeg).toBeCloseTo(180, 9)
    expect(at(180, -30).pitchDeg).toBeCloseTo(-30, 9)
  })

  it('goes round the link: pose -> text -> viewpoint -> pose looks the same way within the rounding', () => {
    for (const [yaw, pitch] of [
      [0, 0],
      [37.25, -12.5],
      [-170, 45],
      [179.96, 3],
    ] as const) {
      const start = {
        position: [123.456, 4, -987.654] as [number, number, number],
        rotation: yawPitchQuat(yaw * RAD, pitch * RAD),
      }
      const back = poseOfViewpoint(parseViewpoint(formatViewpoint(viewpointOfPose(start))), 4)
      expect(back.position[0]).toBeCloseTo(123.46, 6)
      expect(back.position[2]).toBeCloseTo(-987.65, 6)
      const dot = back.rotation.reduce((a, q, i) => a + q * start.rotation[i]!, 0)
      // Within the 0.05 degrees of rounding (and a hair): |dot| = cos(angle / 2).
      expect(Math.abs(dot)).toBeGreaterThan(Math.cos((0.06 * RAD) / 2))
    }
  })

  it('keeps pitch off the poles and wraps yaw', () => {
    expect(parseViewpoint('0,0,540,95')).toEqual({ x: 0, z: 0, yawDeg: 180, pitchDeg: 89 })
    expect(parseViewpoint(' 1 , 2 , -190 ').yawDeg).toBe(170)
  })

  it('a view link carries the prompt and the pose, never ?fresh, and keeps the other switches', () => {
    const link = viewLink(
      'https://worldwalk.example/app/?fresh&levels=64,128&pose=1,1,1#menu',
      'a misty pine forest & a river',
      { x: 12.3456, z: -7, yawDeg: 45.04, pitchDeg: -5 },
    )
    const url = new URL(link)
    expect(url.pathname).toBe('/app/')
    expect(url.searchParams.has('fresh')).toBe(false)
    expect(url.searchParams.get('levels')).toBe('64,128')
    expect(url.searchParams.get('prompt')).toBe('a misty pine forest & a river')
    expect(url.searchParams.get('pose')).toBe('12.35,-7,45,-5')
    expect(url.hash).toBe('')
  })
})
