/**
 * 双报到 through the API: the demo's counties report the seeds' figures from raw records (新绛:
 * 92 organisations and 1,692 party members; 夏县: 82 and 1,546), counted as docs/INDICATORS.md
 * says; admins add organisations and members, one by one or from a CSV checked row by row; a
 * caller sees only their region.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import type { DoubleReportingView, OrganisationView, PeopleImportResult, ReviewView } from '../../../server/contract'
import { api, loginHeaders, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
let xinjiangAdmin: Record<string, string>
let xinjiangLeader: Record<string, string>
let longxingDuty: Record<string, string>
const XINJIANG = '140825000000'
const XIAXIAN = '140828000000'
beforeAll(async () => {
  t = await startTestApp({ scope: 'city' })
  const { accounts } = t.app.ctx
  for (const [username, role, region] of [['xj-admin', 'admin', XINJIANG], ['xj-leader', 'leader', XINJIANG], ['lx-duty', 'duty', '140825100000']] as const) {
    await accounts.createUser({ username, displayName: username, role, regionCode: region, password: `${username}-password` })
  }
  xinjiangAdmin = await loginHeaders(t.url, 'xj-admin', 'xj-admin-password')
  xinjiangLeader = await loginHeaders(t.url, 'xj-leader', 'xj-leader-password')
  longxingDuty = await loginHeaders(t.url, 'lx-duty', 'lx-duty-password')
}, 120_000)
afterAll(async () => {
  await t?.close()
})

const view = async (region: string, as?: Record<string, string>) => (await api<DoubleReportingView>(t.url, 'GET', `/api/v1/people/double-reporting?region=${region}`, undefined, undefined, as)).body
/** Counted from the tables, apart from the store's queries. */
async function counted(region: string) {
  const p = `${region.slice(0, 6)}%`
  const [o] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int n from organisations where reported_at is not null and community_code like ${p}`)
  const [m] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int n from volunteers where party_member and organisation_id is not null and reported_at is not null and community_code like ${p}`)
  return { organisations: o!.n, members: m!.n }
}

describe('双报到', () => {
  it('the demo reports the seeds’ figures, each county its own, from raw records', async () => {
    for (const [county, organisations, members] of [[XINJIANG, 92, 1692], [XIAXIAN, 82, 1546]] as const) {
      const v = await view(county)
      expect(v.region.code).toBe(county)
      expect([v.organisations.reported, v.members.reported]).toEqual([organisations, members])
      expect(await counted(county)).toEqual({ organisations, members })
      // Every one of them reported: the rate is whole.
      expect([v.organisations.rate, v.members.rate]).toEqual([100, 100])
      // The towns add up to the county.
      expect(v.areas.reduce((s, a) => s + a.organisations, 0)).toBe(organisations)
      expect(v.areas.reduce((s, a) => s + a.members, 0)).toBe(members)
      expect(v.areas.every((a) => a.code.startsWith(county.slice(0, 6)))).toBe(true)
    }
    // The review: 双报到 as it stood at each period's end; now all of it, and a past quarter against the one before.
    const review = async (quarter?: string) => (await api<ReviewView>(t.url, 'GET', `/api/v1/review?region=${XINJIANG}${quarter ? `&quarter=${quarter}` : ''}`, undefined, undefined, xinjiangLeader)).body
    expect((await review()).indicators.reporting).toEqual({ organisations: 92, members: 1692 })
    const asOf = async (end: string) =>
      (await queryRows<{ organisations: number; members: number }>(t.app.ctx.db, sql`select (select count(*)::int from organisations where reported_at < ${end}::timestamptz and community_code like '140825%') organisations,
        (select count(*)::int from volunteers where party_member and organisation_id is not null and reported_at < ${end}::timestamptz and community_code like '140825%') members`))[0]!
    const q2 = await review('2026Q2')
    expect(q2.indicators.reporting).toEqual(await asOf('2026-07-01T00:00:00+08:00'))
    expect(q2.previous.indicators.reporting).toEqual(await asOf('2026-04-01T00:00:00+08:00'))
    expect(q2.indicators.reporting.organisations).toBeGreaterThan(q2.previous.indicators.reporting.organisations)
    expect(q2.previous.indicators.reporting.organisations).toBeGreaterThan(0)
    // The city: all its counties together.
    const city = await view('140800000000')
    expect(city.areas).toHaveLength(13)
    expect(city.areas.find((a) => a.code === XINJIANG)).toMatchObject({ organisations: 92, members: 1692 })
  })

  it('an organisation added and not yet reported lowers the rate; its report raises the count', async () => {
    const town = (await view(XINJIANG)).areas[0]!
    const created = await api<OrganisationView>(t.url, 'POST', '/api/v1/admin/organisations', { name: '新绛县档案馆机关党支部', kind: 'party_org', regionCode: XINJIANG }, undefined, xinjiangAdmin)
    expect(created.status).toBe(201)
    expect(created.body.reportedAt).toBeNull()
    let v = await view(XINJIANG, xinjiangLeader)
    expect(v.organisations).toEqual({ registered: 93, reported: 92, rate: 98.92 })
    // The same name again in the county is refused; nothing changes.
    expect((await api(t.url, 'POST', '/api/v1/admin/organisations', { name: '新绛县档案馆机关党支部', kind: 'party_org', regionCode: XINJIANG }, undefined, xinjiangAdmin)).status).toBe(409)
    const [community] = await queryRows<{ code: string }>(t.app.ctx.db, sql`select code from regions where level = 'community' and parent_code = ${town.code} order by code limit 1`)
    const reported = await api<OrganisationView>(t.url, 'POST', `/api/v1/admin/organisations/${created.body.id}/report`, { communityCode: community!.code, reportedAt: '2026-03-02T09:00:00+08:00' }, undefined, xinjiangAdmin)
    expect(reported.status).toBe(200)
    expect(reported.body).toMatchObject({ communityCode: community!.code, reportedAt: '2026-03-02T09:00:00+08:00' })
    v = await view(XINJIANG)
    expect(v.organisations).toEqual({ registered: 93, reported: 93, rate: 100 })
    expect(v.areas.find((a) => a.code === town.code)!.organisations).toBe(town.organisations + 1)
    // Bad input names the field and changes nothing.
    for (const [body, field] of [
      [{ communityCode: '140828100001' }, 'communityCode'],
      [{ communityCode: community!.code, reportedAt: '2099-01-01T09:00:00+08:00' }, 'reportedAt'],
      [{ communityCode: community!.code, reportedAt: '2026-02-30T09:00:00+08:00' }, 'reportedAt'],
    ] as const) {
      const res = await api<{ issues: { field: string }[] }>(t.url, 'POST', `/api/v1/admin/organisations/${created.body.id}/report`, body, undefined, xinjiangAdmin)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.issues[0]!.field).toBe(field)
    }
    expect((await view(XINJIANG)).organisations.reported).toBe(93)
  })

  it('imports organisations and members from CSV: every bad row named and nothing stored; the good file once; again, nothing new', async () => {
    const org = (csv: string, dryRun = false) => api<PeopleImportResult>(t.url, 'POST', '/api/v1/admin/organisations/import', { csv, dryRun }, undefined, xinjiangAdmin)
    const members = (csv: string, dryRun = false) => api<PeopleImportResult>(t.url, 'POST', '/api/v1/admin/members/import', { csv, dryRun }, undefined, xinjiangAdmin)
    const bad = ['名称,类型,报到社区,报到时间', '新绛县图书馆机关党支部,机关党组织,龙湖社区,2026-03-01', '=HYPERLINK("x"),机关党组织,龙湖社区,2026-03-01', '新绛县博物馆,商店,龙湖社区,2026-03-01', '新绛县方志办,机关党组织,没有的社区,2026-03-01', '新绛县史志办,机关党组织,龙湖社区,2026-13-01'].join('\n')
    const refused = await org(bad)
    expect(refused.status).toBe(422)
    expect(refused.body.problems.map((p) => [p.row, p.column])).toEqual([[3, '名称'], [4, '类型'], [5, '报到社区'], [6, '报到时间']])
    expect((await view(XINJIANG)).organisations.registered).toBe(93)
    const good = ['名称,类型,报到社区,报到时间', '新绛县图书馆机关党支部,机关党组织,龙湖社区,2026-03-01', '新绛县博物馆,包联单位,龙湖社区,2026-03-05 10:00'].join('\n')
    expect((await org(good, true)).body).toMatchObject({ dryRun: true, created: 2, problems: [] })
    expect((await view(XINJIANG)).organisations.registered).toBe(93)
    expect((await org(good)).body).toMatchObject({ created: 2, updated: 0, problems: [] })
    expect((await org(good)).body).toMatchObject({ created: 0, updated: 0, unchanged: 2 })
    expect((await view(XINJIANG)).organisations).toMatchObject({ registered: 95, reported: 95 })

    const roster = ['姓名,所属组织,居住社区,报到时间,岗位', '张文明,新绛县图书馆机关党支部,龙湖社区,2026-03-10,党建宣传岗', '李秀英,新绛县博物馆,龙湖社区,2026-03-11,平安建设岗', '王建国,新绛县博物馆,龙湖社区,,']
    const wrong = await members([...roster, '赵立新,没有的组织,龙湖社区,2026-03-10,', '钱海燕,新绛县博物馆,龙湖社区,2026-03-10,扫地岗'].join('\n'))
    expect(wrong.status).toBe(422)
    expect(wrong.body.problems.map((p) => [p.row, p.column])).toEqual([[5, '所属组织'], [6, '岗位']])
    expect((await view(XINJIANG)).members.reported).toBe(1692)
    expect((await members(roster.join('\n'))).body).toMatchObject({ created: 3, problems: [] })
    expect((await members(roster.slice(0, 3).join('\n'))).body).toMatchObject({ created: 0, unchanged: 2 })
    expect((await view(XINJIANG)).members).toMatchObject({ reported: 1695, registered: 1695 })
    const listed = (await api<OrganisationView[]>(t.url, 'GET', `/api/v1/organisations?region=${XINJIANG}&q=博物馆`, undefined, undefined, xinjiangLeader)).body
    expect(listed).toEqual([expect.objectContaining({ name: '新绛县博物馆', kind: 'paired_unit', communityName: '龙湖社区', members: { registered: 2, reported: 2 } })])
  })

  it('each caller sees only their region, and only admins write', async () => {
    // A town's desk reads its town, not the county nor another county.
    expect((await api(t.url, 'GET', `/api/v1/people/double-reporting?region=${XINJIANG}`, undefined, undefined, longxingDuty)).status).toBe(403)
    const town = await api<DoubleReportingView>(t.url, 'GET', '/api/v1/people/double-reporting', undefined, undefined, longxingDuty)
    expect(town.body.region.code).toBe('140825100000')
    expect(town.body.areas.every((a) => a.code.startsWith('140825100'))).toBe(true)
    expect((await api(t.url, 'GET', `/api/v1/people/double-reporting?region=${XIAXIAN}`, undefined, undefined, xinjiangLeader)).status).toBe(403)
    expect((await api(t.url, 'GET', `/api/v1/organisations?region=${XIAXIAN}`, undefined, undefined, xinjiangLeader)).status).toBe(403)
    // 新绛's admin cannot add to 夏县, nor report one of 夏县's organisations.
    expect((await api(t.url, 'POST', '/api/v1/admin/organisations', { name: '越界组织', kind: 'party_org', regionCode: XIAXIAN }, undefined, xinjiangAdmin)).status).toBe(403)
    const [xia] = await queryRows<{ id: number }>(t.app.ctx.db, sql`select id from organisations where region_code = ${XIAXIAN} limit 1`)
    expect((await api(t.url, 'POST', `/api/v1/admin/organisations/${xia!.id}/report`, { communityCode: null }, undefined, xinjiangAdmin)).status).toBe(404)
    expect((await api(t.url, 'POST', '/api/v1/admin/organisations', { name: '值班员加的', kind: 'party_org', regionCode: '140825100000' }, undefined, longxingDuty)).status).toBe(403)
  })
})
