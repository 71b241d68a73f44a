import { describe, expect, it } from 'vitest'
import { formatBytes, formatUsage, formatWhen } from '../../src/ui/gallery/gallery-format'

/** A local-time instant (the gallery words dates in the viewer's time zone). */
const at = (y: number, mo: number, d: number, h = 12, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime()

describe('gallery sizes', () => {
  it('words bytes in decimal units with one decimal below ten', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(950)).toBe('950 B')
    expect(formatBytes(1000)).toBe('1.0 KB')
    expect(formatBytes(3_400_000)).toBe('3.4 MB')
    expect(formatBytes(12_345_678)).toBe('12 MB')
    expect(formatBytes(2_100_000_000)).toBe('2.1 GB')
    // Rounding never shows "1000 KB".
    expect(formatBytes(999_999)).toBe('1.0 MB')
    expect(formatBytes(9_960_000)).toBe('10 MB')
  })

  it('shows a dash for sizes that are not sizes', () => {
    expect(formatBytes(-1)).toBe('—')
    expect(formatBytes(Number.NaN)).toBe('—')
    expect(formatBytes(Infinity)).toBe('—')
  })
})

describe('gallery dates', () => {
  const now = at(2026, 11, 28, 14, 30)

  it('says just now, today and yesterday with the time', () => {
    expect(formatWhen(now - 20_000, now)).toBe('just now')
    expect(formatWhen(at(2026, 11, 28, 14, 2), now)).toBe('today 14:02')
    expect(formatWhen(at(2026, 11, 28, 0, 5), now)).toBe('today 00:05')
    expect(formatWhen(at(2026, 11, 27, 9, 15), now)).toBe('yesterday 09:15')
  })

  it('counts calendar days, not 24-hour spans', () => {
    const justAfterMidnight = at(2026, 11, 28, 0, 10)
    expect(formatWhen(at(2026, 11, 27, 23, 50), justAfterMidnight)).toBe('yesterday 23:50')
    expect(formatWhen(at(2026, 11, 25, 23, 0), now)).toBe('3 days ago')
    expect(formatWhen(at(2026, 11, 22, 8, 0), now)).toBe('6 days ago')
  })

  it('gives the date after a week, with the year when it is another year', () => {
    expect(formatWhen(at(2026, 11, 21), now)).toBe('21 Nov')
    expect(formatWhen(at(2026, 3, 12), now)).toBe('12 Mar')
    expect(formatWhen(at(2025, 3, 12), now)).toBe('12 Mar 2025')
  })

  it('reads a time from a clock ahead of ours as just now, and a bad one as a dash', () => {
    expect(formatWhen(now + 3_600_000, now)).toBe('just now')
    expect(formatWhen(Number.NaN, now)).toBe('—')
  })
})

describe('storage line', () => {
  it('says how much is used of how much and whether it is kept', () => {
    expect(formatUsage({ usage: 12_000_000, quota: 2_100_000_000, persisted: true })).toBe(
      '12 MB of 2.1 GB used · kept: yes',
    )
    expect(formatUsage({ usage: 12_000_000, quota: null, persisted: false })).toBe('12 MB used · kept: no')
    expect(formatUsage({ usage: null, quota: null, persisted: null })).toBe('usage unknown · kept: unknown')
  })
})
