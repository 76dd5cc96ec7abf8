import { and, between, like, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { caseDaily } from '../../db/schema'
import type { IndicatorBlock } from '../contract'
import { indicatorBlock } from '../domain/counters'
import { prefixOf } from '../domain/regions'

/** Indicators over any period, from the daily rollups; same formulas as the live model. */
export class IndicatorStore {
  constructor(private db: Db) {}

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
