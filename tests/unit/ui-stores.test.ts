/** The state root: every store built by createStores, nothing shared between two apps; one ground. */
import { describe, expect, it } from 'vitest'
import { createTerrainGround } from '../../src/core/ground/height-field-ground'
import { placeholderHeight, WATER_LEVEL } from '../../src/core/ground/placeholder-terrain'
import { WorldGround } from '../../src/core/ground/world-ground'
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
    learnt.record(10, WATER_LEVEL - 1, 10, 0.1)
    ground.getState().setGround(createTerrainGround(learnt))
    expect(ground.getState().ground.heightAt(30.5, -19.5)).toBe(4.5)
    expect(ground.getState().ground.isWater(10.5, 10.5)).toBe(true)
    ground.getState().setGround(null)
    expect(ground.getState().ground.heightAt(30, -20)).toBe(placeholderHeight(30, -20))
  })
})
