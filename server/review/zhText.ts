/**
 * Numbers, dates and changes written the Chinese way, for the briefing (研判报告): "765件",
 * "1.26万人次", "2026年3月31日", "增加65件、增长9.29%", "提高1.47个百分点". Pure and total:
 * the same numbers always give the same words.
 */
import { valueText } from '../domain/indicatorDefs'

/** A count: plain digits below ten thousand, "1.26万" above (two decimals, trailing zeros dropped). */
export function zhCount(n: number): string {
  if (Math.abs(n) < 10_000) return String(n)
  return `${trim((n / 10_000).toFixed(2))}万`
}

/** Hours: one decimal, ".0" dropped ("36.5", "120"). */
export const zhHours = (h: number) => trim(h.toFixed(1))

/** A rate in per cent, two decimals: "96.47%"; null is "—" (as the review's cards write it). */
export const zhRate = (r: number | null) => valueText({ kind: 'rate' }, r)

/** "2026-03-31" → "2026年3月31日". */
export function zhDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** "2026-03-05" → "3月5日" (within a year already named). */
export function zhMonthDay(day: string): string {
  const [, m, d] = day.slice(0, 10).split('-').map(Number)
  return `${m}月${d}日`
}

/**
 * The change of a count, with its unit: "增加65件、增长9.29%", "减少3件、下降1.20%", "持平";
 * from zero, no percentage: "增加5件（上期为0）".
 */
export function zhCountChange(now: number, before: number, unit: string): string {
  const d = now - before
  if (d === 0) return '持平'
  const verb = d > 0 ? '增加' : '减少'
  if (before === 0) return `${verb}${zhCount(Math.abs(d))}${unit}（上期为0）`
  const pct = Math.abs((d / before) * 100).toFixed(2)
  return `${verb}${zhCount(Math.abs(d))}${unit}、${d > 0 ? '增长' : '下降'}${pct}%`
}

/** The change of a rate, in points: "提高1.47个百分点", "下降0.20个百分点", "持平"; null when either is undefined. */
export function zhRateChange(now: number | null, before: number | null): string | null {
  if (now === null || before === null) return null
  const d = Math.round((now - before) * 100) / 100
  if (d === 0) return '持平'
  return `${d > 0 ? '提高' : '下降'}${Math.abs(d).toFixed(2)}个百分点`
}

/** A share of a whole in per cent, two decimals ("占42.35%"); "" when the whole is 0. */
export const zhShare = (part: number, whole: number) => (whole ? `占${((part / whole) * 100).toFixed(2)}%` : '')

/** Items joined the Chinese way: "甲、乙和丙". */
export function zhList(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`
}

const trim = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s)
