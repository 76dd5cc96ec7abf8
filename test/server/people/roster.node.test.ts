/**
 * 七彩蒲公英 through the API: 夏县's 95 professional teams and 2,580 volunteers, as the seed
 * publishes them, written as raw records and counted per colour; teams listed by colour; a
 * caller sees only their region.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import type { RosterView, TeamView } from '../../../server/contract'
import { api, loginHeaders, screenToken, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
let xiaLeader: Record<string, string>
const XIAXIAN = '140828000000'
beforeAll(async () => {
  t = await startTestApp({ scope: 'city' })
  await t.app.ctx.accounts.createUser({ username: 'xia-leader', displayName: '夏县领导', role: 'leader', regionCode: XIAXIAN, password: 'xia-leader-password' })
  xiaLeader = await loginHeaders(t.url, 'xia-leader', 'xia-leader-password')
}, 120_000)
afterAll(async () => {
  await t?.close()
})

describe('七彩蒲公英: the volunteer roster', () => {
  it('夏县 has the 95 professional teams and 2,580 volunteers the seed publishes, from raw records, by colour', async () => {
    const v = (await api<RosterView>(t.url, 'GET', `/api/v1/people/roster?region=${XIAXIAN}`, undefined, undefined, xiaLeader)).body
    expect(v.teams).toEqual({ total: 95, professional: 95, social: 0 })
    expect(v.volunteers).toBe(2580)
    const [counted] = await queryRows<{ teams: number; volunteers: number }>(t.app.ctx.db, sql`select (select count(*)::int from teams where region_code like '140828%') teams,
      (select count(*)::int from volunteers v join teams t on t.id = v.team_id where t.region_code like '140828%') volunteers`)
    expect(counted).toEqual({ teams: 95, volunteers: 2580 })
    // What they did, cumulative: 227 needs collected, 280 sessions, 8,420 people served; from the records.
    expect({ sessions: v.sessions, peopleServed: v.peopleServed, needs: v.needs }).toEqual({ sessions: 280, peopleServed: 8420, needs: 227 })
    const [work] = await queryRows<{ sessions: number; served: number; needs: number; named: number }>(t.app.ctx.db, sql`select count(*)::int sessions, sum(a.people_served)::int served,
      (select count(*)::int from list_items where kind = 'need' and community_code like '140828%') needs,
      count(*) filter (where exists (select 1 from activity_participants p join volunteers v on v.id = p.volunteer_id where p.activity_id = a.id and v.team_id = a.team_id))::int named
      from volunteer_activities a join teams t on t.id = a.team_id where t.region_code like '140828%'`)
    expect(work).toEqual({ sessions: 280, served: 8420, needs: 227, named: 280 })
    // All seven colours, in the code table's order, adding up.
    expect(v.byColour.map((c) => c.colour)).toEqual(['red', 'orange', 'yellow', 'green', 'cyan', 'blue', 'purple'])
    expect(v.byColour.reduce((s, c) => s + c.teams, 0)).toBe(95)
    expect(v.byColour.reduce((s, c) => s + c.volunteers, 0)).toBe(2580)
    // The blue teams (平安建设), listed, each with its members.
    const blue = (await api<TeamView[]>(t.url, 'GET', `/api/v1/teams?region=${XIAXIAN}&colour=blue`, undefined, undefined, xiaLeader)).body
    expect(blue).toHaveLength(v.byColour.find((c) => c.colour === 'blue')!.teams)
    expect(blue.every((b) => b.colour === 'blue' && b.name.includes('“蓝色蒲公英”平安建设志愿服务') && b.regionCode.startsWith('140828'))).toBe(true)
    expect(blue.reduce((s, b) => s + b.volunteers, 0)).toBe(v.byColour.find((c) => c.colour === 'blue')!.volunteers)
  })

  it('a county’s leader reads only their county; a wall its counts; a wall not the team list', async () => {
    expect((await api(t.url, 'GET', '/api/v1/people/roster?region=140825000000', undefined, undefined, xiaLeader)).status).toBe(403)
    expect((await api(t.url, 'GET', '/api/v1/teams?region=140825000000', undefined, undefined, xiaLeader)).status).toBe(403)
    const wall = { authorization: `Bearer ${screenToken(t.url)}` }
    expect((await api(t.url, 'GET', `/api/v1/people/roster?region=${XIAXIAN}`, undefined, undefined, wall)).status).toBe(200)
    expect((await api(t.url, 'GET', `/api/v1/teams?region=${XIAXIAN}`, undefined, undefined, wall)).status).toBe(403)
    // Bad input: a field and a reason.
    const bad = await api<{ issues: { field: string }[] }>(t.url, 'GET', `/api/v1/teams?region=${XIAXIAN}&colour=<b>`, undefined, undefined, xiaLeader)
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0]!.field).toBe('colour')
  })

  it('an activity names who served: each is credited its hours (微光存折), and the team its people’s; a wrong name changes nothing', async () => {
    const [team] = (await api<TeamView[]>(t.url, 'GET', `/api/v1/teams?region=${XIAXIAN}&colour=orange`, undefined, undefined, xiaLeader)).body
    const before = (await api<{ team: TeamView; members: { id: number; hours: number; sessions: number }[] }>(t.url, 'GET', `/api/v1/teams/${team!.id}/members`, undefined, undefined, xiaLeader)).body
    expect(before.members.length).toBe(team!.volunteers)
    const served = before.members.slice(0, 3).map((m) => m.id)
    const activity = (o: Record<string, unknown> = {}) => ({
      externalId: `ROSTER-${Math.random().toString(36).slice(2)}`, team: 'orange', kind: 'clinic', title: '义诊', communityCode: team!.regionCode,
      startedAt: '2026-11-20T09:00:00+08:00', endedAt: '2026-11-20T11:30:00+08:00', teamId: team!.id, participants: served, ...o,
    })
    const activities = (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int n from volunteer_activities`))[0]!.n
    const [other] = await queryRows<{ id: number }>(t.app.ctx.db, sql`select id from volunteers where community_code like '140825%' limit 1`)
    for (const [body, field] of [
      [activity({ participants: [...served, other!.id] }), 'participants'],
      [activity({ team: 'blue' }), 'team'],
      [activity({ volunteers: 5 }), 'volunteers'],
      [activity({ participants: [served[0], served[0]] }), 'participants'],
    ] as const) {
      const res = await api<{ issues: { field: string }[] }>(t.url, 'POST', '/api/v1/volunteer-activities', body)
      expect(res.status, field).toBe(400)
      expect(res.body.issues[0]!.field).toBe(field)
    }
    expect((await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int n from volunteer_activities`))[0]!.n).toBe(activities)
    const made = await api<{ hours: number }>(t.url, 'POST', '/api/v1/volunteer-activities', activity())
    expect(made.status).toBe(201)
    // Three people for two and a half hours: the activity's volunteer-hours follow its participants.
    expect(made.body.hours).toBe(7.5)
    const after = (await api<{ team: TeamView; members: { id: number; hours: number; sessions: number }[] }>(t.url, 'GET', `/api/v1/teams/${team!.id}/members`, undefined, undefined, xiaLeader)).body
    // 2.5 hours each, first in the list; the team 7.5 hours more.
    expect(after.members.slice(0, 3).map((m) => [served.includes(m.id), m.hours - (before.members.find((b) => b.id === m.id)!.hours), m.sessions - before.members.find((b) => b.id === m.id)!.sessions])).toEqual([
      [true, 2.5, 1],
      [true, 2.5, 1],
      [true, 2.5, 1],
    ])
    expect(after.team.hours - before.team.hours).toBe(7.5)
    // Another county's leader does not see the team.
    const xjLeader = await (async () => {
      await t.app.ctx.accounts.createUser({ username: 'xj-leader2', displayName: '新绛领导', role: 'leader', regionCode: '140825000000', password: 'xj-leader2-password' })
      return loginHeaders(t.url, 'xj-leader2', 'xj-leader2-password')
    })()
    expect((await api(t.url, 'GET', `/api/v1/teams/${team!.id}/members`, undefined, undefined, xjLeader)).status).toBe(404)
  })

  it('an admin adds a team by hand, and teams and volunteers from CSVs: checked row by row, nothing stored while one is bad, the same file again changes nothing', async () => {
    await t.app.ctx.accounts.createUser({ username: 'xia-admin', displayName: '夏县管理员', role: 'admin', regionCode: XIAXIAN, password: 'xia-admin-password' })
    const admin = await loginHeaders(t.url, 'xia-admin', 'xia-admin-password')
    const [home] = await queryRows<{ code: string; name: string }>(t.app.ctx.db, sql`select code, name from regions where level = 'community' and code like '140828%' order by code limit 1`)
    const roster = async () => (await api<RosterView>(t.url, 'GET', `/api/v1/people/roster?region=${XIAXIAN}`, undefined, undefined, xiaLeader)).body
    const before = await roster()

    const team = { name: '测试“橙色蒲公英”医疗救助队', colour: 'orange', kind: 'social', regionCode: home!.code, leader: '赵医生' }
    expect((await api(t.url, 'POST', '/api/v1/admin/teams', team, undefined, admin)).status).toBe(201)
    expect((await api(t.url, 'POST', '/api/v1/admin/teams', team, undefined, admin)).status).toBe(409)
    for (const [body, field] of [[{ ...team, name: '别的队', colour: 'pink' }, 'colour'], [{ ...team, name: '=cmd' }, 'name'], [{ ...team, name: '越界队', regionCode: '140825400012' }, 'regionCode']] as const) {
      const res = await api<{ issues?: { field: string }[] }>(t.url, 'POST', '/api/v1/admin/teams', body, undefined, admin)
      expect([400, 403], JSON.stringify(body)).toContain(res.status)
      if (res.status === 400) expect(res.body.issues![0]!.field).toBe(field)
    }

    const teamsCsv = (third: string) => `队伍名称,颜色,类型,所在地区,队长\r\n${home!.name}“蓝色蒲公英”平安巡逻队,蓝色·平安建设,专业,${home!.code},王队长\r\n${home!.name}宣讲队,红,社会,${home!.code},\r\n${third}\r\n`
    const bad = await api<{ problems: { row: number; column: string }[] }>(t.url, 'POST', '/api/v1/admin/teams/import', { csv: teamsCsv(`坏队,紫红,专业,${home!.code},`) }, undefined, admin)
    expect(bad.status).toBe(422)
    expect(bad.body.problems).toEqual([expect.objectContaining({ row: 4, column: '颜色' })])
    expect((await roster()).teams.total).toBe(before.teams.total + 1)
    const good = await api(t.url, 'POST', '/api/v1/admin/teams/import', { csv: teamsCsv(`${home!.name}文艺队,purple,社会,${home!.code},李老师`) }, undefined, admin)
    expect(good.body).toMatchObject({ rows: 3, created: 3, updated: 0, unchanged: 0 })
    expect((await api(t.url, 'POST', '/api/v1/admin/teams/import', { csv: teamsCsv(`${home!.name}文艺队,purple,社会,${home!.code},李老师`) }, undefined, admin)).body).toMatchObject({ created: 0, unchanged: 3 })

    const people = `姓名,所属队伍,居住社区,岗位,政治面貌\r\n张建国,${home!.name}“蓝色蒲公英”平安巡逻队,${home!.code},平安建设岗,党员\r\n李秀兰,${home!.name}“蓝色蒲公英”平安巡逻队,${home!.code},,群众\r\n`
    expect((await api(t.url, 'POST', '/api/v1/admin/volunteers/import', { csv: people + `王五,没有的队,${home!.code},,\r\n` }, undefined, admin)).status).toBe(422)
    expect((await api(t.url, 'POST', '/api/v1/admin/volunteers/import', { csv: people }, undefined, admin)).body).toMatchObject({ created: 2, unchanged: 0 })
    expect((await api(t.url, 'POST', '/api/v1/admin/volunteers/import', { csv: people }, undefined, admin)).body).toMatchObject({ created: 0, unchanged: 2 })
    const after = await roster()
    expect(after.teams).toEqual({ ...before.teams, total: before.teams.total + 4, social: before.teams.social + 3, professional: before.teams.professional + 1 })
    expect(after.volunteers).toBe(before.volunteers + 2)
    const [blue] = (await api<TeamView[]>(t.url, 'GET', `/api/v1/teams?region=${home!.code}&colour=blue&q=${encodeURIComponent('平安巡逻队')}`, undefined, undefined, xiaLeader)).body
    const members = (await api<{ members: { name: string; postType: string | null; partyMember: boolean }[] }>(t.url, 'GET', `/api/v1/teams/${blue!.id}/members`, undefined, undefined, xiaLeader)).body.members
    expect(members.map((m) => [m.name, m.postType, m.partyMember]).sort()).toEqual([['张建国', 'safety', true], ['李秀兰', null, false]])
  })
})
