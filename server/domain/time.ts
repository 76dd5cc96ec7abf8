/**
 * Calendar arithmetic in the county's zone. Asia/Shanghai has had a fixed +08:00 offset with no
 * daylight saving since 1991, so a day is a plain shift of UTC; no tz database is needed.
 */
export const ZONE = 'Asia/Shanghai'
/** The zone's fixed offset from UTC. */
export const OFFSET_MS = 8 * 3600_000
const DAY_MS = 86_400_000

/** Volunteer-minutes as hours with one decimal, everywhere the screens and reports show hours. */
export const hoursOf = (minutes: number) => Math.round(minutes / 6) / 10

/** 'YYYY-MM-DD' of the instant in Asia/Shanghai. */
export function dayOf(t: Date | number): string {
  return new Date(+t + OFFSET_MS).toISOString().slice(0, 10)
}

/** The instant at which a Shanghai calendar day starts. */
export function startOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS)
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`
}

export function quarterOf(day: string): { year: number; q: number } {
  return { year: +day.slice(0, 4), q: Math.floor((+day.slice(5, 7) - 1) / 3) + 1 }
}

export function quarterStart(day: string): string {
  const { year, q } = quarterOf(day)
  return `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`
}

/** Last day of the quarter that `day` falls in. */
export function quarterEnd(day: string): string {
  const start = quarterStart(day)
  const m = +start.slice(5, 7) + 3
  const next = m > 12 ? `${+start.slice(0, 4) + 1}-01-01` : `${start.slice(0, 4)}-${String(m).padStart(2, '0')}-01`
  return addDays(next, -1)
}

/** ISO 8601 with the county's offset, e.g. 2026-03-31T20:00:00+08:00. */
export function isoLocal(t: Date | number): string {
  return new Date(+t + OFFSET_MS).toISOString().slice(0, 19) + '+08:00'
}

/** "2026-03-31 20:00" in the county's time: for messages read by people. */
export function formatLocal(t: Date | number): string {
  return isoLocal(t).slice(0, 16).replace('T', ' ')
}

/** The periods a screen shows, relative to `now`. */
export function periods(now: Date) {
  const today = dayOf(now)
  return { today, yesterday: addDays(today, -1), month: monthStart(today), quarter: quarterStart(today) }
}

/** How far ahead of the server's clock a reported time may be (clocks of outside systems drift). */
export const CLOCK_SKEW_MS = 5 * 60_000

/**
 * A time that says something already happened may not lie ahead of the server's clock by more
 * than CLOCK_SKEW_MS: a 签收 dated 9999 would silence a red flag for ever. Returns the reason,
 * or null when it is fine.
 */
export function aheadOfClock(at: Date, now: Date): string | null {
  return +at > +now + CLOCK_SKEW_MS ? `must not be in the future (the server's time is ${isoLocal(now)})` : null
}
