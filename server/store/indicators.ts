import { and, between, eq, like, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { caseDaily, caseDimDaily, countyDaily, countyDimDaily } from '../../db/schema'
import type { IndicatorBlock } from '../contract'
import { countersOf, DAILY_FIELDS, indicatorBlock } from '../domain/counters'
import { levelOf, prefixOf } from '../domain/regions'

export type DailyTable = typeof caseDaily | typeof countyDaily

/**
 * The rollups a region's reads sum: per county above the county (a city's quarter is 13 rows a
 * day, not 2,392), per community otherwise; `key` is the row's region code column, `inRegion`
 * the rows of the region, `dim*` the same for the dimension rollups.
 */
export function rollupsOf(region: string, kind: CaseKindFilter = 'dispute', opts: { whole?: boolean } = {}) {
  // Above a county, the county rollups; a county too when the read sums it as a whole (the
  // per-community rows of a county are a hundred times as many as its own).
  const level = levelOf(region)
  const above = level === 'city' || level === 'province' || (opts.whole === true && level === 'county')
  const daily: DailyTable = above ? countyDaily : caseDaily
  const key = 'communityCode' in daily ? daily.communityCode : daily.countyCode
  const dims = above ? countyDimDaily : caseDimDaily
  const dimKey = 'communityCode' in dims ? dims.communityCode : dims.countyCode
  const prefix = `${prefixOf(region)}%`
  // The rows of the kind asked for: disputes, appeals, or both.
  const ofKind = kind === 'all' ? undefined : eq(daily.kind, kind)
  const dimOfKind = kind === 'all' ? undefined : eq(dims.kind, kind)
  return { daily, key, inRegion: and(like(key, prefix), ofKind)!, dims, dimKey, dimInRegion: and(like(dimKey, prefix), dimOfKind)! }
}

/** Which cases a figure counts: 矛盾纠纷 (dispute, the headline), 民生诉求 (appeal), or both. */
export type CaseKindFilter = 'dispute' | 'appeal' | 'all'
export const CASE_KIND_FILTERS = ['dispute', 'appeal', 'all'] as const

/** `sum(column)` for every daily counter of `table`, keyed by the counter's name. */
export const dailySums = (table: DailyTable = caseDaily) => Object.fromEntries(DAILY_FIELDS.map((f) => [f, sql<string>`coalesce(sum(${table[f]}), 0)`]))

/** Indicators over any period, from the daily rollups; same formulas as the live model. */
export class IndicatorStore {
  constructor(private db: Db) {}

  /** Month by month from `from` (a first of month) to `to`: accepted, resolved and the rates. */
  async months(region: string, from: string, to: string, kind: CaseKindFilter = 'dispute'): Promise<(IndicatorBlock & { month: string })[]> {
    const { daily, inRegion } = rollupsOf(region, kind)
    const rows = await this.db
      .select({ month: sql<string>`to_char(${daily.day}, 'YYYY-MM')`, ...dailySums(daily) })
      .from(daily)
      .where(and(between(daily.day, from, to), inRegion))
      .groupBy(sql`1`)
    const byMonth = new Map(rows.map((r) => [r.month, r]))
    const out: (IndicatorBlock & { month: string })[] = []
    for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) out.push({ month: m, ...indicatorBlock(countersOf(byMonth.get(m) ?? {})) })
    return out
  }

  async period(region: string, from: string, to: string, kind: CaseKindFilter = 'dispute'): Promise<IndicatorBlock> {
    const { daily, inRegion } = rollupsOf(region, kind)
    const [row] = await this.db
      .select(dailySums(daily))
      .from(daily)
      .where(and(between(daily.day, from, to), inRegion))
    return indicatorBlock(countersOf(row!))
  }
}

function nextMonth(m: string) {
  const y = +m.slice(0, 4)
  const mo = +m.slice(5, 7)
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
}
