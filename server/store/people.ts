import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { queryRows } from '../../db/client'
import { organisations, volunteers, type Organisation } from '../../db/schema'
import type { DoubleReportingView, OrganisationCreate, PeopleActivityView, OrganisationReport, OrganisationView, PeopleImportResult, RosterView, TeamMemberView, TeamView } from '../contract'
import type { Clock } from '../domain/clock'
import { rate } from '../domain/counters'
import { prefixOf, within } from '../domain/regions'
import { dayOf, hoursOf, isoLocal, monthStart, startOfDay } from '../domain/time'
import { badRequest, conflict, notFound } from '../errors'
import { readTime } from '../imports/ledger'
import { audit, type AuditActor } from './audit'
import { byName, checkedName, placeFinder, postFinder } from './placeNames'
import { applyRows } from './rowImport'
import type { Registry } from './registry'

/** One row of a people CSV, by column meaning (see routes/people.ts for the headers). */
export type OrganisationImportRow = { line: number; name: string; kind: string; region: string; community: string; reportedAt: string }
export type MemberImportRow = { line: number; name: string; organisation: string; community: string; reportedAt: string; post: string }

const KIND_WORDS: Record<string, OrganisationCreate['kind']> = { 机关党组织: 'party_org', 党组织: 'party_org', party_org: 'party_org', 包联单位: 'paired_unit', paired_unit: 'paired_unit', '': 'party_org' }
const FORMULA = /^[=+\-@\t\r]/

/**
 * 双报到: organisations (机关党组织, 包联单位) of a region report to the community they are paired
 * with; their in-service party members report to the community they live in. Written by admins
 * within their region (one by one or from a CSV), audited; counted per region.
 */
export class PeopleStore {
  constructor(
    private db: Db,
    private registry: Registry,
    private clock: Clock,
  ) {}

  /**
   * The counts of docs/INDICATORS.md (双报到): in region R, organisations reported to its
   * communities against those that belong to R or reported there; the same for party members
   * (reported where they live, against those of R's organisations or reported there).
   */
  async doubleReporting(regionCode: string): Promise<DoubleReportingView> {
    const region = this.registry.region(regionCode)!
    const p = `${prefixOf(regionCode)}%`
    const [o] = await queryRows<{ registered: number; reported: number }>(this.db, sql`
      select count(*)::int registered, count(*) filter (where reported_at is not null and community_code like ${p})::int reported
      from organisations where region_code like ${p} or (community_code like ${p} and reported_at is not null)`)
    const [m] = await queryRows<{ registered: number; reported: number }>(this.db, sql`
      select count(*)::int registered, count(*) filter (where v.reported_at is not null and v.community_code like ${p})::int reported
      from volunteers v join organisations o on o.id = v.organisation_id
      where v.party_member and (o.region_code like ${p} or (v.community_code like ${p} and v.reported_at is not null))`)
    // One level down: a county's towns, a town's communities (a city's counties).
    const children = this.registry.children(regionCode).filter((r) => r.level !== 'grid')
    const cut = children[0] ? prefixOf(children[0].code).length : 12
    const byArea = async (table: 'organisations' | 'volunteers') =>
      new Map(
        (
          await queryRows<{ area: string; n: number }>(
            this.db,
            table === 'organisations'
              ? sql`select substr(community_code, 1, ${cut}) area, count(*)::int n from organisations where reported_at is not null and community_code like ${p} group by 1`
              : sql`select substr(community_code, 1, ${cut}) area, count(*)::int n from volunteers where party_member and organisation_id is not null and reported_at is not null and community_code like ${p} group by 1`,
          )
        ).map((r) => [r.area, r.n]),
      )
    const [orgAreas, memberAreas] = [await byArea('organisations'), await byArea('volunteers')]
    return {
      region: { code: region.code, name: region.name, level: region.level },
      organisations: { ...o!, rate: rate(o!.reported, o!.registered) },
      members: { ...m!, rate: rate(m!.reported, m!.registered) },
      areas: children.map((c) => ({ code: c.code, name: c.name, organisations: orgAreas.get(prefixOf(c.code)) ?? 0, members: memberAreas.get(prefixOf(c.code)) ?? 0 })),
    }
  }

  /** The roster: teams based in the region (its communities, towns, itself) and the volunteers serving in them. */
  async roster(regionCode: string): Promise<RosterView> {
    const region = this.registry.region(regionCode)!
    const p = `${prefixOf(regionCode)}%`
    const byColour = await queryRows<{ colour: string; teams: number; professional: number; volunteers: number }>(this.db, sql`
      select t.colour, count(distinct t.id)::int teams, count(distinct t.id) filter (where t.kind = 'professional')::int professional, count(v.id)::int volunteers
      from teams t left join volunteers v on v.team_id = t.id where t.region_code like ${p} group by t.colour`)
    const order = ((this.registry.allCodes().team ?? []) as { code: string }[]).map((c) => c.code)
    const sum = (k: 'teams' | 'professional' | 'volunteers') => byColour.reduce((s, c) => s + c[k], 0)
    const [work] = await queryRows<{ sessions: number; served: number; needs: number }>(this.db, sql`
      select count(*)::int sessions, coalesce(sum(a.people_served), 0)::int served,
        (select count(*)::int from list_items where kind = 'need' and region_code like ${p}) needs
      from volunteer_activities a join teams t on t.id = a.team_id where t.region_code like ${p}`)
    return {
      region: { code: region.code, name: region.name, level: region.level },
      teams: { total: sum('teams'), professional: sum('professional'), social: sum('teams') - sum('professional') },
      volunteers: sum('volunteers'),
      sessions: work!.sessions,
      peopleServed: work!.served,
      needs: work!.needs,
      byColour: byColour.sort((a, b) => order.indexOf(a.colour) - order.indexOf(b.colour)).map(({ colour, teams, volunteers }) => ({ colour, teams, volunteers })),
    }
  }

  /** This month's active people and hours in the region's communities, and the year's teams with most hours. */
  async activity(regionCode: string): Promise<PeopleActivityView> {
    const region = this.registry.region(regionCode)!
    const p = `${prefixOf(regionCode)}%`
    const today = dayOf(this.clock.now())
    const month = startOfDay(monthStart(today))
    const year = startOfDay(`${today.slice(0, 4)}-01-01`)
    const [active] = await queryRows<{ people: number; party: number; minutes: number; sessions: number }>(this.db, sql`
      select count(distinct p.volunteer_id)::int people, count(distinct p.volunteer_id) filter (where v.party_member)::int party, coalesce(sum(p.minutes), 0)::int minutes,
        (select count(*)::int from volunteer_activities where community_code like ${p} and started_at >= ${month}) sessions
      from activity_participants p join volunteer_activities a on a.id = p.activity_id join volunteers v on v.id = p.volunteer_id
      where a.community_code like ${p} and a.started_at >= ${month}`)
    const teams = await queryRows<{ id: number; name: string; colour: string; minutes: number; sessions: number }>(this.db, sql`
      select t.id, t.name, t.colour, sum(p.minutes)::int minutes, count(distinct a.id)::int sessions
      from volunteer_activities a join teams t on t.id = a.team_id join activity_participants p on p.activity_id = a.id
      where t.region_code like ${p} and a.started_at >= ${year} group by t.id order by minutes desc, t.id limit 5`)
    return {
      region: { code: region.code, name: region.name, level: region.level },
      month: today.slice(0, 7),
      active: { people: active!.people, partyMembers: active!.party, hours: hoursOf(active!.minutes), sessions: active!.sessions },
      topTeams: teams.map((t) => ({ id: t.id, name: t.name, colour: t.colour, hours: hoursOf(t.minutes), sessions: t.sessions })),
    }
  }

  /** Teams based in the region, with how many serve in each. */
  async teams(f: { region: string; colour?: string; q?: string; limit: number; id?: number }): Promise<TeamView[]> {
    const rows = await queryRows<{ id: number; name: string; colour: string; kind: 'professional' | 'social'; region_code: string; leader: string; volunteers: number; minutes: number; sessions: number; served: number; handled: number; closed: number }>(this.db, sql`
      select t.id, t.name, t.colour, t.kind, t.region_code, t.leader, (select count(*)::int from volunteers v where v.team_id = t.id) volunteers,
        (select coalesce(sum(p.minutes), 0)::int from activity_participants p join volunteer_activities a on a.id = p.activity_id where a.team_id = t.id) minutes,
        s.sessions, s.served, d.handled, d.closed
      from teams t
        cross join lateral (select count(*)::int sessions, coalesce(sum(a.people_served), 0)::int served from volunteer_activities a where a.team_id = t.id) s
        cross join lateral (select count(*)::int handled, count(*) filter (where c.status in ('resolved', 'visited', 'archived'))::int closed from cases c where c.team_id = t.id and c.kind = 'dispute') d where t.region_code like ${`${prefixOf(f.region)}%`}
        ${f.id !== undefined ? sql`and t.id = ${f.id}` : sql``}
        ${f.colour ? sql`and t.colour = ${f.colour}` : sql``}
        ${f.q ? sql`and t.name like ${contains(f.q)}` : sql``}
      order by t.region_code, t.colour, t.name limit ${f.limit}`)
    return rows.map((t) => ({
      id: t.id, name: t.name, colour: t.colour, kind: t.kind, regionCode: t.region_code, regionName: this.registry.region(t.region_code)?.name ?? t.region_code, leader: t.leader, volunteers: t.volunteers, hours: hoursOf(t.minutes),
      sessions: t.sessions, peopleServed: t.served, disputes: { handled: t.handled, closed: t.closed, rate: rate(t.closed, t.handled) },
    }))
  }

  /**
   * 微光存折: a team's volunteers with the hours and sessions each served (the activities that
   * named them as participants, whichever team ran them), most hours first.
   */
  async members(teamId: number, reader: string): Promise<{ team: TeamView; members: TeamMemberView[] }> {
    const [team] = await this.teams({ region: reader, limit: 1, id: teamId })
    if (!team) throw notFound(`team ${teamId}`)
    const rows = await queryRows<{ id: number; name: string; post_type: string | null; party_member: boolean; minutes: number; sessions: number }>(this.db, sql`
      select v.id, v.name, v.post_type, v.party_member, coalesce(sum(p.minutes), 0)::int minutes, count(p.activity_id)::int sessions
      from volunteers v left join activity_participants p on p.volunteer_id = v.id
      where v.team_id = ${teamId} group by v.id order by minutes desc, v.id`)
    return { team, members: rows.map((r) => ({ id: r.id, name: r.name, postType: r.post_type, partyMember: r.party_member, hours: hoursOf(r.minutes), sessions: r.sessions })) }
  }

  /** Organisations that belong to the region or reported to one of its communities, with their members' counts. */
  async list(f: { region: string; q?: string; limit: number; id?: number }): Promise<OrganisationView[]> {
    const p = `${prefixOf(f.region)}%`
    const rows = await queryRows<Organisation & { registered: number; reported: number }>(this.db, sql`
      select o.id, o.name, o.kind, o.region_code as "regionCode", o.community_code as "communityCode", o.reported_at as "reportedAt",
        (select count(*)::int from volunteers v where v.organisation_id = o.id and v.party_member) registered,
        (select count(*)::int from volunteers v where v.organisation_id = o.id and v.party_member and v.reported_at is not null) reported
      from organisations o
      where (o.region_code like ${p} or o.community_code like ${p})
        ${f.q ? sql`and o.name like ${contains(f.q)}` : sql``}
        ${f.id !== undefined ? sql`and o.id = ${f.id}` : sql``}
      order by o.region_code, o.kind, o.name limit ${f.limit}`)
    return rows.map((r) => this.view(r, { registered: r.registered, reported: r.reported }))
  }

  private view(o: Organisation, members: { registered: number; reported: number }): OrganisationView {
    return {
      id: o.id, name: o.name, kind: o.kind, regionCode: o.regionCode, regionName: this.registry.region(o.regionCode)?.name ?? o.regionCode,
      communityCode: o.communityCode, communityName: o.communityCode ? (this.registry.region(o.communityCode)?.name ?? o.communityCode) : null,
      reportedAt: o.reportedAt ? isoLocal(new Date(o.reportedAt)) : null, members,
    }
  }

  async byId(id: number, reader: string): Promise<OrganisationView> {
    const [v] = await this.list({ region: reader, limit: 1, id })
    if (!v) throw notFound(`organisation ${id}`)
    return v
  }

  /** A community of `reader`'s region, or a 400 naming the field. */
  private community(code: string, reader: string, field: string) {
    const r = this.registry.region(code)
    if (!r || r.level !== 'community') throw badRequest(field, `no village or community with code ${code}`)
    if (!within(code, reader)) throw badRequest(field, `${r.name} is outside your region`)
  }

  private when(at: string | undefined, field: string): Date {
    const d = at ? new Date(at) : this.clock.now()
    if (+d > +this.clock.now() + 60_000) throw badRequest(field, 'must not be in the future')
    return d
  }

  async create(input: OrganisationCreate, reader: string, by: AuditActor): Promise<OrganisationView> {
    const region = this.registry.region(input.regionCode)
    if (!region || region.level === 'grid' || region.level === 'community') throw badRequest('regionCode', 'the county or town the organisation belongs to')
    if (FORMULA.test(input.name)) throw badRequest('name', 'must not start with = + - @ (a spreadsheet would take it for a formula)')
    if (input.communityCode) this.community(input.communityCode, reader, 'communityCode')
    const reportedAt = input.communityCode ? this.when(input.reportedAt, 'reportedAt') : null
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(organisations).values({ name: input.name, kind: input.kind, regionCode: input.regionCode, communityCode: input.communityCode ?? null, reportedAt }).onConflictDoNothing().returning()
      if (!row) throw conflict('name', `${region.name} already has an organisation named ${input.name}`)
      await audit(tx, by, { action: 'organisation.create', target: `organisation:${row.id}`, regionCode: row.regionCode, after: facts(row) })
      return this.view(row, { registered: 0, reported: 0 })
    })
  }

  /** 双报到: it reported to a community (when: now, or the date given); null withdraws the report. */
  async report(id: number, input: OrganisationReport, reader: string, by: AuditActor): Promise<OrganisationView> {
    await this.byId(id, reader)
    if (input.communityCode) this.community(input.communityCode, reader, 'communityCode')
    const reportedAt = input.communityCode ? this.when(input.reportedAt, 'reportedAt') : null
    await this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(organisations).where(eq(organisations.id, id)).for('update')
      const [after] = await tx.update(organisations).set({ communityCode: input.communityCode, reportedAt }).where(eq(organisations.id, id)).returning()
      await audit(tx, by, { action: 'organisation.report', target: `organisation:${id}`, regionCode: after!.regionCode, before: facts(before!), after: facts(after!) })
    })
    return this.byId(id, reader)
  }

  private time(value: string, field: string, bad: (column: string, value: string, reason: string) => void): Date | null {
    if (!value.trim()) return this.clock.now()
    const t = readTime(value, 'Asia/Shanghai')
    if ('reason' in t) return bad(field, value, t.reason), null
    if (+t.at > +this.clock.now()) return bad(field, value, '不能晚于现在'), null
    return t.at
  }

  /**
   * Organisations from a CSV (名称, 类型, 所属地区, 报到社区, 报到时间): every row checked first;
   * with any problem nothing is stored. An organisation that exists (same region and name) is
   * updated (its report); `dryRun` only counts.
   */
  async importOrganisations(rows: OrganisationImportRow[], reader: string, dryRun: boolean, by: AuditActor): Promise<PeopleImportResult> {
    const problems: PeopleImportResult['problems'] = []
    const place = placeFinder(this.registry, reader)
    const parsed: { line: number; name: string; kind: OrganisationCreate['kind']; regionCode: string; communityCode: string | null; reportedAt: Date | null }[] = []
    const seen = new Map<string, number>()
    for (const row of rows) {
      const bad = (column: string, value: string, reason: string) => problems.push({ row: row.line, column, value: value.slice(0, 200), reason })
      const name = checkedName(row.name, 80, '名称', bad)
      const kind = KIND_WORDS[row.kind.trim()]
      if (!kind) bad('类型', row.kind, '应为 机关党组织 或 包联单位')
      const region = row.region.trim() ? place(row.region, ['city', 'county', 'town']) : { code: reader }
      if ('reason' in region) bad('所属地区', row.region, region.reason)
      const community = row.community.trim() ? place(row.community, ['community']) : null
      if (community && 'reason' in community) bad('报到社区', row.community, community.reason)
      const reportedAt = community ? this.time(row.reportedAt, '报到时间', bad) : null
      if (problems.some((p) => p.row === row.line)) continue
      const regionCode = (region as { code: string }).code
      const k = `${regionCode}|${name}`
      if (seen.has(k)) {
        bad('名称', row.name, `与第 ${seen.get(k)} 行是同一组织`)
        continue
      }
      seen.set(k, row.line)
      parsed.push({ line: row.line, name, kind: kind!, regionCode, communityCode: community ? (community as { code: string }).code : null, reportedAt })
    }
    if (!rows.length) throw badRequest('csv', 'no rows: the file has a header line and no organisations')
    const result: PeopleImportResult = { dryRun, rows: rows.length, created: 0, updated: 0, unchanged: 0, problems }
    if (problems.length) return result
    await this.db.transaction(async (tx) => {
      const existing = parsed.length ? await tx.select().from(organisations).where(inArray(organisations.name, [...new Set(parsed.map((p) => p.name))])) : []
      await applyRows(tx, parsed, {
        known: new Map(existing.map((o) => [`${o.regionCode}|${o.name}`, o])),
        key: (p) => `${p.regionCode}|${p.name}`,
        same: (b, p) => b.kind === p.kind && b.communityCode === p.communityCode && (p.communityCode === null || +b.reportedAt! === +p.reportedAt!),
        insert: (fresh) => tx.insert(organisations).values(fresh.map((p) => ({ name: p.name, kind: p.kind, regionCode: p.regionCode, communityCode: p.communityCode, reportedAt: p.reportedAt }))),
        update: (b, p) => tx.update(organisations).set({ kind: p.kind, communityCode: p.communityCode, reportedAt: p.reportedAt }).where(eq(organisations.id, b.id)),
        result,
        audit: { by, action: 'organisation.import', target: `organisations:${parsed.length}`, regionCode: reader },
      })
    })
    return result
  }

  /**
   * Party members from a CSV (姓名, 所属组织, 居住社区, 报到时间, 岗位): each reports to the
   * community they live in. A member is known by name, organisation and community: the same row
   * again changes nothing. Every row checked first; with any problem nothing is stored.
   */
  async importMembers(rows: MemberImportRow[], reader: string, dryRun: boolean, by: AuditActor): Promise<PeopleImportResult> {
    const problems: PeopleImportResult['problems'] = []
    const place = placeFinder(this.registry, reader)
    const orgs = await this.db.select().from(organisations).where(sql`${organisations.regionCode} like ${`${prefixOf(reader)}%`} or ${organisations.communityCode} like ${`${prefixOf(reader)}%`}`)
    const orgsByName = byName(orgs)
    const posts = postFinder(this.registry)
    const parsed: { line: number; name: string; organisationId: number; communityCode: string; reportedAt: Date; postType: string | null }[] = []
    const seen = new Map<string, number>()
    for (const row of rows) {
      const bad = (column: string, value: string, reason: string) => problems.push({ row: row.line, column, value: value.slice(0, 200), reason })
      const name = checkedName(row.name, 40, '姓名', bad)
      const org = orgsByName.get(row.organisation.trim()) ?? []
      if (org.length !== 1) bad('所属组织', row.organisation, org.length ? '本地区有同名组织，请先在组织名单里区分' : row.organisation.trim() ? '本地区没有这个组织（先导入组织名单）' : '必填')
      const community = place(row.community, ['community'])
      if ('reason' in community) bad('居住社区', row.community, community.reason)
      const reportedAt = this.time(row.reportedAt, '报到时间', bad)
      const post = posts.find(row.post)
      if (post === undefined) bad('岗位', row.post, `应为 ${posts.words} 之一`)
      if (problems.some((p) => p.row === row.line)) continue
      const k = `${org[0]!.id}|${name}|${(community as { code: string }).code}`
      if (seen.has(k)) {
        bad('姓名', row.name, `与第 ${seen.get(k)} 行是同一人`)
        continue
      }
      seen.set(k, row.line)
      parsed.push({ line: row.line, name, organisationId: org[0]!.id, communityCode: (community as { code: string }).code, reportedAt: reportedAt!, postType: post ?? null })
    }
    if (!rows.length) throw badRequest('csv', 'no rows: the file has a header line and no members')
    const result: PeopleImportResult = { dryRun, rows: rows.length, created: 0, updated: 0, unchanged: 0, problems }
    if (problems.length) return result
    await this.db.transaction(async (tx: Tx) => {
      const ids = [...new Set(parsed.map((p) => p.organisationId))]
      const existing = ids.length ? await tx.select().from(volunteers).where(and(inArray(volunteers.organisationId, ids), eq(volunteers.partyMember, true))) : []
      await applyRows(tx, parsed, {
        known: new Map(existing.map((v) => [`${v.organisationId}|${v.name}|${v.communityCode}`, v])),
        key: (p) => `${p.organisationId}|${p.name}|${p.communityCode}`,
        same: (b, p) => +(b.reportedAt ?? 0) === +p.reportedAt && (p.postType === null || b.postType === p.postType),
        insert: (fresh) => tx.insert(volunteers).values(fresh.map((p) => ({ name: p.name, team: 'red', postType: p.postType, partyMember: true, organisationId: p.organisationId, communityCode: p.communityCode, reportedAt: p.reportedAt }))),
        update: (b, p) => tx.update(volunteers).set({ reportedAt: p.reportedAt, ...(p.postType ? { postType: p.postType } : {}) }).where(eq(volunteers.id, b.id)),
        result,
        audit: { by, action: 'member.import', target: `members:${parsed.length}`, regionCode: reader },
      })
    })
    return result
  }
}

const facts = (o: Organisation) => ({ name: o.name, kind: o.kind, regionCode: o.regionCode, communityCode: o.communityCode, reportedAt: o.reportedAt ? isoLocal(new Date(o.reportedAt)) : null })

/** A LIKE pattern for names containing `q`, its own % and _ taken literally. */
const contains = (q: string) => `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
