import { describe, expect, it } from 'vitest'
import { PageGroups } from '../../src/render/page-groups'

describe('page groups: which pages are drawn as one mesh', () => {
  it('puts 4 x 4 pages in one group, negative chunks included, and hands each touched group back once', () => {
    // Group 0 holds pages -2 to 1 on each axis (centred on the world's origin).
    const g = new PageGroups<string>(4)
    g.set('-2,-2', -2, -2, 'a')
    g.set('1,1', 1, 1, 'b')
    g.set('2,0', 2, 0, 'c')
    g.set('-3,0', -3, 0, 'd')
    expect(g.takeChanged()).toEqual([
      { id: '-1,0', parts: ['d'], firstChanged: 0 },
      { id: '0,0', parts: ['a', 'b'], firstChanged: 0 },
      { id: '1,0', parts: ['c'], firstChanged: 0 },
    ])
    expect(g.size).toBe(3)
    expect(g.takeChanged()).toEqual([])
  })

  it('hands back at most so many groups a call, those touched first, the rest with their newest parts later', () => {
    const g = new PageGroups<string>(4)
    g.set('8,0', 8, 0, 'c')
    g.set('0,0', 0, 0, 'a')
    g.set('4,0', 4, 0, 'b')
    expect(g.takeChanged(2)).toEqual([
      { id: '0,0', parts: ['a'], firstChanged: 0 },
      { id: '2,0', parts: ['c'], firstChanged: 0 },
    ])
    expect(g.pending).toBe(1)
    // Touched again while waiting: taken once, with the part it holds now.
    g.set('4,0', 4, 0, 'b2')
    g.set('0,0', 0, 0, 'a2')
    expect(g.takeChanged(1)).toEqual([{ id: '1,0', parts: ['b2'], firstChanged: 0 }])
    expect(g.takeChanged(1)).toEqual([{ id: '0,0', parts: ['a2'], firstChanged: 0 }])
    expect(g.pending).toBe(0)
  })

  it('a changed page rebuilds only its own group, with every part the group still holds', () => {
    const g = new PageGroups<string>(4)
    for (const [id, cx, cz] of [
      ['0,0', 0, 0],
      ['1,0', 1, 0],
      ['5,5', 5, 5],
    ] as const)
      g.set(id, cx, cz, `v1:${id}`)
    g.takeChanged()
    g.set('1,0', 1, 0, 'v2:1,0')
    expect(g.takeChanged()).toEqual([{ id: '0,0', parts: ['v1:0,0', 'v2:1,0'], firstChanged: 1 }])
  })

  it('a removed page leaves the rest of its group; the last one leaves an empty group to drop', () => {
    const g = new PageGroups<string>(4)
    g.set('0,0', 0, 0, 'a')
    g.set('1,1', 1, 1, 'b')
    g.takeChanged()
    g.remove('0,0')
    expect(g.takeChanged()).toEqual([{ id: '0,0', parts: ['b'], firstChanged: 0 }])
    g.remove('1,1')
    expect(g.takeChanged()).toEqual([{ id: '0,0', parts: [], firstChanged: 0 }])
    expect(g.size).toBe(0)
    g.remove('9,9')
    expect(g.takeChanged()).toEqual([])
  })

  it('says how many leading parts a mesh already holds: pages keep their places, new ones join at the end', () => {
    // Ids name pages 2 up and 2 right of the ones set: group 0 holds pages -2 to 1.
    const g = new PageGroups<string>(4)
    for (const id of ['2,2', '0,0', '1,0']) g.set(id, Number(id[0]) - 2, Number(id[2]) - 2, `v1:${id}`)
    expect(g.takeChanged()[0]).toEqual({ id: '0,0', parts: ['v1:2,2', 'v1:0,0', 'v1:1,0'], firstChanged: 0 })
    // Only the last page grew: the two before it are where the mesh has them.
    g.set('1,0', 1 - 2, 0 - 2, 'v2:1,0')
    expect(g.takeChanged()[0]!.firstChanged).toBe(2)
    // A new page joins at the end; the others stand.
    g.set('3,3', 3 - 2, 3 - 2, 'v1:3,3')
    expect(g.takeChanged()[0]).toEqual({
      id: '0,0',
      parts: ['v1:2,2', 'v1:0,0', 'v2:1,0', 'v1:3,3'],
      firstChanged: 3,
    })
    // A page gone from the middle moves every part after it.
    g.remove('0,0')
    expect(g.takeChanged()[0]).toEqual({ id: '0,0', parts: ['v1:2,2', 'v2:1,0', 'v1:3,3'], firstChanged: 1 })
    // A page changed and changed back while waiting still counts as changed.
    g.set('2,2', 2 - 2, 2 - 2, 'v1:2,2')
    expect(g.takeChanged()[0]!.firstChanged).toBe(0)
    // Nothing is assumed of a group after clear().
    g.set('1,0', 1 - 2, 0 - 2, 'v3:1,0')
    g.clear()
    g.set('1,0', 1 - 2, 0 - 2, 'v3:1,0')
    expect(g.takeChanged()[0]!.firstChanged).toBe(0)
  })

  it('draws each group from its centre, at the height of its first page, until it empties', () => {
    const g = new PageGroups<string>(4, 32)
    // Pages 186-189 by -126 to -123: x 5952-6080, z -4032 to -3904.
    expect(g.origin(189, -126, 30.6)).toEqual([6016, 31, -3968])
    // A later page of the same group keeps the group's origin (its parts share one mesh).
    expect(g.origin(186, -123, 250)).toEqual([6016, 31, -3968])
    expect(g.groupOf(190, -126)).not.toBe(g.groupOf(189, -126))
    g.set('189,-126', 189, -126, 'a')
    expect(g.originOf(g.groupOf(189, -126))).toEqual([6016, 31, -3968])
    g.remove('189,-126')
    expect(g.origin(189, -126, 250)).toEqual([6016, 250, -3968])
  })

  it("centres a group on the world's origin, where a walk starts: the four pages round it share one", () => {
    // Cornered by four groups, the first view's splats were 64 m from their origins, stored in
    // 3 cm steps: the near water drew as a checkerboard of 1-2 cm splats and gaps.
    const g = new PageGroups<string>(4, 32)
    expect(new Set([g.groupOf(-1, -1), g.groupOf(0, 0), g.groupOf(-2, 1), g.groupOf(1, -2)]).size).toBe(1)
    expect(g.origin(0, 0, 1.2)).toEqual([0, 1, 0])
    expect(g.groupOf(2, 0)).not.toBe(g.groupOf(1, 0))
    expect(g.origin(2, 0, 0)).toEqual([128, 0, 0])
    // Odd spans centre on their middle page.
    expect(new PageGroups<string>(1, 32).origin(3, -1, 0)).toEqual([112, 0, -16])
  })
})
