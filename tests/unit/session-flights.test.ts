import { describe, expect, it } from 'vitest'
import type { ScheduledRequest } from '../../src/core/stream'
import { Flights } from '../../src/session/flights'

const req = (id: number) => ({ id }) as unknown as ScheduledRequest

describe('the session requests in flight', () => {
  it('cancels by id, aborting the request, and forgets an answered one unless its id went out again', () => {
    const f = new Flights()
    const a = req(1)
    const signal = f.add(a)
    f.add(req(2))
    expect(f.requests().map((r) => (r as ScheduledRequest).id)).toEqual([1, 2])
    f.cancel(1)
    expect(signal.aborted).toBe(true)
    expect(f.size).toBe(1)
    f.cancel(99)
    // Id 1 sent again; the first one's late answer must not take the new one off the list.
    const again = req(1)
    f.add(again)
    f.settled(a)
    expect(f.size).toBe(2)
    f.settled(again)
    expect(f.size).toBe(1)
  })

  it('aborts everything at once, and hands the scheduler the same array each time', () => {
    const f = new Flights()
    const signals = [f.add(req(1)), f.add(req(2))]
    const list = f.requests()
    expect(f.requests()).toBe(list)
    f.abortAll()
    expect(signals.every((s) => s.aborted)).toBe(true)
    expect(f.size).toBe(0)
    expect(f.requests()).toHaveLength(0)
  })
})
