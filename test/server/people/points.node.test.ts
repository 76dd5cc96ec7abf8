/**
 * 双轨积分制 on the hand-worked example of docs/POINTS.md, entered through the API on a manual
 * clock: a unit's 萤火能量值 by part (45.7), its members' 微光存折 (24.5 and 2.5 hours, one
 * session in the year before), the rankings and the award list; and the document's numbers are
 * the code's.
 */
import { readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import type { AwardsView, ListClaimResult, ListItemView, MemberPoints, OrganisationPoints, PointsView, ReviewIndicators, ReviewView, WhistleView } from '../../../server/contract'
import { manualClock, type ManualClock } from '../../../server/domain/clock'
import { AWARD, ENERGY, PASSBOOK_PER_HOUR } from '../../../server/domain/points'
import { api, COMMUNITY, screenToken, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
let clock: ManualClock
let unit: number
let members: Record<string, number>
const COUNTY = '140825000000'
const reviewBefore: Record<string, ReviewIndicators['people']> = {}
const peopleOf = async (quarter: string) => (await api<ReviewView>(t.url, 'GET', `/api/v1/review?region=${COMMUNITY}&quarter=${quarter}`)).body.indicators.people
const HOUR = 3_600_000
beforeAll(async () => {
  clock = manualClock(new Date('2026-11-24T09:00:00+08:00'))
  t = await startTestApp({ clock })
  for (const q of ['2026Q1', '2026Q4']) reviewBefore[q] = await peopleOf(q)
}, 120_000)
afterAll(async () => {
  await t?.close()
})

const ok = async <T>(call: Promise<{ status: number; body: T }>, status = 200) => {
  const r = await call
  expect(r.status, JSON.stringify(r.body)).toBe(status)
  return r.body
}
let n = 0
const activity = (start: string, end: string, participants: number[]) =>
  ok(api(t.url, 'POST', '/api/v1/volunteer-activities', { externalId: `PTS-${++n}`, team: 'red', kind: 'publicity', title: '政策宣讲', communityCode: COMMUNITY, startedAt: start, endedAt: end, participants }), 201)

describe('双轨积分制: the worked example of docs/POINTS.md', () => {
  it('a unit’s year, entered record by record, scores 5 + 37 + 2.7 + 1 = 45.7; its members’ passbooks 24.5 and 2.5 hours', async () => {
    unit = (await ok(api<{ id: number }>(t.url, 'POST', '/api/v1/admin/organisations', { name: '积分算例单位', kind: 'paired_unit', regionCode: COUNTY, communityCode: COMMUNITY, reportedAt: '2026-01-10T09:00:00+08:00' }), 201)).id
    await ok(api(t.url, 'POST', '/api/v1/admin/members/import', { csv: `姓名,所属组织,居住社区\n算例甲,积分算例单位,${COMMUNITY}\n算例乙,积分算例单位,${COMMUNITY}\n` }))
    members = Object.fromEntries((await queryRows<{ id: number; name: string }>(t.app.ctx.db, sql`select id, name from volunteers where organisation_id = ${unit}`)).map((m) => [m.name, m.id]))
    const [a, b] = [members['算例甲']!, members['算例乙']!]

    // 微光存折: 2.5 h for both, 4 h and twice 9 h for 甲; a session of 2025 counts in 2025 only.
    await activity('2026-03-01T09:00:00+08:00', '2026-03-01T11:30:00+08:00', [a, b])
    await activity('2026-06-01T08:00:00+08:00', '2026-06-01T12:00:00+08:00', [a])
    await activity('2026-07-01T08:00:00+08:00', '2026-07-01T17:00:00+08:00', [a])
    await activity('2026-07-02T08:00:00+08:00', '2026-07-02T17:00:00+08:00', [a])
    await activity('2025-12-31T22:30:00+08:00', '2026-01-01T00:00:00+08:00', [a])

    // 资源投入: one resource claimed (5), one not (0).
    const offered = (await ok(api<ListItemView>(t.url, 'POST', '/api/v1/lists', { kind: 'resource', organisationId: unit, title: '应急救护培训' }), 201)).id
    await ok(api(t.url, 'POST', '/api/v1/lists', { kind: 'resource', organisationId: unit, title: '会议场地' }), 201)
    const fromResource = (await ok(api<ListClaimResult>(t.url, 'POST', `/api/v1/lists/${offered}/claim`, { communityCode: COMMUNITY }))).project.id
    // 项目实效 and 群众反馈: two needs it claims, and the resource's project, all done (30), 满意 / 不满意 / 基本满意 (3 − 3 + 1).
    const projects = [fromResource]
    for (const title of ['楼道扶手', '路灯维修']) {
      const need = (await ok(api<ListItemView>(t.url, 'POST', '/api/v1/lists', { kind: 'need', communityCode: COMMUNITY, title }), 201)).id
      projects.push((await ok(api<ListClaimResult>(t.url, 'POST', `/api/v1/lists/${need}/claim`, { organisationId: unit }))).project.id)
    }
    for (const [id, satisfaction] of [[projects[1], 'satisfied'], [projects[2], 'unsatisfied'], [projects[0], 'neutral']] as const) {
      await ok(api(t.url, 'POST', `/api/v1/lists/${id}/done`, { report: '已完成', peopleServed: 10, satisfaction }))
    }
    // 吹哨派单: taken in time and done (5); taken late, 点名哨, and done (2); never taken (0).
    const whistle = async () => (await ok(api<WhistleView>(t.url, 'POST', '/api/v1/whistles', { communityCode: COMMUNITY, organisationId: unit, title: '雨污管网疏通', takeWithinHours: 2 }), 201)).id
    const inTime = await whistle()
    await ok(api(t.url, 'POST', `/api/v1/whistles/${inTime}/take`, { by: '王主任' }))
    await ok(api(t.url, 'POST', `/api/v1/whistles/${inTime}/done`, { report: '已疏通' }))
    const late = await whistle()
    await whistle()
    clock.advance(3 * HOUR)
    await ok(api(t.url, 'POST', `/api/v1/whistles/${late}/take`, { by: '李科长' }))
    await ok(api(t.url, 'POST', `/api/v1/whistles/${late}/done`, { report: '已疏通' }))

    const board = await ok(api<PointsView>(t.url, 'GET', `/api/v1/people/points?region=${COUNTY}&year=2026&limit=1000`))
    const mine = (board.rows as OrganisationPoints[]).find((o) => o.id === unit)!
    expect(mine.inputs).toEqual({ resourcesClaimed: 1, projectsDone: 3, whistlesOnTime: 1, whistlesLate: 1, memberHours: 27, satisfied: 1, neutral: 1, unsatisfied: 1 })
    expect(mine.energy).toEqual({ resources: 5, results: 37, hours: 2.7, feedback: 1, total: 45.7 })
    // Ranked best first, ties sharing a rank; the community's board holds it too (it reported there).
    expect(board.rows.map((r) => (r as OrganisationPoints).energy.total)).toEqual([...board.rows.map((r) => (r as OrganisationPoints).energy.total)].sort((x, y) => y - x))
    expect(mine.rank).toBe(1 + board.rows.filter((r) => (r as OrganisationPoints).energy.total > 45.7).length)
    const local = await ok(api<PointsView>(t.url, 'GET', `/api/v1/people/points?region=${COMMUNITY}&year=2026`))
    expect((local.rows as OrganisationPoints[]).some((o) => o.id === unit)).toBe(true)

    const passbooks = (await ok(api<PointsView>(t.url, 'GET', `/api/v1/people/points?region=${COMMUNITY}&year=2026&of=members&limit=1000`))).rows as MemberPoints[]
    expect(passbooks.find((m) => m.id === a)).toMatchObject({ name: '算例甲', hours: 24.5, sessions: 4, points: 24.5, organisationName: '积分算例单位' })
    expect(passbooks.find((m) => m.id === b)).toMatchObject({ hours: 2.5, sessions: 1, points: 2.5 })
    const lastYear = (await ok(api<PointsView>(t.url, 'GET', `/api/v1/people/points?region=${COMMUNITY}&year=2025&of=members&limit=1000`))).rows as MemberPoints[]
    expect(lastYear.find((m) => m.id === a)).toMatchObject({ hours: 1.5, sessions: 1 })
    expect(lastYear.find((m) => m.id === b)).toBeUndefined()
  })

  it('评优: exactly those at or over the bars; the CSV lists them with the parts; a wall reads the units’ board, not people’s', async () => {
    const awards = await ok(api<AwardsView>(t.url, 'GET', `/api/v1/people/awards?region=${COUNTY}&year=2026`))
    expect(awards.rules).toEqual({ organisationEnergy: 60, memberHours: 24 })
    const board = (await ok(api<PointsView>(t.url, 'GET', `/api/v1/people/points?region=${COUNTY}&year=2026&limit=1000`))).rows as OrganisationPoints[]
    expect(awards.organisations.map((o) => o.id)).toEqual(board.filter((o) => o.energy.total >= 60).map((o) => o.id))
    expect(awards.organisations.some((o) => o.id === unit)).toBe(false)
    expect(awards.members.some((m) => m.id === members['算例甲'])).toBe(true)
    expect(awards.members.some((m) => m.id === members['算例乙'])).toBe(false)
    expect(awards.members.every((m) => m.hours >= 24)).toBe(true)

    const csv = await ok(api<string>(t.url, 'GET', `/api/v1/people/awards?region=${COUNTY}&year=2026&format=csv`))
    expect(csv).toContain('"新绛县 2026 年度评优名单（萤火能量值 ≥ 60 分；微光存折 ≥ 24 小时）"')
    expect(csv).toContain('"优秀志愿者"')
    expect(csv).toContain('"算例甲"')
    expect(csv).not.toContain('"算例乙"')

    const wall = { authorization: `Bearer ${screenToken(t.url)}` }
    expect((await api(t.url, 'GET', `/api/v1/people/points?region=${COUNTY}`, undefined, undefined, wall)).status).toBe(200)
    expect((await api(t.url, 'GET', `/api/v1/people/points?region=${COUNTY}&of=members`, undefined, undefined, wall)).status).toBe(403)
    expect((await api(t.url, 'GET', `/api/v1/people/awards?region=${COUNTY}`, undefined, undefined, wall)).status).toBe(403)
    const bad = await api<{ issues: { field: string }[] }>(t.url, 'GET', `/api/v1/people/points?year=20266`)
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0]!.field).toBe('year')
  })

  it('the review counts the same records as people indicators of their quarters', async () => {
    // 2026Q1: the March session brought 甲 and 乙 (nobody else changed).
    const q1 = await peopleOf('2026Q1')
    expect(q1).toEqual({ ...reviewBefore['2026Q1']!, active: reviewBefore['2026Q1']!.active + 2 })
    // 2026Q4 (to date): three whistles, one taken in time, two done; two needs; three projects done.
    const [before, q4] = [reviewBefore['2026Q4']!, await peopleOf('2026Q4')]
    expect(q4).toMatchObject({ whistled: before.whistled + 3, whistlesDone: before.whistlesDone + 2, needs: before.needs + 2, projectsDone: before.projectsDone + 3, active: before.active })
    const [onTime] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int n from whistles where community_code = ${COMMUNITY} and whistled_at >= '2026-10-01T00:00:00+08:00' and taken_at <= take_by`)
    expect(q4.takenOnTimeRate).toBe(Math.round((onTime!.n / q4.whistled) * 10000) / 100)
  })

  it('docs/POINTS.md states the numbers the code uses', () => {
    const doc = readFileSync(new URL('../../../docs/POINTS.md', import.meta.url), 'utf8')
    const valueOf = (key: string) => doc.split('\n').find((l) => l.startsWith(`| \`${key}\``))?.match(/\*\*(-?[\d.]+)\*\*/)?.[1]
    for (const [key, value] of Object.entries({ ...ENERGY, ...AWARD, perHour: PASSBOOK_PER_HOUR })) expect(Number(valueOf(key)), key).toBe(value)
  })
})
