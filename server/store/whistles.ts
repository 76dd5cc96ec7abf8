import { and, desc, eq, inArray, isNotNull, isNull, like, lte, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { cases, organisations, whistles, wishes, type Whistle } from '../../db/schema'
import type { WhistleCreate, WhistleFunnel, WhistleStep, WhistleView } from '../contract'
import type { Clock } from '../domain/clock'
import { prefixOf, within } from '../domain/regions'
import { aheadOfClock, isoLocal } from '../domain/time'
import { badRequest, conflict, notFound } from '../errors'
import { audit, type AuditActor } from './audit'
import type { Registry } from './registry'

const HOUR = 3_600_000

/**
 * 吹哨派单 → 接单: a community whistles a need to its paired unit; the unit takes it within the
 * time limit and reports it done. Not taken in time, the clock escalates it (点名哨): a timer on
 * the clock at each time limit, as the warnings run, and a sweep every few seconds on every node
 * for whistles another node made.
 */
export class WhistleStore {
  constructor(
    private db: Db,
    private registry: Registry,
    private clock: Clock,
  ) {}

  private async view(rows: Whistle[]): Promise<WhistleView[]> {
    const ids = [...new Set(rows.map((r) => r.organisationId))]
    const names = new Map(ids.length ? (await this.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids))).map((o) => [o.id, o.name]) : [])
    const t = (d: Date | null) => (d ? isoLocal(d) : null)
    return rows.map((w) => ({
      id: w.id, communityCode: w.communityCode, communityName: this.registry.region(w.communityCode)?.name ?? w.communityCode, organisationId: w.organisationId, organisationName: names.get(w.organisationId) ?? '',
      title: w.title, source: w.source, wishId: w.wishId, caseId: w.caseId, status: w.status, whistledAt: isoLocal(w.whistledAt), takeBy: isoLocal(w.takeBy), doneBy: isoLocal(w.doneBy),
      takenAt: t(w.takenAt), takenBy: w.takenBy, takenLate: !!w.takenAt && +w.takenAt > +w.takeBy, doneAt: t(w.doneAt), report: w.report, escalatedAt: t(w.escalatedAt),
    }))
  }

  async create(input: WhistleCreate, reader: string, by: AuditActor): Promise<WhistleView> {
    const community = this.registry.region(input.communityCode)
    if (!community || community.level !== 'community') throw badRequest('communityCode', `no village or community with code ${input.communityCode}`)
    if (!within(input.communityCode, reader)) throw badRequest('communityCode', `${community.name} is outside your region`)
    const [org] = await this.db.select().from(organisations).where(eq(organisations.id, input.organisationId))
    // Only the unit paired with this community (reported to it, 双报到) takes its whistles.
    if (!org || org.communityCode !== input.communityCode || !org.reportedAt) throw badRequest('organisationId', `no unit paired with ${community.name} has id ${input.organisationId} (GET /api/v1/organisations)`)
    if (input.wishId !== undefined) {
      const [w] = await this.db.select({ communityCode: wishes.communityCode }).from(wishes).where(eq(wishes.id, input.wishId))
      if (!w || w.communityCode !== input.communityCode) throw badRequest('wishId', `no wish ${input.wishId} of ${community.name}`)
    }
    if (input.caseId !== undefined) {
      const [c] = await this.db.select({ communityCode: cases.communityCode }).from(cases).where(eq(cases.id, input.caseId))
      if (!c || c.communityCode !== input.communityCode) throw badRequest('caseId', `no case ${input.caseId} of ${community.name}`)
    }
    const now = this.clock.now()
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(whistles)
        .values({
          communityCode: input.communityCode, organisationId: org.id, title: input.title, source: input.source, wishId: input.wishId ?? null, caseId: input.caseId ?? null,
          whistledAt: now, takeBy: new Date(+now + input.takeWithinHours * HOUR), doneBy: new Date(+now + input.doneWithinDays * 24 * HOUR), createdBy: by.name,
        })
        .returning()
      await audit(tx, by, { action: 'whistle.create', target: `whistle:${row!.id}`, regionCode: row!.communityCode, after: { organisation: org.name, title: row!.title, takeBy: isoLocal(row!.takeBy) } })
      return row!
    }).then(async (row) => {
      this.escalateAt(row.takeBy)
      return (await this.view([row]))[0]!
    })
  }

  /** A sweep when the clock reaches `at` (a whistle's time limit): 点名哨 at that moment, on this node's clock. */
  private escalateAt(at: Date) {
    this.clock.setTimer(+at - +this.clock.now(), () => void this.escalateDue().catch(() => undefined))
  }

  /** On start: a sweep for each time limit still ahead (those already past are swept at once). */
  async scheduleDue() {
    await this.escalateDue()
    const due = await this.db.select({ takeBy: whistles.takeBy }).from(whistles).where(and(eq(whistles.status, 'whistled'), isNull(whistles.escalatedAt)))
    for (const at of new Set(due.map((d) => +d.takeBy))) this.escalateAt(new Date(at))
  }

  private async own(id: number, reader: string): Promise<Whistle> {
    const [w] = await this.db.select().from(whistles).where(eq(whistles.id, id))
    if (!w || !within(w.communityCode, reader)) throw notFound(`whistle ${id}`)
    return w
  }

  /** 接单 or 办结, at `at` (default now; not ahead of the clock, not before the step before). */
  async step(id: number, action: 'take' | 'done', input: WhistleStep, reader: string, by: AuditActor): Promise<WhistleView> {
    const w = await this.own(id, reader)
    const now = this.clock.now()
    const at = input.at ? new Date(input.at) : now
    const ahead = aheadOfClock(at, now)
    if (ahead) throw badRequest('at', ahead)
    const from = action === 'take' ? 'whistled' : 'taken'
    if (w.status !== from) throw conflict('action', `cannot ${action} a whistle that is ${w.status}`)
    const previous = action === 'take' ? w.whistledAt : w.takenAt!
    if (+at < +previous) throw badRequest('at', `must not be before ${isoLocal(previous)}`)
    if (action === 'take' && !input.by) throw badRequest('by', 'who took it (the unit’s contact)')
    if (action === 'done' && !input.report) throw badRequest('report', 'what was done')
    const [row] = await this.db.transaction(async (tx) => {
      const out = await tx
        .update(whistles)
        .set(action === 'take' ? { status: 'taken', takenAt: at, takenBy: input.by! } : { status: 'done', doneAt: at, report: input.report! })
        .where(and(eq(whistles.id, id), eq(whistles.status, from)))
        .returning()
      if (!out.length) throw conflict('action', `the whistle changed meanwhile`)
      await audit(tx, by, { action: `whistle.${action}`, target: `whistle:${id}`, regionCode: w.communityCode, after: { at: isoLocal(at) } })
      return out
    })
    return (await this.view([row!]))[0]!
  }

  /** Told of each 点名哨 as it happens, on the node that made it (the webhooks). */
  onCalledOut: (called: { id: number; communityCode: string; organisationName: string; title: string; takeBy: Date; whistledAt: Date }[]) => Promise<void> = async () => undefined

  /** 点名哨: whistles not taken by their time limit, escalated once, when the clock passes it. */
  async escalateDue(): Promise<number[]> {
    const now = this.clock.now()
    const rows = await this.db
      .update(whistles)
      .set({ escalatedAt: now })
      .where(and(eq(whistles.status, 'whistled'), isNull(whistles.escalatedAt), lte(whistles.takeBy, now)))
      .returning()
    if (rows.length) {
      const views = await this.view(rows)
      await this.onCalledOut(rows.map((r, i) => ({ id: r.id, communityCode: r.communityCode, organisationName: views[i]!.organisationName, title: r.title, takeBy: r.takeBy, whistledAt: r.whistledAt }))).catch(() => undefined)
    }
    return rows.map((r) => r.id)
  }

  async list(f: { region: string; status?: 'whistled' | 'taken' | 'done' | 'escalated'; organisation?: number; limit: number }): Promise<WhistleView[]> {
    const rows = await this.db
      .select()
      .from(whistles)
      .where(
        and(
          like(whistles.communityCode, `${prefixOf(f.region)}%`),
          f.status === 'escalated' ? isNotNull(whistles.escalatedAt) : f.status ? eq(whistles.status, f.status) : undefined,
          f.organisation !== undefined ? eq(whistles.organisationId, f.organisation) : undefined,
        ),
      )
      .orderBy(desc(whistles.whistledAt), desc(whistles.id))
      .limit(f.limit)
    return this.view(rows)
  }

  /** The region's funnel (all time): whistled → taken (in time) → done, 点名哨, and overdue now. */
  async funnel(region: string): Promise<WhistleFunnel> {
    const [f] = await queryRows<WhistleFunnel>(this.db, sql`
      select count(*)::int whistled, count(taken_at)::int taken, count(*) filter (where taken_at <= take_by)::int "takenOnTime", count(done_at)::int done,
        count(escalated_at)::int escalated, count(*) filter (where status = 'whistled' and take_by <= ${this.clock.now()})::int overdue
      from whistles where community_code like ${`${prefixOf(region)}%`}`)
    return f!
  }
}
