import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock, type ManualClock } from '../../../server/domain/clock'
import type { CaseDetail, CaseSummary, DutyQueue } from '../../../server/contract'
import { api, loginHeaders, newCase, OTHER_TOWN_COMMUNITY, startTestApp, type TestApp } from '../../helpers/app'

// The desk's queue and its 签收, on a manual clock: a case turns red because time passes.
let t: TestApp
let clock: ManualClock
const as: Record<string, Record<string, string>> = {}
const T0 = Date.parse('2026-11-24T09:00:00+08:00')
const iso = (ms: number) => new Date(ms).toISOString()
beforeAll(async () => {
  clock = manualClock(iso(T0))
  t = await startTestApp({ clock })
  for (const [username, displayName, region] of [['desk', '值班员甲', '140825000000'], ['longxing', '龙兴镇值班员', '140825100000']] as const) {
    await t.app.ctx.accounts.createUser({ username, displayName, role: 'duty', regionCode: region, password: `${username}-password` })
    as[username] = await loginHeaders(t.url, username, `${username}-password`)
  }
})
afterAll(async () => {
  await t.close()
})

const queue = async (who = as.desk) => (await api<DutyQueue>(t.url, 'GET', '/api/v1/duty/queue', undefined, undefined, who)).body.cases
const post = async (over: Record<string, unknown>) => (await api<CaseSummary>(t.url, 'POST', '/api/v1/cases', newCase({ reportedAt: iso(T0 - 3600_000), acceptedAt: iso(T0 - 3600_000), ...over }))).body

describe('the duty queue', () => {
  it('holds open red and yellow cases, most urgent first, and re-orders as time turns a case red', async () => {
    const soon = await post({ title: '一小时后到期', deadlineAt: iso(T0 + 3600_000) })
    const group = await post({ title: '群体性纠纷', scale: 'group', peopleInvolved: 12, deadlineAt: iso(T0 + 2 * 3600_000) })
    const medium = await post({ title: '中风险', riskLevel: 'medium' })
    const green = await post({ title: '正常办理' })
    const elsewhere = await post({ title: '龙兴镇群体纠纷', regionCode: OTHER_TOWN_COMMUNITY, scale: 'group', peopleInvolved: 6 })
    expect([soon.colour, group.colour, medium.colour, green.colour]).toEqual(['yellow', 'red', 'yellow', 'green'])

    const ids = (q: CaseSummary[]) => q.filter((c) => [soon.id, group.id, medium.id, green.id, elsewhere.id].includes(c.id)).map((c) => c.id)
    // Red first (the group case, then the other town's group case: no deadline given, a later default one), then yellow by deadline.
    expect(ids(await queue())).toEqual([group.id, elsewhere.id, soon.id, medium.id])
    expect(ids(await queue(as.longxing))).toEqual([elsewhere.id])
    expect((await api(t.url, 'GET', '/api/v1/duty/queue?region=140825000000', undefined, undefined, as.longxing)).status).toBe(403)
    expect((await api(t.url, 'GET', '/api/v1/duty/queue', undefined, undefined, {})).status).toBe(401)

    await t.app.settle()
    clock.advance(3600_000 + 1000)
    await t.app.settle()
    const q = await queue()
    // Now overdue, and with the earliest deadline of the red ones: the most urgent.
    expect(ids(q)).toEqual([soon.id, group.id, elsewhere.id, medium.id])
    expect(q.find((c) => c.id === soon.id)).toMatchObject({ colour: 'red', unacknowledged: true, acknowledgedAt: null })
  })

  it('签收 clears a red flag under the acting person\'s name, on the timeline; a later turn to red flags it again', async () => {
    const c = await post({ title: '签收测试', deadlineAt: iso(clock.now().getTime() + 600_000) })
    await t.app.settle()
    clock.advance(600_000 + 1000)
    await t.app.settle()
    const red = (await queue()).find((x) => x.id === c.id)!
    expect(red).toMatchObject({ colour: 'red', unacknowledged: true })

    const acked = await api<CaseSummary>(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'ack', expectedVersion: red.version }, undefined, as.desk)
    expect(acked.status).toBe(200)
    expect(acked.body).toMatchObject({ unacknowledged: false, acknowledgedBy: '值班员甲', status: red.status, colour: 'red' })
    const detail = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${c.id}`)).body
    expect(detail.timeline.at(-1)).toMatchObject({ action: 'ack', actor: '值班员甲' })

    // A note goes on the record; an empty one is refused and changes nothing.
    expect((await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'note' }, undefined, as.desk))).toMatchObject({ status: 400, body: { issues: [{ field: 'note' }] } })
    expect((await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'note', note: '已电话联系当事人' }, undefined, as.desk)).status).toBe(200)
    const after = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${c.id}`)).body
    expect(after.timeline.length).toBe(detail.timeline.length + 1)
    expect(after.timeline.at(-1)).toMatchObject({ action: 'note', actor: '值班员甲', data: { note: '已电话联系当事人' } })

    // Closed, it leaves the queue; it cannot be acknowledged any more.
    await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'resolve', outcome: 'success', level: 'village' }, undefined, as.desk)
    expect((await queue()).some((x) => x.id === c.id)).toBe(false)
    expect((await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'ack' }, undefined, as.desk)).status).toBe(409)
  })

  it('flags a case again when it turns red after it was taken while yellow', async () => {
    const c = await post({ title: '黄转红', deadlineAt: iso(clock.now().getTime() + 600_000) })
    expect(c.colour).toBe('yellow')
    await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'ack' }, undefined, as.desk)
    await t.app.settle()
    clock.advance(600_000 + 1000)
    await t.app.settle()
    expect((await queue()).find((x) => x.id === c.id)).toMatchObject({ colour: 'red', unacknowledged: true })
  })
})
