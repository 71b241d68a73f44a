import { describe, expect, it } from 'vitest'
import { WriteQueue } from '../../src/storage/write-queue'

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('the store write queue', () => {
  it('runs tasks one at a time in the order they were queued, even when an early one is slow', async () => {
    const q = new WriteQueue(() => undefined)
    const log: string[] = []
    let running = 0
    let most = 0
    const task = (name: string, ms: number) => async () => {
      running++
      most = Math.max(most, running)
      log.push(`start ${name}`)
      await tick(ms)
      log.push(`end ${name}`)
      running--
      return name
    }
    const results = await Promise.all([
      q.run(task('a', 30)),
      q.runReported(task('b', 1)),
      q.run(task('c', 10)),
      q.runReported(task('d', 0)),
    ])
    expect(results).toEqual(['a', 'b', 'c', 'd'])
    expect(most).toBe(1)
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c', 'start d', 'end d'])
  })

  it('keeps going after a failure; only runReported failures reach onError', async () => {
    const reported: unknown[] = []
    const q = new WriteQueue((err) => reported.push(err))
    const quiet = q.run(() => Promise.reject(new Error('rename refused')))
    const loud = q.runReported(() => Promise.reject(new Error('frame write failed')))
    const after = q.run(() => Promise.resolve('still runs'))
    await expect(quiet).rejects.toThrow('rename refused')
    await expect(loud).rejects.toThrow('frame write failed')
    await expect(after).resolves.toBe('still runs')
    expect(reported.map((e) => (e as Error).message)).toEqual(['frame write failed'])
  })

  it('settled() says whether the queue stood still while it waited', async () => {
    const q = new WriteQueue(() => undefined)
    void q.run(() => tick(5))
    const first = q.settled()
    // Queued while the first wait is in progress: that wait does not cover it.
    void q.run(() => tick(5))
    expect(await first).toBe(false)
    expect(await q.settled()).toBe(true)
  })
})
