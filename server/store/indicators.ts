import { and, between, like, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { caseDaily } from '../../db/schema'
import type { IndicatorBlock } from '../contract'
import { indicatorBlock } from '../domain/counters'
import { prefixOf } from '../domain/regions'

/** Indicators over any period, from the daily rollups; same formulas as the live model. */
export class IndicatorStore {
  constructor(private db: Db) {}

  /** Month by month from `from` (a first of month) to `to`: accepted, resolved and the rates. */
  async months(region: string, from: string, to: string): Promise<(IndicatorBlock & { month: string })[]> {
    const rows = await this.db
      .select({
        month: sql<string>`to_char(${caseDaily.day}, 'YYYY-MM')`,
        accepted: sql<string>`sum(${caseDaily.accepted})`,
        resolved: sql<string>`sum(${caseDaily.resolved})`,
        successful: sql<string>`sum(${caseDaily.successful})`,
        resolvedCohort: sql<string>`sum(${caseDaily.resolvedCohort})`,
        onTime: sql<string>`sum(${caseDaily.onTime})`,
      })
      .from(caseDaily)
      .where(and(between(caseDaily.day, from, to), like(caseDaily.communityCode, `${prefixOf(region)}%`)))
      .groupBy(sql`1`)
    const byMonth = new Map(rows.map((r) => [r.month, r]))
    const out: (IndicatorBlock & { month: string })[] = []
    for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) {
      const r = byMonth.get(m)
      out.push({
        month: m,
        ...indicatorBlock({ accepted: Number(r?.accepted ?? 0), resolved: Number(r?.resolved ?? 0), successful: Number(r?.successful ?? 0), resolvedCohort: Number(r?.resolvedCohort ?? 0), onTime: Number(r?.onTime ?? 0) }),
      })
    }
    return out
  }

  async period(region: string, from: string, to: string): Promise<IndicatorBlock> {
    const [row] = await this.db
      .select({
        accepted: sql<string>`coalesce(sum(${caseDaily.accepted}), 0)`,
        resolved: sql<string>`coalesce(sum(${caseDaily.resolved}), 0)`,
        successful: sql<string>`coalesce(sum(${caseDaily.successful}), 0)`,
        resolvedCohort: sql<string>`coalesce(sum(${caseDaily.resolvedCohort}), 0)`,
        onTime: sql<string>`coalesce(sum(${caseDaily.onTime}), 0)`,
      })
      .from(caseDaily)
      .where(and(between(caseDaily.day, from, to), like(caseDaily.communityCode, `${prefixOf(region)}%`)))
    return indicatorBlock({
      accepted: Number(row!.accepted),
      resolved: Number(row!.resolved),
      successful: Number(row!.successful),
      resolvedCohort: Number(row!.resolvedCohort),
      onTime: Number(row!.onTime),
    })
  }
}

function nextMonth(m: string) {
  const y = +m.slice(0, 4)
  const mo = +m.slice(5, 7)
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
}
