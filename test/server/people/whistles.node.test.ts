/**
 * 吹哨派单 → 接单 on a manual clock: a community whistles a need to its paired unit; taken in
 * time, taken late, or not taken (点名哨 at the moment the limit passes, with no request); done;
 * the funnel counts them; the webhooks hear of each 点名哨 once; bad input and other regions change
 * nothing.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import type { WhistleFunnel, WhistleView } from '../../../server/contract'
import { manualClock, type ManualClock } from '../../../server/domain/clock'
import { api, loginHeaders, startTestApp, type TestApp } from '../../helpers/app'
import { receiver } from '../../helpers/receiver'

let t: TestApp
let clock: ManualClock
let org: { id: number; community_code: string }
const HOUR = 3_600_000
beforeAll(async () => {
  clock = manualClock(new Date('2026-11-24T09:00:00+08:00'))
  t = await startTestApp({ clock })
  ;[org] = (await queryRows<{ id: number; community_code: string }>(t.app.ctx.db, sql`select id, community_code from organisations where kind = 'paired_unit' and reported_at is not null and community_code not like '140825100%' order by id limit 1`)) as [typeof org]
})
const closers: (() => unknown)[] = []
afterAll(async () => {
  for (const c of closers) await c()
  await t?.close()
})

const whistle = (o: Record<string, unknown> = {}) => api<WhistleView>(t.url, 'POST', '/api/v1/whistles', { communityCode: org.community_code, organisationId: org.id, title: '小区路灯不亮', takeWithinHours: 2, ...o })
const step = (id: number, action: 'take' | 'done', body: Record<string, unknown>) => api<WhistleView>(t.url, 'POST', `/api/v1/whistles/${id}/${action}`, body)
const one = async (id: number) => (await api<WhistleView[]>(t.url, 'GET', `/api/v1/whistles?region=140825000000&limit=1000`)).body.find((w) => w.id === id)!

describe('吹哨派单 → 接单', () => {
  it('taken in time, taken late, and 点名哨 for one never taken, by the clock; the funnel counts them', async () => {
    const funnel = async () => (await api<WhistleFunnel>(t.url, 'GET', '/api/v1/whistles/funnel?region=140825000000')).body
    // The demo: 新绛's 232 livelihood problems solved this year, as published, from raw records.
    const base = await funnel()
    expect(base.done).toBe(232)
    expect((await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int n from whistles where done_at >= '2026-01-01T00:00:00+08:00' and community_code like '140825%'`))[0]!.n).toBe(232)
    expect(base.whistled).toBeGreaterThan(base.taken)
    expect(base.takenOnTime).toBeLessThan(base.taken)
    // The county's duty group hears of 点名哨 (a webhook on a local receiver).
    const rx = await receiver()
    closers.push(rx.close)
    expect((await api(t.url, 'POST', '/api/v1/admin/webhooks', { name: '县中心值班群', regionCode: '140825000000', url: rx.url, format: 'json', events: ['whistle_called_out'] })).status).toBe(201)
    const calledOut = (id: number) => rx.heard.map((h) => JSON.parse(h.body) as { event: string; text: string; whistle?: { id: number; unit: string } }).filter((m) => m.whistle?.id === id)
    const inTime = (await whistle()).body
    expect(inTime).toMatchObject({ status: 'whistled', takeBy: '2026-11-24T11:00:00+08:00', escalatedAt: null })
    const late = (await whistle({ title: '楼道堆物' })).body
    const never = (await whistle({ title: '化粪池外溢', takeWithinHours: 4 })).body
    // An hour on: the first is taken, in time, then done.
    clock.advance(HOUR)
    expect((await step(inTime.id, 'take', { by: '王主任' })).body).toMatchObject({ status: 'taken', takenBy: '王主任', takenLate: false })
    expect((await step(inTime.id, 'done', { report: '已更换灯具' })).body).toMatchObject({ status: 'done', report: '已更换灯具', escalatedAt: null })
    // Past two hours, with no request in between: the second is called out (点名哨) at once, the third not yet.
    clock.advance(HOUR + 1000)
    await expect.poll(async () => (await one(late.id)).escalatedAt, { timeout: 5000 }).not.toBeNull()
    expect((await one(late.id)).escalatedAt).toBe('2026-11-24T11:00:01+08:00')
    expect((await one(never.id)).escalatedAt).toBeNull()
    await expect.poll(() => calledOut(late.id).length, { timeout: 5000 }).toBe(1)
    expect(calledOut(late.id)[0]).toMatchObject({ event: 'whistle_called_out', whistle: { unit: late.organisationName } })
    expect(calledOut(late.id)[0]!.text).toMatch(/^【点名哨】.+ 未在时限内接单：.+吹哨“楼道堆物”/)
    expect(calledOut(inTime.id)).toEqual([])
    // Taken late: marked so, and still escalated.
    expect((await step(late.id, 'take', { by: '李科长' })).body).toMatchObject({ status: 'taken', takenLate: true, escalatedAt: '2026-11-24T11:00:01+08:00' })
    clock.advance(2 * HOUR)
    await expect.poll(async () => (await one(never.id)).escalatedAt, { timeout: 5000 }).not.toBeNull()
    // Each called out once, however many sweeps ran.
    await expect.poll(() => calledOut(never.id).length, { timeout: 5000 }).toBe(1)
    expect(calledOut(late.id)).toHaveLength(1)
    const after = await funnel()
    const delta = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - base[k as keyof WhistleFunnel]]))
    expect(delta).toEqual({ whistled: 3, taken: 2, takenOnTime: 1, done: 1, escalated: 2, overdue: 1 })
    // A unit's board: its whistles, the 点名哨 ones asked for apart.
    const board = (await api<WhistleView[]>(t.url, 'GET', `/api/v1/whistles?region=140825000000&organisation=${org.id}&status=escalated`)).body
    expect(board.map((w) => w.id)).toEqual(expect.arrayContaining([late.id, never.id]))
    expect(board.every((w) => w.organisationId === org.id && w.escalatedAt !== null)).toBe(true)
  })

  it('refuses what cannot be: a unit not paired with the community, a step out of order, a time ahead of the clock; another town sees nothing', async () => {
    const count = async () => (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int n from whistles`))[0]!.n
    const before = await count()
    const [stranger] = await queryRows<{ id: number }>(t.app.ctx.db, sql`select id from organisations where community_code <> ${org.community_code} and reported_at is not null limit 1`)
    for (const [body, field] of [
      [{ organisationId: stranger!.id }, 'organisationId'],
      [{ source: 'wish' }, 'wishId'],
      [{ source: 'visit', caseId: 999999 }, 'caseId'],
      [{ takeWithinHours: 0 }, 'takeWithinHours'],
      [{ title: '' }, 'title'],
    ] as const) {
      const res = await whistle(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect((res.body as unknown as { issues: { field: string }[] }).issues[0]!.field).toBe(field)
    }
    expect(await count()).toBe(before)
    const w = (await whistle()).body
    expect((await step(w.id, 'done', { report: '还没接单就办结' })).status).toBe(409)
    expect((await step(w.id, 'take', {})).status).toBe(400)
    expect((await step(w.id, 'take', { by: '王主任', at: new Date(+clock.now() + 3 * HOUR).toISOString() })).status).toBe(400)
    expect((await one(w.id)).status).toBe('whistled')
    // 龙兴镇's desk: not its community.
    await t.app.ctx.accounts.createUser({ username: 'lx-desk', displayName: '龙兴值班', role: 'duty', regionCode: '140825100000', password: 'lx-desk-password' })
    const lx = await loginHeaders(t.url, 'lx-desk', 'lx-desk-password')
    expect((await api(t.url, 'POST', `/api/v1/whistles/${w.id}/take`, { by: '冒名' }, undefined, lx)).status).toBe(404)
    expect((await api<WhistleView[]>(t.url, 'GET', '/api/v1/whistles', undefined, undefined, lx)).body.some((x) => x.id === w.id)).toBe(false)
    expect((await api(t.url, 'POST', '/api/v1/whistles', { communityCode: org.community_code, organisationId: org.id, title: '越界' }, undefined, lx)).status).toBe(403)
  })
})
