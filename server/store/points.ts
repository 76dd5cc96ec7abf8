import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { queryRows } from '../../db/client'
import type { AwardsView, MemberPoints, OrganisationPoints, PointsView } from '../contract'
import type { Clock } from '../domain/clock'
import { AWARD, energyOf, passbookOf, yearBounds } from '../domain/points'
import { prefixOf } from '../domain/regions'
import { hoursOf } from '../domain/time'
import type { Registry } from './registry'

type OrgRow = { id: number; name: string; region_code: string; community_code: string | null; resources: number; projects: number; satisfied: number; neutral: number; unsatisfied: number; on_time: number; late: number; minutes: number }
type MemberRow = { id: number; name: string; community_code: string; organisation: string | null; team: string | null; minutes: number; sessions: number }

/** Standard competition ranks (1, 2, 2, 4) of rows sorted best first by `key`. */
function ranked<T>(rows: T[], key: (r: T) => number): (T & { rank: number })[] {
  let rank = 0
  return rows.map((r, i) => {
    if (i === 0 || key(r) !== key(rows[i - 1]!)) rank = i + 1
    return { ...r, rank }
  })
}

/**
 * 双轨积分制 from the records (docs/POINTS.md): organisations' 萤火能量值 from their claimed
 * resources, done projects and whistles, their members' hours and the residents' verdicts;
 * members' 微光存折 from the activities that name them. Per region and year; nothing is stored.
 */
export class PointsStore {
  constructor(
    private db: Db,
    private registry: Registry,
    private clock: Clock,
  ) {}

  /** This year in Asia/Shanghai. */
  thisYear(): number {
    return new Date(+this.clock.now() + 8 * 3_600_000).getUTCFullYear()
  }

  /** Every organisation of the region (belonging to it, or reported to one of its communities) with its year, best first. */
  async organisations(regionCode: string, year: number): Promise<OrganisationPoints[]> {
    const p = `${prefixOf(regionCode)}%`
    const [from, to] = yearBounds(year)
    const rows = await queryRows<OrgRow>(this.db, sql`
      with o as (select id, name, region_code, community_code from organisations where region_code like ${p} or (community_code like ${p} and reported_at is not null)),
      res as (select organisation_id id, count(*)::int n from list_items where kind = 'resource' and claimed_at >= ${from} and claimed_at < ${to} group by 1),
      proj as (select organisation_id id, count(*)::int n, count(*) filter (where satisfaction = 'satisfied')::int s, count(*) filter (where satisfaction = 'neutral')::int m,
          count(*) filter (where satisfaction = 'unsatisfied')::int u
        from list_items where kind = 'project' and done_at >= ${from} and done_at < ${to} group by 1),
      wh as (select organisation_id id, count(*) filter (where taken_at <= take_by)::int on_time, count(*) filter (where taken_at > take_by)::int late
        from whistles where done_at >= ${from} and done_at < ${to} group by 1),
      hrs as (select v.organisation_id id, sum(p.minutes)::int minutes from activity_participants p join volunteers v on v.id = p.volunteer_id
        join volunteer_activities a on a.id = p.activity_id where a.started_at >= ${from} and a.started_at < ${to} and v.organisation_id is not null group by 1)
      select o.id, o.name, o.region_code, o.community_code, coalesce(res.n, 0) resources, coalesce(proj.n, 0) projects, coalesce(proj.s, 0) satisfied,
        coalesce(proj.m, 0) neutral, coalesce(proj.u, 0) unsatisfied, coalesce(wh.on_time, 0) on_time, coalesce(wh.late, 0) late, coalesce(hrs.minutes, 0) minutes
      from o left join res on res.id = o.id left join proj on proj.id = o.id left join wh on wh.id = o.id left join hrs on hrs.id = o.id`)
    const name = (code: string | null) => (code ? (this.registry.region(code)?.name ?? code) : null)
    const scored = rows
      .map((r) => {
        const inputs = { resourcesClaimed: r.resources, projectsDone: r.projects, whistlesOnTime: r.on_time, whistlesLate: r.late, satisfied: r.satisfied, neutral: r.neutral, unsatisfied: r.unsatisfied }
        const energy = energyOf({ ...inputs, memberMinutes: r.minutes })
        return { id: r.id, name: r.name, regionName: name(r.region_code)!, communityName: name(r.community_code), inputs: { ...inputs, memberHours: hoursOf(r.minutes) }, energy }
      })
      .sort((a, b) => b.energy.total - a.energy.total || a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id)
    return ranked(scored, (r) => r.energy.total)
  }

  /** Every member living in the region who served in the year (微光存折), most hours first. */
  async members(regionCode: string, year: number): Promise<MemberPoints[]> {
    const [from, to] = yearBounds(year)
    const rows = await queryRows<MemberRow>(this.db, sql`
      select v.id, v.name, v.community_code, o.name organisation, t.name team, s.minutes, s.sessions
      from (select p.volunteer_id, sum(p.minutes)::int minutes, count(*)::int sessions from activity_participants p join volunteer_activities a on a.id = p.activity_id
            where a.started_at >= ${from} and a.started_at < ${to} group by 1) s
        join volunteers v on v.id = s.volunteer_id left join organisations o on o.id = v.organisation_id left join teams t on t.id = v.team_id
      where v.community_code like ${`${prefixOf(regionCode)}%`}
      order by s.minutes desc, v.id`)
    return ranked(
      rows.map((r) => ({ id: r.id, name: r.name, communityName: this.registry.region(r.community_code)?.name ?? r.community_code, organisationName: r.organisation, teamName: r.team, hours: hoursOf(r.minutes), sessions: r.sessions, points: passbookOf(r.minutes) })),
      (r) => r.points,
    )
  }

  /** 积分榜: the first `limit` of the region's organisations or members in the year. */
  async board(regionCode: string, year: number, of: 'organisations' | 'members', limit: number): Promise<PointsView> {
    const region = this.registry.region(regionCode)!
    const all = of === 'organisations' ? await this.organisations(regionCode, year) : await this.members(regionCode, year)
    return { region: { code: region.code, name: region.name, level: region.level }, year, of, total: all.length, rows: all.slice(0, limit) }
  }

  /** 评优: organisations and members that reached the year's bars. */
  async awards(regionCode: string, year: number): Promise<AwardsView> {
    const region = this.registry.region(regionCode)!
    const [orgs, members] = await Promise.all([this.organisations(regionCode, year), this.members(regionCode, year)])
    return {
      region: { code: region.code, name: region.name, level: region.level },
      year,
      rules: { ...AWARD },
      organisations: orgs.filter((o) => o.energy.total >= AWARD.organisationEnergy),
      members: members.filter((m) => m.hours >= AWARD.memberHours),
    }
  }
}
