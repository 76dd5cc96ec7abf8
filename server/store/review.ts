import { and, between, eq, inArray, like, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { activityDaily, cases, units, type CaseRow, type Unit } from '../../db/schema'
import type { ReviewCasesQuery, ReviewIndicators, ReviewRankBlock } from '../contract'
import { countersOf, indicatorBlock, rate } from '../domain/counters'
import { OPEN_STATUSES } from '../domain/lifecycle'
import { prefixOf } from '../domain/regions'
import { addDays, hoursOf, startOfDay } from '../domain/time'
import { dailySums, rollupsOf, type CaseKindFilter } from './indicators'
import { queryRows } from '../../db/client'

const OPEN_SQL = sql.raw(`(${OPEN_STATUSES.map((s) => `'${s}'`).join(',')})`)
/** ` and kind = …` for a read of the cases table, or nothing for both kinds. */
const kindIs = (kind: CaseKindFilter, column = sql.raw('kind')) => (kind === 'all' ? sql`` : sql` and ${column} = ${kind}`)

/** One category's cases resolved in a period, on the closing-level ladder (docs/INDICATORS.md). */
export interface LadderRow {
  category: string
  resolved: number
  /** Closed at each level. */
  grid: number
  village: number
  town: number
  county: number
  /** 漏出: rose past the grid (reached the village or above), past the village, past the town. */
  pastGrid: number
  pastVillage: number
  pastTown: number
  /** 小事 (simple cases) resolved, and of them closed in the grid with no escalation. */
  small: number
  smallInGrid: number
  /** 大事 (the other cases) resolved, and of them never past the village or community. */
  big: number
  bigInCommunity: number
}

/** A period of county calendar days, inclusive. */
export interface Period {
  from: string
  to: string
}
const bounds = (p: Period) => ({ start: startOfDay(p.from), end: startOfDay(addDays(p.to, 1)) })

/**
 * The quarterly review's numbers. Case counts come from the daily rollups (the same counters the
 * wall's live model keeps); what depends on "now" (open, overdue while open) is read from the
 * open cases, which the partial open index keeps small.
 */
export class ReviewStore {
  constructor(private db: Db) {}

  async indicators(region: string, p: Period, now: Date, kind: CaseKindFilter = 'dispute'): Promise<ReviewIndicators> {
    const prefix = `${prefixOf(region)}%`
    const r = rollupsOf(region, kind, { whole: true })
    const { start, end } = bounds(p)
    const [counters, openNow, notices, teams, wishes, visitors, reporting, people, ladder] = await Promise.all([
      this.db.select(dailySums(r.daily)).from(r.daily).where(and(between(r.daily.day, p.from, p.to), r.inRegion)),
      queryRows<{ open: number; overdue: number }>(
        this.db,
        sql`select count(*)::int as open, count(*) filter (where deadline_at < ${now})::int as overdue from cases
             where status in ${OPEN_SQL} and community_code like ${prefix} and accepted_at >= ${start} and accepted_at < ${end}${kindIs(kind)}`,
      ),
      queryRows<{ issued: number; answered: number; on_time: number }>(
        this.db,
        sql`select count(*)::int as issued, count(n.answered_at)::int as answered, count(*) filter (where n.answered_at <= n.due_at)::int as on_time
              from supervision_notices n join cases c on c.id = n.case_id
             where c.community_code like ${prefix} and n.issued_at >= ${start} and n.issued_at < ${end}${kindIs(kind, sql.raw('c.kind'))}`,
      ),
      this.db
        .select({ team: activityDaily.team, sessions: sql<string>`sum(${activityDaily.sessions})`, minutes: sql<string>`sum(${activityDaily.minutes})`, served: sql<string>`sum(${activityDaily.peopleServed})` })
        .from(activityDaily)
        .where(and(between(activityDaily.day, p.from, p.to), like(activityDaily.communityCode, prefix)))
        .groupBy(activityDaily.team),
      queryRows<{ collected: number; claimed: number; fulfilled: number }>(
        this.db,
        sql`select count(*)::int as collected, count(claimed_at)::int as claimed, count(fulfilled_at)::int as fulfilled
              from wishes where community_code like ${prefix} and collected_at >= ${start} and collected_at < ${end}`,
      ),
      queryRows<{ people: number; visits: number; repeat: number }>(
        this.db,
        sql`select coalesce(sum(people), 0)::int as people, count(*)::int as visits, count(*) filter (where repeat)::int as repeat
              from visits where community_code like ${prefix} and visited_at >= ${start} and visited_at < ${end}`,
      ),
      // 双报到 as it stood at the period's end (a count at a moment: what had reported by then).
      queryRows<{ organisations: number; members: number }>(
        this.db,
        sql`select (select count(*)::int from organisations where reported_at < ${end} and community_code like ${prefix}) as organisations,
                   (select count(*)::int from volunteers where party_member and organisation_id is not null and reported_at < ${end} and community_code like ${prefix}) as members`,
      ),
      queryRows<{ active: number; whistled: number; on_time: number; whistles_done: number; needs: number; projects_done: number }>(
        this.db,
        sql`select (select count(distinct p.volunteer_id)::int from activity_participants p join volunteer_activities a on a.id = p.activity_id
                     where a.community_code like ${prefix} and a.started_at >= ${start} and a.started_at < ${end}) as active,
                   (select count(*)::int from whistles where community_code like ${prefix} and whistled_at >= ${start} and whistled_at < ${end}) as whistled,
                   (select count(*)::int from whistles where community_code like ${prefix} and whistled_at >= ${start} and whistled_at < ${end} and taken_at <= take_by) as on_time,
                   (select count(*)::int from whistles where community_code like ${prefix} and done_at >= ${start} and done_at < ${end}) as whistles_done,
                   (select count(*)::int from list_items where kind = 'need' and region_code like ${prefix} and created_at >= ${start} and created_at < ${end}) as needs,
                   (select count(*)::int from list_items where kind = 'project' and region_code like ${prefix} and done_at >= ${start} and done_at < ${end}) as projects_done`,
      ),
      this.ladder(region, p, kind),
    ])
    const pp = people[0]!
    const c = countersOf(counters[0]!)
    const level = { village: c.levelVillage, town: c.levelTown, county: c.levelCounty }
    const n = notices[0]!
    const byTeam = teams
      .map((t) => ({ team: t.team, sessions: Number(t.sessions), hours: hoursOf(Number(t.minutes)), peopleServed: Number(t.served) }))
      .sort((a, b) => a.team.localeCompare(b.team))
    const w = wishes[0]!
    return {
      ...indicatorBlock(c),
      overdue: c.resolvedCohort - c.onTime + openNow[0]!.overdue,
      open: openNow[0]!.open,
      levels: level,
      localRate: rate(level.village, level.village + level.town + level.county),
      notices: { issued: n.issued, answered: n.answered, answeredOnTime: n.on_time, onTimeRate: rate(n.on_time, n.issued) },
      volunteers: {
        sessions: byTeam.reduce((s, t) => s + t.sessions, 0),
        hours: hoursOf(teams.reduce((s, t) => s + Number(t.minutes), 0)),
        peopleServed: byTeam.reduce((s, t) => s + t.peopleServed, 0),
        byTeam,
      },
      wishes: { ...w, fulfilRate: rate(w.fulfilled, w.collected) },
      visitors: visitors[0]!,
      reporting: reporting[0]!,
      people: { active: pp.active, whistled: pp.whistled, whistlesDone: pp.whistles_done, takenOnTimeRate: rate(pp.on_time, pp.whistled), needs: pp.needs, projectsDone: pp.projects_done },
      ladder: ladderTotals(ladder),
    }
  }

  /**
   * The case indicators of every child of `region` (counties of a city, towns of a county,
   * communities of a town), in two grouped reads; `depth` is the child's code prefix length.
   */
  async ranking(region: string, depth: number, p: Period, now: Date, kind: CaseKindFilter = 'dispute'): Promise<Map<string, ReviewRankBlock>> {
    const prefix = `${prefixOf(region)}%`
    const { start, end } = bounds(p)
    const r = rollupsOf(region, kind)
    const key = sql<string>`substr(${r.key}, 1, ${sql.raw(String(depth))})`
    const [rows, open] = await Promise.all([
      this.db.select({ key, ...dailySums(r.daily) }).from(r.daily).where(and(between(r.daily.day, p.from, p.to), r.inRegion)).groupBy(sql`1`),
      queryRows<{ key: string; overdue: number }>(
        this.db,
        sql`select substr(community_code, 1, ${sql.raw(String(depth))}) as key, count(*)::int as overdue from cases
             where status in ${OPEN_SQL} and community_code like ${prefix} and accepted_at >= ${start} and accepted_at < ${end} and deadline_at < ${now}${kindIs(kind)}
             group by 1`,
      ),
    ])
    const overdueOpen = new Map(open.map((o) => [o.key, o.overdue]))
    const out = new Map<string, ReviewRankBlock>()
    for (const r of rows) {
      const c = countersOf(r)
      out.set(r.key, { ...indicatorBlock(c), overdue: c.resolvedCohort - c.onTime + (overdueOpen.get(r.key) ?? 0) })
    }
    for (const [k, n] of overdueOpen) if (!out.has(k)) out.set(k, { ...indicatorBlock(countersOf({})), overdue: n })
    return out
  }

  /** Accepted cases of the period by category or source. */
  /** The closing-level ladder of the cases resolved in the period, by category, from the rollup's `ladder` keys (domain/counters.ts ladderKey). */
  async ladder(region: string, p: Period, kind: CaseKindFilter = 'dispute'): Promise<LadderRow[]> {
    const { dims, dimInRegion } = rollupsOf(region, kind, { whole: true })
    const keys = await this.db
      .select({ value: dims.value, n: sql<string>`sum(${dims.count})` })
      .from(dims)
      .where(and(eq(dims.dim, 'ladder'), between(dims.day, p.from, p.to), dimInRegion))
      .groupBy(dims.value)
    const rows = new Map<string, LadderRow>()
    for (const k of keys) {
      const n = Number(k.n)
      if (!n) continue
      const [category, closed, peakText, simple] = k.value.split('|') as [string, string, string, string]
      const peak = Number(peakText)
      const r = rows.get(category) ?? { category, resolved: 0, grid: 0, village: 0, town: 0, county: 0, pastGrid: 0, pastVillage: 0, pastTown: 0, small: 0, smallInGrid: 0, big: 0, bigInCommunity: 0 }
      r.resolved += n
      if (closed === 'grid' || closed === 'village' || closed === 'town' || closed === 'county') r[closed] += n
      if (peak >= 1) r.pastGrid += n
      if (peak >= 2) r.pastVillage += n
      if (peak >= 3) r.pastTown += n
      if (simple === '1') {
        r.small += n
        if (peak === 0) r.smallInGrid += n
      } else {
        r.big += n
        if (peak <= 1) r.bigInCommunity += n
      }
      rows.set(category, r)
    }
    return [...rows.values()].sort((a, b) => a.category.localeCompare(b.category))
  }

  async breakdown(region: string, dim: 'category' | 'source', p: Period, kind: CaseKindFilter = 'dispute'): Promise<Record<string, number>> {
    const { dims, dimInRegion } = rollupsOf(region, kind, { whole: true })
    const rows = await this.db
      .select({ value: dims.value, n: sql<string>`sum(${dims.count})` })
      .from(dims)
      .where(and(eq(dims.dim, dim), between(dims.day, p.from, p.to), dimInRegion))
      .groupBy(dims.value)
    return Object.fromEntries(rows.filter((r) => Number(r.n) > 0).map((r) => [r.value, Number(r.n)]))
  }

  /** The first day the region has a case accepted (null: none yet): a comparison period before it is partial. */
  async firstDay(region: string): Promise<string | null> {
    const { daily, inRegion } = rollupsOf(region, 'all', { whole: true })
    const [r] = await this.db.select({ day: sql<string | null>`to_char(min(${daily.day}), 'YYYY-MM-DD')` }).from(daily).where(and(inRegion, sql`${daily.accepted} > 0`))
    return r?.day ?? null
  }

  /** Case counters per quarter over [from, to], keyed "2026Q1". */
  async quarters(region: string, p: Period, kind: CaseKindFilter = 'dispute') {
    const { daily, inRegion } = rollupsOf(region, kind, { whole: true })
    const rows = await this.db
      .select({ q: sql<string>`extract(year from ${daily.day})::int || 'Q' || extract(quarter from ${daily.day})::int`, ...dailySums(daily) })
      .from(daily)
      .where(and(between(daily.day, p.from, p.to), inRegion))
      .groupBy(sql`1`)
    return new Map(rows.map((r) => [r.q, indicatorBlock(countersOf(r))]))
  }

  /** The cases behind a number: the period's cohort (by acceptance) or its resolutions; of one unit with `unit`. */
  async cases(region: string, set: ReviewCasesQuery['set'], p: Period, now: Date, limit: number, unit?: number, kind: CaseKindFilter = 'dispute'): Promise<{ total: number; rows: CaseRow[] }> {
    const { start, end } = bounds(p)
    // With `unit`: only the cases dispatched to that unit (承办单位).
    const inRegion = and(like(cases.communityCode, `${prefixOf(region)}%`), unit ? eq(cases.assignedUnitId, unit) : undefined, kind === 'all' ? undefined : eq(cases.kind, kind))
    const cohort = and(inRegion, sql`${cases.acceptedAt} >= ${start} and ${cases.acceptedAt} < ${end}`)
    const where = {
      accepted: cohort,
      resolved: and(inRegion, sql`${cases.resolvedAt} >= ${start} and ${cases.resolvedAt} < ${end}`),
      successful: and(cohort, sql`${cases.resolvedAt} is not null and ${cases.outcome} = 'success'`),
      overdue: and(cohort, sql`(${cases.resolvedAt} > ${cases.deadlineAt} or (${cases.status} in ${OPEN_SQL} and ${cases.deadlineAt} < ${now}))`),
      open: and(cohort, sql`${cases.status} in ${OPEN_SQL}`),
      unsatisfied: and(cohort, sql`${cases.resolvedAt} is not null and ${cases.satisfaction} = 'unsatisfied'`),
    }[set]
    const [rows, total] = await Promise.all([
      this.db.select().from(cases).where(where).orderBy(cases.acceptedAt, cases.id).limit(limit),
      this.db.select({ n: sql<number>`count(*)::int` }).from(cases).where(where),
    ])
    return { total: total[0]!.n, rows }
  }

  /**
   * 承办单位 over a period: per unit, the cases dispatched to it that were accepted in the period
   * (resolved, on time, overdue — late, or open past the deadline now —, still open), and the
   * supervision notices issued to it in the period and how many climbed the ladder. Units of the
   * region and above it (a county department's cases in one town) count the region's cases only.
   */
  async units(region: string, p: Period, now: Date, kind: CaseKindFilter = 'dispute'): Promise<{ unit: Unit; parentName: string | null; dispatched: number; resolved: number; onTime: number; overdue: number; open: number; notices: number; escalated: number }[]> {
    const { start, end } = bounds(p)
    const prefix = `${prefixOf(region)}%`
    const rows = await queryRows<{ id: number; dispatched: number; resolved: number; on_time: number; overdue: number; open: number; notices: number; escalated: number }>(
      this.db,
      sql`with c as (
            select assigned_unit_id as id, count(*)::int as dispatched,
                   count(*) filter (where resolved_at is not null)::int as resolved,
                   count(*) filter (where resolved_at is not null and resolved_at <= deadline_at)::int as on_time,
                   count(*) filter (where resolved_at > deadline_at or (status in ${OPEN_SQL} and deadline_at < ${now}))::int as overdue,
                   count(*) filter (where status in ${OPEN_SQL})::int as open
              from cases
             where assigned_unit_id is not null and community_code like ${prefix} and accepted_at >= ${start} and accepted_at < ${end}${kindIs(kind)}
             group by 1),
          n as (
            select n.unit_id as id, count(*)::int as notices, count(*) filter (where n.step > 1)::int as escalated
              from supervision_notices n join cases k on k.id = n.case_id
             where n.unit_id is not null and k.community_code like ${prefix} and n.issued_at >= ${start} and n.issued_at < ${end}${kindIs(kind, sql.raw('k.kind'))}
             group by 1)
          select coalesce(c.id, n.id) as id, coalesce(c.dispatched, 0) as dispatched, coalesce(c.resolved, 0) as resolved, coalesce(c.on_time, 0) as on_time,
                 coalesce(c.overdue, 0) as overdue, coalesce(c.open, 0) as open, coalesce(n.notices, 0) as notices, coalesce(n.escalated, 0) as escalated
            from c full join n on n.id = c.id`,
    )
    if (!rows.length) return []
    const found = await this.db.select().from(units).where(inArray(units.id, rows.map((r) => r.id)))
    const byId = new Map(found.map((u) => [u.id, u]))
    const parents = found.map((u) => u.parentId).filter((x): x is number => x !== null)
    const parentNames = new Map(parents.length ? (await this.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, parents))).map((x) => [x.id, x.name]) : [])
    return rows.map((r) => {
      const unit = byId.get(r.id)!
      return { unit, parentName: unit.parentId ? (parentNames.get(unit.parentId) ?? null) : null, dispatched: r.dispatched, resolved: r.resolved, onTime: r.on_time, overdue: r.overdue, open: r.open, notices: r.notices, escalated: r.escalated }
    })
  }
}

/** The ladder of a whole region: its categories summed, and the two promises as rates. */
export function ladderTotals(rows: LadderRow[]): ReviewIndicators['ladder'] {
  const sum = (k: Exclude<keyof LadderRow, 'category'>) => rows.reduce((a, r) => a + r[k], 0)
  return {
    closed: { grid: sum('grid'), village: sum('village'), town: sum('town'), county: sum('county') },
    past: { grid: sum('pastGrid'), village: sum('pastVillage'), town: sum('pastTown') },
    small: sum('small'),
    smallInGrid: sum('smallInGrid'),
    smallStayRate: rate(sum('smallInGrid'), sum('small')),
    big: sum('big'),
    bigInCommunity: sum('bigInCommunity'),
    bigStayRate: rate(sum('bigInCommunity'), sum('big')),
  }
}
