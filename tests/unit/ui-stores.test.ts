/** The state root: every store built by createStores, nothing shared between two apps; one ground. */
import { describe, expect, it, vi } from 'vitest'
import { createLearntGround } from '../../src/core/ground/learnt-ground'
import { placeholderHeight } from '../../src/core/ground/placeholder-terrain'
import { WorldGround } from '../../src/core/ground/world-ground'
import { MATERIAL } from '../../src/core/material'
import { FLASH_MS } from '../../src/ui/app-store'
import { createStores } from '../../src/ui/stores'

describe('createStores', () => {
  it('builds independent stores: two apps share no state', () => {
    const a = createStores()
    const b = createStores()
    a.menu.getState().setTab('settings')
    a.settings.getState().update({ moveSpeed: 3 })
    a.gallery.getState().set({ page: 2 })
    a.app.getState().setMode('vr')
    expect(b.menu.getState().tab).toBe('status')
    expect(b.settings.getState().settings.moveSpeed).not.toBe(3)
    expect(b.gallery.getState().page).toBe(0)
    expect(b.app.getState().mode).toBe('desktop')
  })

  it('walks the placeholder until a world sets its learnt ground, and again after it stops', () => {
    const { ground } = createStores()
    expect(ground.getState().ground.heightAt(30, -20)).toBe(placeholderHeight(30, -20))
    const learnt = new WorldGround()
    learnt.record(30, 4.5, -20, 0.1)
    learnt.record(10, 0, 10, 0.1, MATERIAL.water)
    ground.getState().setGround(createLearntGround(learnt))
    expect(ground.getState().ground.heightAt(30.5, -19.5)).toBe(4.5)
    expect(ground.getState().ground.isWater(10.5, 10.5)).toBe(true)
    ground.getState().setGround(null)
    expect(ground.getState().ground.heightAt(30, -20)).toBe(placeholderHeight(30, -20))
  })
})

describe('app store: brief lines and viewpoints', () => {
  it('flash shows a line that clears itself, unless another line replaced it', () => {
    vi.useFakeTimers()
    try {
      const { app } = createStores()
      app.getState().flash('copied a link')
      expect(app.getState().world.message).toBe('copied a link')
      vi.advanceTimersByTime(FLASH_MS + 1)
      expect(app.getState().world.message).toBeNull()
      app.getState().flash('first')
      vi.advanceTimersByTime(FLASH_MS / 2)
      app.getState().flash('second')
      vi.advanceTimersByTime(FLASH_MS / 2 + 1)
      expect(app.getState().world.message).toBe('second')
      vi.advanceTimersByTime(FLASH_MS)
      expect(app.getState().world.message).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })

  it('goTo counts requests, so going to the same place twice moves the viewer twice', () => {
    const { app } = createStores()
    const at = { x: 1, z: 2, yawDeg: 30, pitchDeg: 0 }
    app.getState().goTo(at)
    app.getState().goTo(at)
    expect(app.getState().viewpoint).toEqual({ at, seq: 2 })
  })
})
