import { addDays, dayOf, quarterEnd } from './time'

/** A quarter as leaders name it: "2026Q1". */
export type QuarterId = `${number}Q${1 | 2 | 3 | 4}`

export const QUARTER_RE = /^(\d{4})Q([1-4])$/

export function quarterId(day: string): QuarterId {
  return `${+day.slice(0, 4)}Q${Math.floor((+day.slice(5, 7) - 1) / 3) + 1}` as QuarterId
}

const parts = (q: string) => {
  const m = QUARTER_RE.exec(q)
  if (!m) throw new Error(`not a quarter: ${q}`)
  return { year: +m[1]!, n: +m[2]! }
}

/** The quarter `k` quarters after `q` (negative: before). */
export function shiftQuarter(q: string, k: number): QuarterId {
  const { year, n } = parts(q)
  const total = year * 4 + (n - 1) + k
  return `${Math.floor(total / 4)}Q${(total % 4) + 1}` as QuarterId
}

/**
 * The days a quarter covers, in the county's calendar. The current quarter runs to today
 * (to date); a future one is empty (`to` before `from`).
 */
export function quarterRange(q: string, now: Date): { from: string; to: string; current: boolean } {
  const { year, n } = parts(q)
  const from = `${year}-${String((n - 1) * 3 + 1).padStart(2, '0')}-01`
  const end = quarterEnd(from)
  const today = dayOf(now)
  if (today < from) return { from, to: addDays(from, -1), current: false }
  return today <= end ? { from, to: today, current: true } : { from, to: end, current: false }
}

/** "2026年第一季度" / "2026 Q1". */
export function quarterLabel(q: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const { year, n } = parts(q)
  return lang === 'en' ? `${year} Q${n}` : `${year}年第${'一二三四'[n - 1]}季度`
}
