import { Router } from 'express'
import { asAdmin, authorize, inRegion } from '../auth/principal'
import { AwardsQuery, TeamCreate, OrganisationCreate, OrganisationReport, OrganisationsQuery, PeopleImport, PointsQuery, TeamsQuery, type MemberPoints, type OrganisationPoints } from '../contract'
import type { AppContext } from '../context'
import { parseCsv, toCsv } from '../domain/csv'
import { badRequest } from '../errors'
import type { MemberImportRow, OrganisationImportRow } from '../store/people'
import type { TeamImportRow, VolunteerImportRow } from '../store/roster'
import { parse, parseId } from '../validate'
import { readScope } from './scope'

/** People who supervise, review or administer read 双报到; machines do not. */
const READ = ['admin', 'leader', 'duty'] as const

/** What a people CSV's header may call each column, in Chinese or English. */
const ORG_COLUMNS: Record<keyof Omit<OrganisationImportRow, 'line'>, string[]> = {
  name: ['名称', '组织名称', '单位名称', 'name'],
  kind: ['类型', '组织类型', 'kind'],
  region: ['所属地区', '地区', 'region', 'regioncode'],
  community: ['报到社区', '包联社区', '报到村社区', 'community', 'communitycode'],
  reportedAt: ['报到时间', '报到日期', 'reportedat'],
}
const MEMBER_COLUMNS: Record<keyof Omit<MemberImportRow, 'line'>, string[]> = {
  name: ['姓名', 'name'],
  organisation: ['所属组织', '工作单位', '组织', 'organisation', 'organization'],
  community: ['居住社区', '报到社区', '居住地', 'community', 'communitycode'],
  reportedAt: ['报到时间', '报到日期', 'reportedat'],
  post: ['岗位', '认领岗位', 'post', 'posttype'],
}

const TEAM_COLUMNS: Record<keyof Omit<TeamImportRow, 'line'>, string[]> = {
  name: ['队伍名称', '名称', '志愿服务队', 'name'],
  colour: ['颜色', '队伍颜色', 'colour', 'color'],
  kind: ['类型', '队伍类型', 'kind'],
  region: ['所在地区', '所在社区', '地区', 'region', 'regioncode'],
  leader: ['队长', '负责人', 'leader'],
}
const VOLUNTEER_COLUMNS: Record<keyof Omit<VolunteerImportRow, 'line'>, string[]> = {
  name: ['姓名', 'name'],
  team: ['所属队伍', '队伍', '队伍名称', 'team'],
  community: ['居住社区', '社区', '居住地', 'community', 'communitycode'],
  post: ['岗位', '认领岗位', 'post', 'posttype'],
  party: ['政治面貌', '是否党员', '党员', 'party'],
}

/** The rows of a CSV by column meaning; a 400 naming what the header lacks. */
function rowsOf<K extends string>(csv: string, columns: Record<K, string[]>, required: NoInfer<K>[]): ({ line: number } & Record<K, string>)[] {
  const [head, ...rest] = parseCsv(csv)
  if (!head) throw badRequest('csv', 'the file is empty')
  const names = head.fields.map((f) => f.trim().toLowerCase().replace(/[\s_（）()]/g, ''))
  const at = Object.fromEntries(Object.entries(columns).map(([k, aliases]) => [k, names.findIndex((n) => (aliases as string[]).includes(n))])) as Record<K, number>
  for (const k of required) if (at[k] < 0) throw badRequest('csv', `no column ${columns[k][0]} (${k}) in the header: ${head.fields.join(', ')}`)
  if (rest.length > 50_000) throw badRequest('csv', `${rest.length} rows: at most 50,000 in one file`)
  return rest.map((r) => ({ line: r.line, ...(Object.fromEntries(Object.keys(columns).map((k) => [k, at[k as K] < 0 ? '' : (r.fields[at[k as K]] ?? '')])) as Record<K, string>) }))
}

/**
 * 双报到: organisations (机关党组织, 包联单位) and their party members reporting to communities.
 * Read by people of the region; written by its admins (one by one, or from a CSV), audited.
 */
export function peopleRouter({ people, points, roster, registry }: AppContext) {
  const r = Router()

  /** 组织数, 党员数 and 报到率 of a region, and of each area one level down: counts only, so a wall reads them too. */
  r.get('/people/double-reporting', async (req, res) => {
    const region = readScope(registry, res, typeof req.query.region === 'string' ? req.query.region : undefined, { roles: [...READ, 'screen'] })
    res.json(await people.doubleReporting(region.code))
  })

  /** 七彩蒲公英: teams (专业 / 社会) and their volunteers, in all and by colour: counts only, so a wall reads them too. */
  r.get('/people/roster', async (req, res) => {
    const region = readScope(registry, res, typeof req.query.region === 'string' ? req.query.region : undefined, { roles: [...READ, 'screen'] })
    res.json(await people.roster(region.code))
  })

  /**
   * 积分榜: organisations by 萤火能量值 (a wall reads this one: names of units, no people), or
   * members by 微光存折 (people only), in a year.
   */
  r.get('/people/points', async (req, res) => {
    const q = parse(PointsQuery, req.query)
    const region = readScope(registry, res, q.region, { roles: q.of === 'organisations' ? [...READ, 'screen'] : READ })
    res.json(await points.board(region.code, q.year ?? points.thisYear(), q.of, q.limit))
  })

  /** 评优: the year's award list (docs/POINTS.md), as JSON or a CSV to print. */
  r.get('/people/awards', async (req, res) => {
    const q = parse(AwardsQuery, req.query)
    const region = readScope(registry, res, q.region, { roles: READ })
    const v = await points.awards(region.code, q.year ?? points.thisYear())
    if (q.format === 'json') return void res.json(v)
    const org = (o: OrganisationPoints) => ['先进组织', String(o.rank), o.name, o.communityName ?? o.regionName, String(o.energy.total), `资源投入 ${o.energy.resources}；项目实效 ${o.energy.results}；服务时长 ${o.energy.hours}；群众反馈 ${o.energy.feedback}`]
    const member = (m: MemberPoints) => ['优秀志愿者', String(m.rank), m.name, m.communityName, String(m.hours), `${m.sessions} 次服务${m.organisationName ? `；${m.organisationName}` : ''}${m.teamName ? `；${m.teamName}` : ''}`]
    const title = [`${v.region.name} ${v.year} 年度评优名单（萤火能量值 ≥ ${v.rules.organisationEnergy} 分；微光存折 ≥ ${v.rules.memberHours} 小时）`]
    res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="awards-${v.year}.csv"; filename*=UTF-8''${encodeURIComponent(`${v.region.name}-${v.year}-评优名单.csv`)}` })
    res.send(toCsv([title, ['类别', '名次', '名称', '社区 / 地区', '萤火能量值 / 服务小时', '构成'], ...v.organisations.map(org), ...v.members.map(member)]))
  })

  /** This month's active people and hours, and the year's top teams: counts and team names, so a wall reads them too. */
  r.get('/people/activity', async (req, res) => {
    const region = readScope(registry, res, typeof req.query.region === 'string' ? req.query.region : undefined, { roles: [...READ, 'screen'] })
    res.json(await people.activity(region.code))
  })

  r.get('/teams', async (req, res) => {
    const q = parse(TeamsQuery, req.query)
    const region = readScope(registry, res, q.region, { roles: READ })
    res.json(await people.teams({ region: region.code, colour: q.colour, q: q.q, limit: q.limit }))
  })

  /** 微光存折: a team's volunteers with the hours each served. */
  r.get('/teams/:id/members', async (req, res) => {
    const p = authorize(res, READ)
    res.json(await people.members(parseId(req.params.id), p.region))
  })

  r.get('/organisations', async (req, res) => {
    const q = parse(OrganisationsQuery, req.query)
    const region = readScope(registry, res, q.region, { roles: READ })
    res.json(await people.list({ region: region.code, q: q.q, limit: q.limit }))
  })

  r.post('/admin/organisations', async (req, res) => {
    const { p, by } = asAdmin(req, res)
    const body = parse(OrganisationCreate, req.body)
    inRegion(p, body.regionCode)
    res.status(201).json(await people.create(body, p.region, by))
  })

  /** 双报到: the organisation reported to a community (or the report is withdrawn). */
  r.post('/admin/organisations/:id/report', async (req, res) => {
    const { p, by } = asAdmin(req, res)
    const id = parseId(req.params.id)
    res.json(await people.report(id, parse(OrganisationReport, req.body), p.region, by))
  })

  r.post('/admin/organisations/import', async (req, res) => {
    const { p, by } = asAdmin(req, res)
    const body = parse(PeopleImport, req.body)
    const result = await people.importOrganisations(rowsOf(body.csv, ORG_COLUMNS, ['name']), p.region, body.dryRun, by)
    res.status(result.problems.length ? 422 : 200).json(result)
  })

  /** 七彩蒲公英: a team added by hand, teams and their volunteers from CSVs. */
  r.post('/admin/teams', async (req, res) => {
    const { p, by } = asAdmin(req, res)
    const body = parse(TeamCreate, req.body)
    inRegion(p, body.regionCode)
    res.status(201).json(await roster.create(body, p.region, by))
  })

  r.post('/admin/teams/import', async (req, res) => {
    const { p, by } = asAdmin(req, res)
    const body = parse(PeopleImport, req.body)
    const result = await roster.importTeams(rowsOf(body.csv, TEAM_COLUMNS, ['name', 'colour', 'region']), p.region, body.dryRun, by)
    res.status(result.problems.length ? 422 : 200).json(result)
  })

  r.post('/admin/volunteers/import', async (req, res) => {
    const { p, by } = asAdmin(req, res)
    const body = parse(PeopleImport, req.body)
    const result = await roster.importVolunteers(rowsOf(body.csv, VOLUNTEER_COLUMNS, ['name', 'team', 'community']), p.region, body.dryRun, by)
    res.status(result.problems.length ? 422 : 200).json(result)
  })

  r.post('/admin/members/import', async (req, res) => {
    const { p, by } = asAdmin(req, res)
    const body = parse(PeopleImport, req.body)
    const result = await people.importMembers(rowsOf(body.csv, MEMBER_COLUMNS, ['name', 'organisation', 'community']), p.region, body.dryRun, by)
    res.status(result.problems.length ? 422 : 200).json(result)
  })
  return r
}
