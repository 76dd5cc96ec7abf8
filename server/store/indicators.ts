import { and, between, like, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { caseDaily } from '../../db/schema'
import type { IndicatorBlock } from '../contract'
import { countersOf, DAILY_FIELDS, indicatorBlock } from '../domain/counters'
import { prefixOf } from '../domain/regions'

/** `sum(column)` for every daily counter, keyed by the counter's name. */
export const dailySums = () => Object.fromEntries(DAILY_FIELDS.map((f) => [f, sql<string>`coalesce(sum(${caseDaily[f]}), 0)`]))

/** Indicators over any period, from the daily rollups; same formulas as the live model. */
export class IndicatorStore {
  constructor(private db: Db) {}

  /** Month by month from `from` (a first of month) to `to`: accepted, resolved and the rates. */
  async months(region: string, from: string, to: string): Promise<(IndicatorBlock & { month: string })[]> {
    const rows = await this.db
      .select({ month: sql<string>`to_char(${caseDaily.day}, 'YYYY-MM')`, ...dailySums() })
      .from(caseDaily)
      .where(and(between(caseDaily.day, from, to), like(caseDaily.communityCode, `${prefixOf(region)}%`)))
      .groupBy(sql`1`)
    const byMonth = new Map(rows.map((r) => [r.month, r]))
    const out: (IndicatorBlock & { month: string })[] = []
    for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) out.push({ month: m, ...indicatorBlock(countersOf(byMonth.get(m) ?? {})) })
    return out
  }

  async period(region: string, from: string, to: string): Promise<IndicatorBlock> {
    const [row] = await this.db
      .select(dailySums())
      .from(caseDaily)
      .where(and(between(caseDaily.day, from, to), like(caseDaily.communityCode, `${prefixOf(region)}%`)))
    return indicatorBlock(countersOf(row!))
  }
}

function nextMonth(m: string) {
  const y = +m.slice(0, 4)
  const mo = +m.slice(5, 7)
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
}
