import { and, count, desc, eq, gte, inArray, ne, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { activityDaily, caseDaily, caseDimDaily, cases, visits, wishes, type CaseRow } from '../../db/schema'
import type { Colour, IndicatorBlock, LiveAggregates, OpenCounts, RegionColour, TeamStats, WarningRules } from '../contract'
import { FEED_SIZE, RED_FLAG_LIMIT } from '../contract'
import type { Clock } from '../domain/clock'
import { regionColour } from '../domain/warnings'
import { countersOf, DAILY_FIELDS, indicatorBlock, type Deltas } from '../domain/counters'
import { isOpen, OPEN_STATUSES } from '../domain/lifecycle'
import { prefixOf, streamsOf } from '../domain/regions'
import { isLateRecord, LATE_RECORD_MS } from './summary'
import { dayOf, hoursOf, isoLocal, periods } from '../domain/time'
import type { ActivityChange } from '../store/activities'
import type { CaseChange } from '../store/cases'
import type { ImportChange, VisitChange } from '../log/entries'
import type { WishChange } from '../store/wishes'
import { DayCounters, type Counters } from './dayCounters'

/** A kind's daily counters (`dispute` or `appeal`) out of the model's keys (`dispute:accepted` …). */
const ofKind = (c: Counters, kind: string) => countersOf(Object.fromEntries(DAILY_FIELDS.map((f) => [f, c[`${kind}:${f}`] ?? 0])))

const WISH_STAGES = ['collected', 'claimed', 'fulfilled', 'feedback']
const stageIndex = (s: string) => WISH_STAGES.indexOf(s)


/**
 * What every screen shows, kept in memory and changed by deltas after each commit, so a live
 * update never re-runs an aggregate on the database. Loaded once from the rollups at start.
 */
export class LiveModel {
  private counters = new DayCounters()
  /** Open red cases in full: the duty desk's list; few by design. */
  private red = new Map<number, CaseRow>()
  private openCounts = new Map<string, OpenCounts>()
  private feeds = new Map<string, CaseRow[]>()
  private teams: string[] = []

  constructor(private clock: Clock) {}

  /** The first day whose counters are kept: the day before the quarter (for "yesterday" on its first day). */
  private keepFrom() {
    const p = periods(this.clock.now())
    return p.yesterday < p.quarter ? p.yesterday : p.quarter
  }

  async load(db: Db | Tx, teams: string[]) {
    this.teams = teams
    const from = this.keepFrom()
    for (const r of await db.select().from(caseDaily).where(gte(caseDaily.day, from))) {
      for (const f of DAILY_FIELDS) if (r[f]) this.addAll(r.communityCode, r.day, `${r.kind}:${f}`, r[f])
    }
    // The ladder's keys are the review's: the screens never draw them, so the model does not hold them.
    for (const r of await db.select().from(caseDimDaily).where(and(gte(caseDimDaily.day, from), ne(caseDimDaily.dim, 'ladder')))) {
      this.addAll(r.communityCode, r.day, `${r.kind}:${r.dim}:${r.value}`, r.count)
    }
    for (const r of await db.select().from(activityDaily).where(gte(activityDaily.day, from))) {
      this.addActivity(r.communityCode, r.day, r.team, r.sessions, r.minutes, r.peopleServed)
    }
    const fromInstant = new Date(Date.parse(`${from}T00:00:00+08:00`))
    const visitDay = sql<string>`to_char(${visits.visitedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
    for (const v of await db.select({ community: visits.communityCode, day: visitDay, people: sql<number>`sum(${visits.people})::int`, n: count() }).from(visits).where(gte(visits.visitedAt, fromInstant)).groupBy(visits.communityCode, visitDay)) {
      this.addAll(v.community, v.day, 'visit:people', v.people)
      this.addAll(v.community, v.day, 'visit:count', v.n)
    }
    for (const w of await db.select().from(wishes).where(gte(wishes.collectedAt, fromInstant))) this.applyWish({ type: 'wish', before: null, after: w })
    const open = await db
      .select({ community: cases.communityCode, colour: cases.colour, n: count() })
      .from(cases)
      .where(inArray(cases.status, [...OPEN_STATUSES]))
      .groupBy(cases.communityCode, cases.colour)
    for (const o of open) this.bumpColour(o.community, o.colour, o.n)
    for (const row of await db.select().from(cases).where(and(inArray(cases.status, [...OPEN_STATUSES]), eq(cases.colour, 'red')))) this.red.set(row.id, row)
    // Feeds: newest cases of each region, filled from the newest overall (late records left out, as live).
    const news = sql`${cases.createdAt} - ${cases.reportedAt} <= ${`${LATE_RECORD_MS / 1000} seconds`}::interval`
    for (const row of (await db.select().from(cases).where(news).orderBy(desc(cases.createdAt), desc(cases.id)).limit(3000)).reverse()) this.pushFeed(row)
  }

  private addAll(community: string, day: string, key: string, n: number) {
    for (const region of streamsOf(community)) this.counters.add(region, day, key, n)
  }

  private addActivity(community: string, day: string, team: string, sessions: number, minutes: number, served: number) {
    this.addAll(community, day, `team:${team}:sessions`, sessions)
    this.addAll(community, day, `team:${team}:minutes`, minutes)
    this.addAll(community, day, `team:${team}:served`, served)
  }

  private applyDeltas(d: Deltas) {
    const from = this.keepFrom()
    for (const x of d.daily) if (x.day >= from) this.addAll(x.communityCode, x.day, `${x.kind}:${x.field}`, x.n)
    for (const x of d.dims) if (x.day >= from && x.dim !== 'ladder') this.addAll(x.communityCode, x.day, `${x.kind}:${x.dim}:${x.value}`, x.n)
  }

  private bumpColour(community: string, colour: Colour, n: number) {
    for (const region of streamsOf(community)) {
      let c = this.openCounts.get(region)
      if (!c) this.openCounts.set(region, (c = { red: 0, yellow: 0, green: 0 }))
      c[colour] += n
    }
  }

  /** An open case counts once under its colour; like the counters, before/after deltas commute. */
  private countOpen(row: Pick<CaseRow, 'status' | 'communityCode' | 'colour'> | null, n: 1 | -1) {
    if (row && isOpen(row.status)) this.bumpColour(row.communityCode, row.colour, n)
  }

  private pushFeed(row: CaseRow) {
    for (const region of streamsOf(row.communityCode)) {
      let feed = this.feeds.get(region)
      if (!feed) this.feeds.set(region, (feed = []))
      const i = feed.findIndex((r) => r.id === row.id)
      if (i >= 0) feed[i] = row
      else if (!isLateRecord(row)) {
        // In report-time order, newest first (of two reported at once, the one that came later first).
        const k = feed.findIndex((r) => +r.reportedAt <= +row.reportedAt)
        feed.splice(k < 0 ? feed.length : k, 0, row)
        if (feed.length > FEED_SIZE) feed.length = FEED_SIZE
      }
    }
  }

  private replaceInFeed(row: CaseRow) {
    for (const region of streamsOf(row.communityCode)) {
      const feed = this.feeds.get(region)
      const i = feed?.findIndex((r) => r.id === row.id) ?? -1
      if (feed && i >= 0 && feed[i]!.version < row.version) feed[i] = row
    }
  }

  /** Applies a committed case change; changes come from the log in commit order. */
  applyCase(ch: CaseChange) {
    this.applyDeltas(ch.deltas)
    this.countOpen(ch.before, -1)
    this.countOpen(ch.after, 1)
    const row = ch.after
    if (ch.before === null) this.pushFeed(row)
    else this.replaceInFeed(row)
    if (isOpen(row.status) && row.colour === 'red') this.red.set(row.id, row)
    else this.red.delete(row.id)
  }

  /** A batch of imported cases in one community: their summed deltas, and the cases a screen holds (open ones, recent ones). */
  applyImport(ch: ImportChange) {
    this.applyDeltas(ch.deltas)
    for (const row of ch.rows) {
      this.countOpen(row, 1)
      this.pushFeed(row)
      if (isOpen(row.status) && row.colour === 'red') this.red.set(row.id, row)
    }
  }

  /** A visit at the window: 接待群众人次 on its day. */
  applyVisit(ch: VisitChange) {
    const day = dayOf(ch.row.visitedAt)
    if (day < this.keepFrom()) return
    this.addAll(ch.row.communityCode, day, 'visit:people', ch.row.people)
    this.addAll(ch.row.communityCode, day, 'visit:count', 1)
  }

  applyActivity(ch: ActivityChange) {
    const day = dayOf(ch.row.startedAt)
    if (day >= this.keepFrom()) this.addActivity(ch.row.communityCode, day, ch.row.team, 1, ch.row.minutes, ch.row.peopleServed)
  }

  applyWish(ch: WishChange) {
    const day = dayOf(ch.after.collectedAt)
    const was = ch.before ? stageIndex(ch.before.status) : -1
    const now = stageIndex(ch.after.status)
    for (let i = was + 1; i <= now; i++) this.addAll(ch.after.communityCode, day, `wish:${WISH_STAGES[i]}`, 1)
  }

  /** A new day: drops counters no period needs any more. */
  rollover() {
    this.counters.prune(this.keepFrom())
  }

  openCountsOf(region: string): OpenCounts {
    return { ...(this.openCounts.get(region) ?? { red: 0, yellow: 0, green: 0 }) }
  }

  feed(region: string): CaseRow[] {
    return this.feeds.get(region) ?? []
  }

  aggregates(region: string): LiveAggregates {
    const now = this.clock.now()
    const p = periods(now)
    // 矛盾纠纷 are the headline (the seeds count them alone); 民生诉求 beside them.
    const block = (c: Counters, kind = 'dispute'): IndicatorBlock => indicatorBlock(ofKind(c, kind))
    const today = this.counters.sum(region, p.today, p.today)
    const quarter = this.counters.sum(region, p.quarter, p.today)
    const month = this.counters.sum(region, p.month, p.today)
    const dim = (c: Counters, name: string) =>
      Object.fromEntries(Object.entries(c).filter(([k, v]) => k.startsWith(`${name}:`) && v > 0).map(([k, v]) => [k.slice(name.length + 1), v]))
    const teamStats = (c: Counters): TeamStats[] =>
      this.teams.map((team) => ({
        team,
        sessions: c[`team:${team}:sessions`] ?? 0,
        hours: hoursOf(c[`team:${team}:minutes`] ?? 0),
        peopleServed: c[`team:${team}:served`] ?? 0,
      }))
    return {
      asOf: isoLocal(now),
      periods: p,
      today: block(today),
      yesterday: block(this.counters.sum(region, p.yesterday, p.yesterday)),
      month: block(month),
      quarter: block(quarter),
      open: this.openCountsOf(region),
      appeals: { today: block(today, 'appeal'), month: block(month, 'appeal'), quarter: block(quarter, 'appeal') },
      byCategory: dim(quarter, 'dispute:category'),
      bySource: dim(quarter, 'dispute:source'),
      byLevel: dim(quarter, 'dispute:level'),
      volunteers: { today: teamStats(today), quarter: teamStats(quarter) },
      wishes: { collected: quarter['wish:collected'] ?? 0, claimed: quarter['wish:claimed'] ?? 0, fulfilled: quarter['wish:fulfilled'] ?? 0 },
      visitors: { today: today['visit:people'] ?? 0, month: month['visit:people'] ?? 0, quarter: quarter['visit:people'] ?? 0 },
    }
  }

  /** The region's warning colour from its open cases and its quarter success rate. */
  regionColour(region: string, rules: WarningRules): RegionColour {
    const p = periods(this.clock.now())
    const q = this.counters.sum(region, p.quarter, p.today)
    return regionColour(region, this.openCountsOf(region), indicatorBlock(ofKind(q, 'dispute')).successRate, rules)
  }

  /** Open red cases in a region, the most recently turned red first. */
  redFlags(region: string): CaseRow[] {
    const prefix = prefixOf(region)
    return [...this.red.values()]
      .filter((r) => r.communityCode.startsWith(prefix))
      .sort((a, b) => +b.colourSince - +a.colourSince || b.id - a.id)
      .slice(0, RED_FLAG_LIMIT)
  }

  stats() {
    return { red: this.red.size, days: this.counters.dayCount(), feeds: this.feeds.size }
  }
}

