import { desc, gte, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { activityDaily, caseDaily, caseDimDaily, cases, wishes, type CaseRow } from '../../db/schema'
import type { Colour, IndicatorBlock, LiveAggregates, OpenCounts, TeamStats } from '../contract'
import { FEED_SIZE } from '../contract'
import type { Clock } from '../domain/clock'
import { caseColour, type ColourRules, DEFAULT_COLOUR_RULES } from '../domain/colour'
import { DAILY_FIELDS, indicatorBlock, type Deltas } from '../domain/counters'
import { isOpen, OPEN_STATUSES } from '../domain/lifecycle'
import { streamsOf } from '../domain/regions'
import { dayOf, isoLocal, periods } from '../domain/time'
import type { ActivityChange } from '../store/activities'
import type { CaseChange } from '../store/cases'
import type { WishChange } from '../store/wishes'
import { DayCounters, type Counters } from './dayCounters'

const WISH_STAGES = ['collected', 'claimed', 'fulfilled', 'feedback']
const stageIndex = (s: string) => WISH_STAGES.indexOf(s)

interface OpenCase {
  row: CaseRow
  colour: Colour
  reasons: string[]
}

/**
 * What every screen shows, kept in memory and changed by deltas after each commit, so a live
 * update never re-runs an aggregate on the database. Loaded once from the rollups at start.
 */
export class LiveModel {
  private counters = new DayCounters()
  private open = new Map<number, OpenCase>()
  private openCounts = new Map<string, OpenCounts>()
  private feeds = new Map<string, CaseRow[]>()
  private teams: string[] = []

  constructor(private clock: Clock, private rules: ColourRules = DEFAULT_COLOUR_RULES) {}

  /** The first day whose counters are kept: the day before the quarter (for "yesterday" on its first day). */
  private keepFrom() {
    const p = periods(this.clock.now())
    return p.yesterday < p.quarter ? p.yesterday : p.quarter
  }

  async load(db: Db, teams: string[]) {
    this.teams = teams
    const from = this.keepFrom()
    for (const r of await db.select().from(caseDaily).where(gte(caseDaily.day, from))) {
      for (const f of DAILY_FIELDS) if (r[f]) this.addAll(r.communityCode, r.day, f, r[f])
    }
    for (const r of await db.select().from(caseDimDaily).where(gte(caseDimDaily.day, from))) {
      this.addAll(r.communityCode, r.day, `${r.dim}:${r.value}`, r.count)
    }
    for (const r of await db.select().from(activityDaily).where(gte(activityDaily.day, from))) {
      this.addActivity(r.communityCode, r.day, r.team, r.sessions, r.minutes, r.peopleServed)
    }
    const fromInstant = new Date(Date.parse(`${from}T00:00:00+08:00`))
    for (const w of await db.select().from(wishes).where(gte(wishes.collectedAt, fromInstant))) this.applyWish({ type: 'wish', before: null, after: w })
    for (const row of await db.select().from(cases).where(inArray(cases.status, [...OPEN_STATUSES]))) this.setOpen(row)
    // Feeds: newest cases of each region, filled from the newest overall.
    for (const row of (await db.select().from(cases).orderBy(desc(cases.createdAt), desc(cases.id)).limit(3000)).reverse()) this.pushFeed(row)
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
    for (const x of d.daily) if (x.day >= from) this.addAll(x.communityCode, x.day, x.field, x.n)
    for (const x of d.dims) if (x.day >= from) this.addAll(x.communityCode, x.day, `${x.dim}:${x.value}`, x.n)
  }

  private bumpColour(community: string, colour: Colour, n: number) {
    for (const region of streamsOf(community)) {
      let c = this.openCounts.get(region)
      if (!c) this.openCounts.set(region, (c = { red: 0, yellow: 0, green: 0 }))
      c[colour] += n
    }
  }

  private setOpen(row: CaseRow) {
    const prev = this.open.get(row.id)
    if (prev) this.bumpColour(prev.row.communityCode, prev.colour, -1)
    if (!isOpen(row.status)) {
      this.open.delete(row.id)
      return
    }
    const { colour, reasons } = caseColour(row, this.clock.now(), this.rules)
    this.open.set(row.id, { row, colour, reasons })
    this.bumpColour(row.communityCode, colour, 1)
  }

  private pushFeed(row: CaseRow) {
    for (const region of streamsOf(row.communityCode)) {
      let feed = this.feeds.get(region)
      if (!feed) this.feeds.set(region, (feed = []))
      const i = feed.findIndex((r) => r.id === row.id)
      if (i >= 0) feed[i] = row
      else {
        feed.unshift(row)
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

  /** Applies a committed case change. Counters always apply (deltas commute); state only if newer. */
  applyCase(ch: CaseChange): { stale: boolean } {
    this.applyDeltas(ch.deltas)
    const current = this.open.get(ch.after.id)?.row
    const stale = !!current && current.version >= ch.after.version
    if (stale) return { stale }
    if (ch.before === null) this.pushFeed(ch.after)
    else this.replaceInFeed(ch.after)
    if (isOpen(ch.after.status) || this.open.has(ch.after.id)) this.setOpen(ch.after)
    return { stale }
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

  /** Re-evaluates colours that time may have changed; returns the regions whose counts moved. */
  recolour(): Set<string> {
    const changed = new Set<string>()
    const now = this.clock.now()
    for (const oc of this.open.values()) {
      const { colour, reasons } = caseColour(oc.row, now, this.rules)
      if (colour !== oc.colour) {
        this.bumpColour(oc.row.communityCode, oc.colour, -1)
        this.bumpColour(oc.row.communityCode, colour, 1)
        for (const r of streamsOf(oc.row.communityCode)) changed.add(r)
      }
      oc.colour = colour
      oc.reasons = reasons
    }
    this.counters.prune(this.keepFrom())
    return changed
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
    const block = (c: Counters): IndicatorBlock =>
      indicatorBlock({ accepted: c.accepted ?? 0, resolved: c.resolved ?? 0, successful: c.successful ?? 0, resolvedCohort: c.resolvedCohort ?? 0, onTime: c.onTime ?? 0 })
    const today = this.counters.sum(region, p.today, p.today)
    const quarter = this.counters.sum(region, p.quarter, p.today)
    const dim = (c: Counters, name: string) =>
      Object.fromEntries(Object.entries(c).filter(([k, v]) => k.startsWith(`${name}:`) && v > 0).map(([k, v]) => [k.slice(name.length + 1), v]))
    const teamStats = (c: Counters): TeamStats[] =>
      this.teams.map((team) => ({
        team,
        sessions: c[`team:${team}:sessions`] ?? 0,
        hours: Math.round((c[`team:${team}:minutes`] ?? 0) / 6) / 10,
        peopleServed: c[`team:${team}:served`] ?? 0,
      }))
    return {
      asOf: isoLocal(now),
      periods: p,
      today: block(today),
      yesterday: block(this.counters.sum(region, p.yesterday, p.yesterday)),
      month: block(this.counters.sum(region, p.month, p.today)),
      quarter: block(quarter),
      open: this.openCountsOf(region),
      byCategory: dim(quarter, 'category'),
      bySource: dim(quarter, 'source'),
      byLevel: dim(quarter, 'level'),
      volunteers: { today: teamStats(today), quarter: teamStats(quarter) },
      wishes: { collected: quarter['wish:collected'] ?? 0, claimed: quarter['wish:claimed'] ?? 0, fulfilled: quarter['wish:fulfilled'] ?? 0 },
    }
  }

  /** Colour of a case as the live model sees it (open cases), or computed on the spot. */
  colourOf(row: CaseRow) {
    const oc = this.open.get(row.id)
    if (oc && oc.row.version === row.version) return { colour: oc.colour, reasons: oc.reasons }
    return caseColour(row, this.clock.now(), this.rules)
  }

  stats() {
    return { open: this.open.size, days: this.counters.dayCount(), feeds: this.feeds.size }
  }
}

