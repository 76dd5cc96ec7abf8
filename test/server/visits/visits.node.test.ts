/**
 * 来访登记 at the desk: a visit on a new matter opens a case; the same matter brought again
 * within the window counts toward 重复访, and the third visit turns it red; 接待群众人次 reaches
 * the wall and the review; who came is kept only hashed and shown masked.
 */
import { sql } from 'drizzle-orm'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import { followRegion, type FollowerState, type StreamSocket } from '../../../client/lib/follower'
import type { CaseDetail, ReviewView, VisitView } from '../../../server/contract'
import { reasonsText } from '../../../server/domain/reasons'
import { api, COMMUNITY, loginHeaders, OTHER_TOWN_COMMUNITY, screenToken, startTestApp, type TestApp } from '../../helpers/app'
import { until } from '../../helpers/events'

let t: TestApp
let duty: Record<string, string>
let otherTown: Record<string, string>
const socket = () => io(t.url, { transports: ['websocket'], auth: { token: screenToken(t.url) } }) as StreamSocket

beforeAll(async () => {
  t = await startTestApp()
  await t.app.ctx.accounts.createUser({ username: 'window-duty', displayName: '接访窗口', role: 'duty', regionCode: '140825000000', password: 'window-duty-password' })
  await t.app.ctx.accounts.createUser({ username: 'longxing-duty', displayName: '龙兴镇值班', role: 'duty', regionCode: '140825100000', password: 'longxing-duty-password' })
  duty = await loginHeaders(t.url, 'window-duty', 'window-duty-password')
  otherTown = await loginHeaders(t.url, 'longxing-duty', 'longxing-duty-password')
})
afterAll(async () => {
  await t?.close()
})

const visit = (body: Record<string, unknown>, as = duty) => api<VisitView>(t.url, 'POST', '/api/v1/visits', body, undefined, as)

describe('来访登记', () => {
  let matter: number
  let wall: FollowerState | null = null
  let s: StreamSocket

  it('a visit on a new matter opens a case from the window, and 接待群众人次 reaches the wall at once', async () => {
    s = socket()
    followRegion(s, (x) => (wall = x)).start('140825000000')
    await until(() => !!wall?.aggregates && !wall.syncing)
    const before = wall!.aggregates!.visitors.today
    const v = await visit({ communityCode: COMMUNITY, people: 3, name: '王 小明', phone: '138-1234-5678', purpose: '楼上漏水多次协商不成', newCase: { category: 'neighbour', title: '楼上漏水纠纷' } })
    expect(v.status).toBe(201)
    expect(v.body).toMatchObject({ people: 3, name: '王*明', phone: '138****5678', matterVisits: 1, repeat: false, caseStatus: 'accepted' })
    matter = v.body.caseId!
    const c = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${matter}`)).body
    expect(c).toMatchObject({ source: 'visit', title: '楼上漏水纠纷', repeatVisits: 1, peopleInvolved: 3 })
    await until(() => wall!.aggregates!.visitors.today === before + 3)
    expect(wall!.aggregates!.visitors.quarter).toBeGreaterThanOrEqual(3)
    // Who came is nowhere in clear: not in the table, not in the change log.
    const clear = await queryRows<{ n: number }>(t.app.ctx.db, sql`select (select count(*) from visits v where v::text like '%13812345678%' or v::text like '%小明%')::int + (select count(*) from change_log l where l.payload::text like '%13812345678%' or l.payload::text like '%小明%')::int as n`)
    expect(clear[0]!.n).toBe(0)
  })

  it('the same matter brought again counts; the third time turns the case red with the reason 重复访, on the wall too', async () => {
    const second = await visit({ communityCode: COMMUNITY, people: 1, name: '王小明', phone: '13812345678', purpose: '还是漏水', caseId: matter })
    expect(second.body).toMatchObject({ matterVisits: 2, repeat: true })
    expect(second.body.caseColour).not.toBe('red')
    const third = await visit({ communityCode: COMMUNITY, people: 2, name: '王小明', phone: '+86 138 1234 5678', purpose: '第三次来反映漏水', caseId: matter })
    expect(third.body).toMatchObject({ matterVisits: 3, repeat: true, caseColour: 'red' })
    const c = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${matter}`)).body
    expect(c.colour).toBe('red')
    expect(c.repeatVisits).toBe(3)
    const reason = c.reasons.find((r) => r.code === 'repeat_visits')
    expect(reason).toEqual({ code: 'repeat_visits', n: 3 })
    expect(reasonsText([reason!], Date.now(), 'zh-CN')).toContain('重复访')
    expect(c.timeline.filter((e) => e.action === 'revisit')).toHaveLength(2)
    await until(() => wall!.redFlags.some((f) => f.id === matter))
  })

  it('finds a visitor’s earlier visits by phone or name, however written, masked', async () => {
    const byPhone = await api<VisitView[]>(t.url, 'POST', '/api/v1/visits/lookup', { phone: '138 1234 5678' }, undefined, duty)
    expect(byPhone.body.map((v) => v.matterVisits)).toEqual([3, 2, 1])
    expect(byPhone.body.every((v) => v.caseId === matter && v.name === '王*明' && v.phone === '138****5678')).toBe(true)
    const byName = await api<VisitView[]>(t.url, 'POST', '/api/v1/visits/lookup', { name: '王小明' }, undefined, duty)
    expect(byName.body).toHaveLength(3)
    expect((await api<VisitView[]>(t.url, 'POST', '/api/v1/visits/lookup', { phone: '13900000000' }, undefined, duty)).body).toEqual([])
    // Another town's desk does not see this county's visitor.
    expect((await api<VisitView[]>(t.url, 'POST', '/api/v1/visits/lookup', { phone: '13812345678' }, undefined, otherTown)).body).toEqual([])
  })

  it('a visit after the window starts the count again', async () => {
    const long = 100 * 86_400_000
    const old = await visit({ communityCode: COMMUNITY, visitedAt: new Date(Date.now() - long).toISOString(), purpose: '宅基地界址', newCase: { category: 'land', title: '宅基地界址纠纷' } })
    expect(old.status).toBe(201)
    const again = await visit({ communityCode: COMMUNITY, purpose: '宅基地界址又来', caseId: old.body.caseId })
    expect(again.body).toMatchObject({ matterVisits: 1, repeat: false })
  })

  it('counts 接待群众人次 in the review of the quarter', async () => {
    const local = new Date(Date.now() + 8 * 3_600_000)
    const quarter = `${local.getUTCFullYear()}Q${Math.floor(local.getUTCMonth() / 3) + 1}`
    const v = (await api<ReviewView>(t.url, 'GET', `/api/v1/review?region=140825000000&quarter=${quarter}`, undefined, undefined, duty)).body
    const [sum] = await queryRows<{ people: number; visits: number; repeat: number }>(t.app.ctx.db, sql`select sum(people)::int as people, count(*)::int as visits, count(*) filter (where repeat)::int as repeat from visits where visited_at >= ${new Date(Date.parse(`${v.from}T00:00:00+08:00`))}`)
    expect(v.indicators.visitors).toEqual(sum)
    expect(v.indicators.visitors.people).toBeGreaterThanOrEqual(6)
    s.close()
  })

  it('refuses bad input with the field and the reason, and stores nothing', async () => {
    const [before] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from visits`)
    const both = await visit({ communityCode: COMMUNITY, purpose: 'x', caseId: matter, newCase: { category: 'land', title: 'y' } })
    expect(both.status).toBe(400)
    expect(JSON.stringify(both.body)).toContain('caseId')
    const phone = await visit({ communityCode: COMMUNITY, purpose: 'x', phone: '<script>', caseId: matter })
    expect(phone.status).toBe(400)
    expect(JSON.stringify(phone.body)).toContain('phone')
    expect((await visit({ communityCode: COMMUNITY, purpose: 'x', caseId: matter, visitedAt: '2026-02-30T09:00:00+08:00' })).status).toBe(400)
    expect((await visit({ communityCode: COMMUNITY, purpose: '', caseId: matter })).status).toBe(400)
    expect((await visit({ communityCode: COMMUNITY, purpose: 'x', caseId: 99_999_999 })).status).toBe(404)
    const elsewhere = await visit({ communityCode: OTHER_TOWN_COMMUNITY, purpose: 'x', caseId: matter })
    expect(elsewhere.status).toBe(400)
    expect(JSON.stringify(elsewhere.body)).toContain('communityCode')
    // Another town's desk: not in its region.
    expect((await visit({ communityCode: COMMUNITY, purpose: 'x', caseId: matter }, otherTown)).status).toBe(403)
    const [after] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from visits`)
    expect(after!.n).toBe(before!.n)
  })

  it('is the desk’s: a screen token neither registers nor reads the register', async () => {
    const screen = { authorization: `Bearer ${screenToken(t.url)}` }
    expect((await visit({ communityCode: COMMUNITY, purpose: 'x', caseId: matter }, screen)).status).toBe(403)
    expect((await api(t.url, 'GET', '/api/v1/visits', undefined, undefined, screen)).status).toBe(403)
    const list = await api<VisitView[]>(t.url, 'GET', '/api/v1/visits', undefined, undefined, duty)
    expect(list.status).toBe(200)
    expect(list.body.length).toBeGreaterThanOrEqual(5)
    expect(JSON.stringify(list.body)).not.toMatch(/13812345678|小明/)
  })
})
