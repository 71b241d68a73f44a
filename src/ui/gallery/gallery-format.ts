/**
 * How the gallery words sizes and dates. Pure (the clock is passed in), so the exact strings a
 * person reads are unit-tested.
 */

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const

/**
 * Bytes in decimal units, as storage settings pages show them: "0 B", "950 B", "3.4 MB", "12 MB",
 * "2.1 GB". One decimal below 10 of a unit, none above (more digits are noise at that size).
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes < 1000) return `${Math.round(bytes)} B`
  let v = bytes / 1000
  let unit = 0
  while (v >= 999.5 && unit < UNITS.length - 1) {
    v /= 1000
    unit++
  }
  const digits = v < 9.95 ? 1 : 0
  return `${v.toFixed(digits)} ${UNITS[unit]}`
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function hhmm(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

/** Midnight (local time) of the day `t` falls in. */
function startOfDay(t: number): number {
  const d = new Date(t)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/**
 * When a world was last changed, the way people say it: "just now", "today 14:02",
 * "yesterday 09:15", "3 days ago" (within a week), then "12 Mar" this year and "12 Mar 2025"
 * before. Local time; a date in the future (another device's clock) reads as "just now".
 */
export function formatWhen(t: number, now: number): string {
  if (!Number.isFinite(t)) return '—'
  if (t > now || now - t < MINUTE) return 'just now'
  const d = new Date(t)
  const today = startOfDay(now)
  if (t >= today) return `today ${hhmm(d)}`
  // Calendar days, not 24-hour spans: 23:50 yesterday is "yesterday" at 00:10 today.
  const days = Math.round((today - startOfDay(t)) / DAY)
  if (days === 1) return `yesterday ${hhmm(d)}`
  if (days < 7) return `${days} days ago`
  const n = new Date(now)
  const dm = `${d.getDate()} ${MONTHS[d.getMonth()]}`
  return d.getFullYear() === n.getFullYear() ? dm : `${dm} ${d.getFullYear()}`
}

/** The storage line: "12 MB of 2.1 GB used · kept: yes", with what the browser did not say left out. */
export function formatUsage(u: {
  usage: number | null
  quota: number | null
  persisted: boolean | null
}): string {
  const parts: string[] = []
  if (u.usage !== null && u.quota !== null)
    parts.push(`${formatBytes(u.usage)} of ${formatBytes(u.quota)} used`)
  else if (u.usage !== null) parts.push(`${formatBytes(u.usage)} used`)
  else parts.push('usage unknown')
  parts.push(`kept: ${u.persisted === null ? 'unknown' : u.persisted ? 'yes' : 'no'}`)
  return parts.join(' · ')
}
