import { and, desc, eq, gte, isNull, like, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { trendFlags, type TrendFlag } from '../../db/schema'
import type { TrendFlagView } from '../contract'
import type { Clock } from '../domain/clock'
import { ancestorAt, prefixOf } from '../domain/regions'
import { addDays, dayOf, isoLocal, startOfDay } from '../domain/time'
import { evaluateTrend, TREND, trendReason, type TrendResult } from '../domain/trends'
import { appendLog } from '../log/append'
import type { Registry } from './registry'

const DAY = 86_400_000

/**
 * 趋势预警 over the records: every community × category and town × category, its accepted cases a
 * day (the category rollup) against its own normal by the model of docs/WARNINGS.md. `evaluate`
 * raises, updates and clears the stored flags; the leader runs it on the clock.
 */
export class TrendStore {
  constructor(
    private db: Db,
    private registry: Registry,
    private clock: Clock,
  ) {}

  /** Evaluates every series as of now; what was raised and cleared. */
  async evaluate(): Promise<{ raised: TrendFlagView[]; cleared: TrendFlagView[] }> {
    const now = this.clock.now()
    const today = dayOf(now)
    const span = TREND.baselineDays + Math.max(...TREND.windows)
    const from = addDays(today, -(span - 1))
    const rows = await queryRows<{ community: string; category: string; day: string; n: number }>(this.db, sql`
      select community_code as community, value as category, day::text as "day", sum(count)::int as n from rollup_case_dim_daily
      where dim = 'category' and day >= ${from} and day <= ${today} group by 1, 2, 3`)
    // Daily series per community × category and town × category, oldest first, today last.
    const series = new Map<string, number[]>()
    const index = (day: string) => Math.round((+startOfDay(day) - +startOfDay(from)) / DAY)
    for (const r of rows) {
      for (const place of [r.community, ancestorAt(r.community, 'town')]) {
        const key = `${place}|${r.category}`
        let s = series.get(key)
        if (!s) series.set(key, (s = new Array<number>(span).fill(0)))
        s[index(r.day)]! += r.n
      }
    }
    const open = await this.db.select().from(trendFlags).where(isNull(trendFlags.clearedAt))
    const openByKey = new Map(open.map((f) => [`${f.regionCode}|${f.category}`, f]))
    const fraction = Math.min(1, Math.max(0, (+now - +startOfDay(today)) / DAY))
    const raised: TrendFlag[] = []
    const cleared: TrendFlag[] = []
    await this.db.transaction(async (tx) => {
      for (const [key, counts] of series) {
        const was = openByKey.get(key)
        const recent = counts.slice(-Math.min(...TREND.windows)).reduce((s, c) => s + c, 0)
        // Only a place with cases enough this week can be flagged; an open flag is looked at again.
        if (!was && recent < TREND.minCount) continue
        const [regionCode, category] = key.split('|') as [string, string]
        if (!this.registry.region(regionCode)) continue
        const r = evaluateTrend(counts, { fractionOfLast: fraction, wasFlagged: !!was })
        if (!r) continue
        if (r.flagged) {
          const values = this.values(regionCode, category, r, now)
          if (was) await tx.update(trendFlags).set(values).where(eq(trendFlags.id, was.id))
          else raised.push((await tx.insert(trendFlags).values({ ...values, regionCode, category, raisedAt: now }).onConflictDoNothing().returning())[0]!)
        } else if (was) cleared.push((await tx.update(trendFlags).set({ clearedAt: now, updatedAt: now }).where(eq(trendFlags.id, was.id)).returning())[0]!)
        openByKey.delete(key)
      }
      // An open flag whose place had no case at all in the span: cleared.
      for (const f of openByKey.values()) cleared.push((await tx.update(trendFlags).set({ clearedAt: now, updatedAt: now }).where(eq(trendFlags.id, f.id)).returning())[0]!)
      // Pushed on the place's streams (and above) when a flag appears or clears, in the same commit.
      const told = [...raised.filter(Boolean), ...cleared]
      if (told.length) await appendLog(tx, told.map((f) => ({ kind: 'trend' as const, change: { type: 'trend' as const, flag: this.view(f) } })))
    })
    return { raised: raised.filter(Boolean).map((f) => this.view(f)), cleared: cleared.map((f) => this.view(f)) }
  }

  private values(regionCode: string, category: string, r: TrendResult, now: Date) {
    const place = this.registry.region(regionCode)!.name
    const label = this.registry.code('category', category)?.zh ?? category
    return { windowDays: r.window.days, observed: r.window.observed, expected: r.window.expected, limit: r.window.limit, perWeek: r.perWeek, p: r.window.p, reason: trendReason(place, label, r), updatedAt: now }
  }

  private view(f: TrendFlag): TrendFlagView {
    const region = this.registry.region(f.regionCode)
    return {
      id: f.id, regionCode: f.regionCode, regionName: region?.name ?? f.regionCode, level: region?.level ?? 'community', category: f.category,
      categoryName: this.registry.code('category', f.category)?.zh ?? f.category, raisedAt: isoLocal(f.raisedAt), clearedAt: f.clearedAt ? isoLocal(f.clearedAt) : null,
      windowDays: f.windowDays, observed: f.observed, expected: f.expected, limit: f.limit, perWeek: f.perWeek, p: f.p, reason: f.reason,
    }
  }

  /** Flags raised in the region between two days (inclusive, Beijing time), cleared or not, the latest first. */
  async raisedIn(region: string, from: string, to: string): Promise<TrendFlagView[]> {
    const rows = await this.db
      .select()
      .from(trendFlags)
      .where(and(like(trendFlags.regionCode, `${prefixOf(region)}%`), gte(trendFlags.raisedAt, startOfDay(from)), lt(trendFlags.raisedAt, startOfDay(addDays(to, 1)))))
      .orderBy(desc(trendFlags.raisedAt), desc(trendFlags.id))
      .limit(500)
    return rows.map((f) => this.view(f))
  }

  /** The region's open flags (its communities and towns), the latest first; with `since`, also those cleared since then. */
  async list(region: string, since?: Date): Promise<TrendFlagView[]> {
    const rows = await this.db
      .select()
      .from(trendFlags)
      .where(and(like(trendFlags.regionCode, `${prefixOf(region)}%`), since ? or(isNull(trendFlags.clearedAt), gte(trendFlags.clearedAt, since)) : isNull(trendFlags.clearedAt)))
      .orderBy(desc(trendFlags.raisedAt), desc(trendFlags.id))
      .limit(500)
    return rows.map((f) => this.view(f))
  }
}
