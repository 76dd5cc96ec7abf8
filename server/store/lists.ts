import { and, asc, desc, eq, gte, inArray, isNotNull, like, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import { listItems, organisations, type ListItem } from '../../db/schema'
import type { CouncilAgenda, ListClaim, ListClaimResult, ListItemCreate, ListItemView, ListsSummary, ProjectDone } from '../contract'
import type { Clock } from '../domain/clock'
import { ancestorAt, levelOf, prefixOf, within } from '../domain/regions'
import { addDays, aheadOfClock, dayOf, isoLocal, startOfDay } from '../domain/time'
import { badRequest, conflict, notFound } from '../errors'
import { audit, type AuditActor } from './audit'
import type { Registry } from './registry'

/** The day of the month the council meets (萤火议事会: the 15th). */
export const COUNCIL_DAY = 15

/** The council on or after `day`: the 15th of its month, or of the next. */
export function nextCouncil(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const [yy, mm] = d <= COUNCIL_DAY ? [y, m] : m === 12 ? [y + 1, 1] : [y, m + 1]
  return `${yy}-${String(mm).padStart(2, '0')}-${COUNCIL_DAY}`
}

/** The same day a month before (the last council, for a meeting on the 15th). */
function monthBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const [yy, mm] = m === 1 ? [y - 1, 12] : [y, m - 1]
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate()
  return `${yy}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/**
 * 三张清单: needs (需求清单) of communities, resources (资源清单) units offer, and the projects
 * (项目清单) made when a unit claims a need or a community claims a resource (双向认领). Each
 * write is one transaction, audited; a claim takes the item only while it is open.
 */
export class ListStore {
  constructor(
    private db: Db,
    private registry: Registry,
    private clock: Clock,
  ) {}

  private async views(rows: ListItem[]): Promise<ListItemView[]> {
    const ids = [...new Set(rows.map((r) => r.organisationId).filter((x): x is number => x !== null))]
    const names = new Map(ids.length ? (await this.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids))).map((o) => [o.id, o.name]) : [])
    const t = (d: Date | null) => (d ? isoLocal(d) : null)
    const name = (code: string | null) => (code ? (this.registry.region(code)?.name ?? code) : null)
    return rows.map((i) => ({
      id: i.id, kind: i.kind, regionCode: i.regionCode, regionName: name(i.regionCode)!, communityCode: i.communityCode, communityName: name(i.communityCode),
      organisationId: i.organisationId, organisationName: i.organisationId === null ? null : (names.get(i.organisationId) ?? ''), title: i.title, detail: i.detail, status: i.status,
      fromId: i.fromId, createdAt: isoLocal(i.createdAt), claimedAt: t(i.claimedAt), doneAt: t(i.doneAt), report: i.report, peopleServed: i.peopleServed, satisfaction: i.satisfaction,
    }))
  }

  private community(code: string, reader: string, field = 'communityCode') {
    const c = this.registry.region(code)
    if (!c || c.level !== 'community') throw badRequest(field, `no village or community with code ${code}`)
    if (!within(code, reader)) throw badRequest(field, `${c.name} is outside your region`)
    return c
  }

  private async organisation(id: number, field = 'organisationId') {
    const [org] = await this.db.select().from(organisations).where(eq(organisations.id, id))
    if (!org) throw badRequest(field, `no organisation ${id} (GET /api/v1/organisations)`)
    return org
  }

  /** A need of a community, or a resource a unit of the caller's region offers (listed where the unit belongs). */
  async create(input: ListItemCreate, reader: string, by: AuditActor): Promise<ListItemView> {
    const now = this.clock.now()
    let values: typeof listItems.$inferInsert
    if (input.kind === 'need') {
      this.community(input.communityCode, reader)
      values = { kind: 'need', regionCode: input.communityCode, communityCode: input.communityCode, title: input.title, detail: input.detail, createdAt: now, createdBy: by.name }
    } else {
      const org = await this.organisation(input.organisationId)
      if (!within(org.regionCode, reader) && !within(reader, org.regionCode)) throw badRequest('organisationId', `${org.name} is outside your region`)
      values = { kind: 'resource', regionCode: org.regionCode, organisationId: org.id, title: input.title, detail: input.detail, createdAt: now, createdBy: by.name }
    }
    const row = await this.db.transaction(async (tx) => {
      const [row] = await tx.insert(listItems).values(values).returning()
      await audit(tx, by, { action: `list.${input.kind}`, target: `list:${row!.id}`, regionCode: row!.regionCode, after: { title: row!.title } })
      return row!
    })
    return (await this.views([row]))[0]!
  }

  private async own(id: number, reader: string): Promise<ListItem> {
    const [i] = await this.db.select().from(listItems).where(eq(listItems.id, id))
    if (!i || !this.readable(i, reader)) throw notFound(`list item ${id}`)
    return i
  }

  /** Needs and projects within the reader's region; resources of it, or of the town and county above it (which it may claim). */
  private readable(i: ListItem, reader: string) {
    return within(i.regionCode, reader) || (i.kind === 'resource' && this.above(reader).includes(i.regionCode))
  }

  private above(reader: string): string[] {
    const level = levelOf(reader)
    return level === 'community' ? [ancestorAt(reader, 'town'), ancestorAt(reader, 'county')] : level === 'town' ? [ancestorAt(reader, 'county')] : []
  }

  private where(region: string): SQL {
    const above = this.above(region)
    return or(like(listItems.regionCode, `${prefixOf(region)}%`), above.length ? and(eq(listItems.kind, 'resource'), inArray(listItems.regionCode, above)) : undefined)!
  }

  private at(input: { at?: string }, earliest: Date): Date {
    const now = this.clock.now()
    const at = input.at ? new Date(input.at) : now
    const ahead = aheadOfClock(at, now)
    if (ahead) throw badRequest('at', ahead)
    if (+at < +earliest) throw badRequest('at', `must not be before ${isoLocal(earliest)}`)
    return at
  }

  /**
   * 双向认领: a unit of the need's county (or town) claims an open need, or a community within the
   * resource's region claims an open resource. The item is claimed and a project opens, in one
   * transaction; a second claim of the same item is a 409.
   */
  async claim(id: number, input: ListClaim, reader: string, by: AuditActor): Promise<ListClaimResult> {
    const item = await this.own(id, reader)
    if (item.kind === 'project') throw conflict('kind', 'a project is not claimed: it is what a claim makes')
    if (item.status !== 'open') throw conflict('status', `already claimed (${isoLocal(item.claimedAt!)})`)
    let community: string
    let organisationId: number
    if (item.kind === 'need') {
      if (input.organisationId === undefined) throw badRequest('organisationId', 'a need is claimed by a unit (organisationId)')
      const org = await this.organisation(input.organisationId)
      if (!within(item.communityCode!, org.regionCode)) throw badRequest('organisationId', `${org.name} is not a unit of the need's county or town`)
      ;[community, organisationId] = [item.communityCode!, org.id]
    } else {
      if (input.communityCode === undefined) throw badRequest('communityCode', 'a resource is claimed by a community (communityCode)')
      this.community(input.communityCode, reader)
      if (!within(input.communityCode, item.regionCode)) throw badRequest('communityCode', `the resource is offered in ${this.registry.region(item.regionCode)?.name ?? item.regionCode} only`)
      ;[community, organisationId] = [input.communityCode, item.organisationId!]
    }
    const at = this.at(input, item.createdAt)
    const [claimed, project] = await this.db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(listItems)
        .set({ status: 'claimed', claimedAt: at, ...(item.kind === 'need' ? { organisationId } : { communityCode: community }) })
        .where(and(eq(listItems.id, id), eq(listItems.status, 'open')))
        .returning()
      if (!claimed) throw conflict('status', 'claimed by someone else meanwhile')
      const [project] = await tx
        .insert(listItems)
        .values({ kind: 'project', regionCode: community, communityCode: community, organisationId, title: item.title, detail: item.detail, status: 'open', fromId: item.id, createdAt: at, createdBy: by.name })
        .returning()
      await audit(tx, by, { action: `list.claim`, target: `list:${id}`, regionCode: community, after: { kind: item.kind, organisationId, communityCode: community, project: project!.id } })
      return [claimed, project!]
    })
    const [a, b] = await this.views([claimed, project])
    return { item: a!, project: b! }
  }

  /** A project reported done, with the residents' verdict; its need or resource is done with it. */
  async done(id: number, input: ProjectDone, reader: string, by: AuditActor): Promise<ListItemView> {
    const item = await this.own(id, reader)
    if (item.kind !== 'project') throw conflict('kind', `a ${item.kind} is done through its project`)
    if (item.status !== 'open') throw conflict('status', `already done (${isoLocal(item.doneAt!)})`)
    const at = this.at(input, item.createdAt)
    const row = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(listItems)
        .set({ status: 'done', doneAt: at, report: input.report, peopleServed: input.peopleServed, satisfaction: input.satisfaction })
        .where(and(eq(listItems.id, id), eq(listItems.status, 'open')))
        .returning()
      if (!row) throw conflict('status', 'done by someone else meanwhile')
      if (item.fromId !== null) await tx.update(listItems).set({ status: 'done', doneAt: at }).where(eq(listItems.id, item.fromId))
      await audit(tx, by, { action: 'list.done', target: `list:${id}`, regionCode: item.regionCode, after: { peopleServed: input.peopleServed, satisfaction: input.satisfaction } })
      return row
    })
    return (await this.views([row]))[0]!
  }

  async list(f: { region: string; kind?: ListItem['kind']; status?: ListItem['status']; organisation?: number; limit: number }): Promise<ListItemView[]> {
    const rows = await this.db
      .select()
      .from(listItems)
      .where(and(this.where(f.region), f.kind ? eq(listItems.kind, f.kind) : undefined, f.status ? eq(listItems.status, f.status) : undefined, f.organisation !== undefined ? eq(listItems.organisationId, f.organisation) : undefined))
      .orderBy(desc(listItems.createdAt), desc(listItems.id))
      .limit(f.limit)
    return this.views(rows)
  }

  /** A region's three lists counted (resources: those offered within it). */
  async summary(region: string): Promise<ListsSummary> {
    const rows = await queryRows<{ k: string; total: number; open: number; claimed: number; done: number; served: number }>(this.db, sql`
      select kind k, count(*)::int total, count(*) filter (where status = 'open')::int open, count(*) filter (where status <> 'open')::int claimed,
        count(*) filter (where status = 'done')::int done, coalesce(sum(people_served), 0)::int served
      from list_items where region_code like ${`${prefixOf(region)}%`} group by kind`)
    const of = (k: string) => rows.find((r) => r.k === k) ?? { total: 0, open: 0, claimed: 0, done: 0, served: 0 }
    const [n, r, p] = [of('need'), of('resource'), of('project')]
    return { needs: { total: n.total, open: n.open, claimed: n.claimed }, resources: { total: r.total, open: r.open, claimed: r.claimed }, projects: { total: p.total, open: p.open, done: p.done, peopleServed: p.served } }
  }

  /**
   * The council's list (萤火议事会) of a community for the meeting on `date` (default: the next
   * 15th): its open needs, the resources it may claim, its projects under way, and what was
   * claimed or done since the meeting a month before. Items made after the meeting's day are not on it.
   */
  async council(communityCode: string, date: string | undefined, reader: string): Promise<CouncilAgenda> {
    const c = this.community(communityCode, reader, 'community')
    const day = date ?? nextCouncil(dayOf(this.clock.now()))
    const since = monthBefore(day)
    const [from, to] = [startOfDay(since), startOfDay(addDays(day, 1))]
    const here = eq(listItems.communityCode, communityCode)
    const made = lt(listItems.createdAt, to)
    // Open as of the meeting: not claimed (or done) before its day ended.
    const openAt = (col: typeof listItems.claimedAt) => or(sql`${col} is null`, gte(col, to))
    const q = (w: SQL | undefined) => this.db.select().from(listItems).where(w).orderBy(asc(listItems.createdAt), asc(listItems.id))
    const [needs, resources, under, claimed, done] = await Promise.all([
      q(and(eq(listItems.kind, 'need'), here, made, openAt(listItems.claimedAt))),
      q(and(eq(listItems.kind, 'resource'), made, inArray(listItems.regionCode, [ancestorAt(communityCode, 'town'), ancestorAt(communityCode, 'county')]), openAt(listItems.claimedAt))),
      q(and(eq(listItems.kind, 'project'), here, made, openAt(listItems.doneAt))),
      q(and(inArray(listItems.kind, ['need', 'resource']), here, isNotNull(listItems.claimedAt), gte(listItems.claimedAt, from), lt(listItems.claimedAt, to))),
      q(and(eq(listItems.kind, 'project'), here, isNotNull(listItems.doneAt), gte(listItems.doneAt, from), lt(listItems.doneAt, to))),
    ])
    const [openNeeds, openResources, projectsUnderWay, claimedSince, doneSince] = await Promise.all([needs, resources, under, claimed, done].map((rows) => this.views(rows)))
    return { community: { code: c.code, name: c.name }, date: day, since, openNeeds: openNeeds!, openResources: openResources!, projectsUnderWay: projectsUnderWay!, claimedSince: claimedSince!, doneSince: doneSince! }
  }
}
