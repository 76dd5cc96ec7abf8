import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReconciliationRow } from '../../../server/contract'
import { manualClock } from '../../../server/domain/clock'
import { api, COMMUNITY, loginHeaders, newCase, startTestApp, type TestApp } from '../../helpers/app'

// 口径对账 worked by hand. In 龙湖社区, 2026Q4 so far:
//   D1 dispute  accepted 10-05, resolved 10-08, success
//   D2 dispute  accepted 10-06, resolved 10-09, failed
//   D3 dispute  accepted 09-28 (Q3), resolved 10-02, success
//   D4 dispute  accepted 10-07, open
//   A1 appeal   accepted 10-10, resolved 10-11, success
// For 2026Q4 the product counts disputes accepted 3 (D1, D2, D4), resolved 3 (D1, D2, D3), and a
// success rate of 1 / 3 = 33.33 %.
const COUNTY = '140825000000'
let t: TestApp
let as: Record<'lead' | 'townlead' | 'desk' | 'screen', Record<string, string>>
const ids: Record<string, number> = {}
const Q4 = { from: '2026-10-01', to: '2026-12-31' }
beforeAll(async () => {
  t = await startTestApp({ clock: manualClock('2026-11-20T10:00:00+08:00') })
  const { accounts } = t.app.ctx
  await accounts.createUser({ username: 'lead', displayName: '县领导', role: 'leader', regionCode: COUNTY, password: 'lead-password' })
  await accounts.createUser({ username: 'townlead', displayName: '龙兴镇领导', role: 'leader', regionCode: '140825100000', password: 'townlead-password' })
  await accounts.createUser({ username: 'desk', displayName: '值班员', role: 'duty', regionCode: COUNTY, password: 'desk-password' })
  as = {
    lead: await loginHeaders(t.url, 'lead', 'lead-password'),
    townlead: await loginHeaders(t.url, 'townlead', 'townlead-password'),
    desk: await loginHeaders(t.url, 'desk', 'desk-password'),
    screen: { authorization: `Bearer ${(await accounts.createKey({ kind: 'screen', name: '大屏', regionCode: COUNTY })).secret}` },
  }
  const kase = async (name: string, kind: string, acceptedAt: string, resolve?: { at: string; outcome: string }) => {
    const at = `${acceptedAt}T09:00:00+08:00`
    const res = await api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: `R-${name}`, kind, regionCode: COMMUNITY, title: `<i>${name}</i>`, reportedAt: at, acceptedAt: at }))
    expect(res.status, name).toBe(201)
    ids[name] = res.body.id
    if (resolve) expect((await api(t.url, 'POST', `/api/v1/cases/${ids[name]}/transitions`, { action: 'resolve', at: `${resolve.at}T09:00:00+08:00`, outcome: resolve.outcome, level: 'village' })).status).toBe(200)
  }
  await kase('D1', 'dispute', '2026-10-05', { at: '2026-10-08', outcome: 'success' })
  await kase('D2', 'dispute', '2026-10-06', { at: '2026-10-09', outcome: 'failed' })
  await kase('D3', 'dispute', '2026-09-28', { at: '2026-10-02', outcome: 'success' })
  await kase('D4', 'dispute', '2026-10-07')
  await kase('A1', 'appeal', '2026-10-10', { at: '2026-10-11', outcome: 'success' })
})
afterAll(() => t?.close())

const publish = async (figure: Record<string, unknown>, who?: Record<string, string>) => api<ReconciliationRow>(t.url, 'POST', '/api/v1/published-figures', { regionCode: COUNTY, ...Q4, source: '县综治中心季度通报', ...figure }, undefined, who ?? as.lead)

describe('口径对账 (reconciling published figures)', () => {
  it('agrees where the figure is counted as the product counts it', async () => {
    const { status, body } = await publish({ indicator: 'disputes_accepted', value: 3 })
    expect(status).toBe(201)
    expect(body).toMatchObject({ computed: 3, difference: 0, status: 'match', cases: null })
    expect(body.why).toBe('一致：本系统按受理时间计算为 3件')
  })

  it('names the other 口径 that gives the published figure, and the cases that make the difference', async () => {
    // 4: the appeal counted in.
    const appeals = (await publish({ indicator: 'disputes_accepted', value: 4 })).body
    expect(appeals).toMatchObject({ computed: 3, difference: 1, status: 'explained' })
    expect(appeals.why).toContain('发布数含民生诉求（本系统只计矛盾纠纷）')
    expect(appeals.cases).toMatchObject({ total: 1, rows: [{ id: ids.A1, kind: 'appeal', countedIn: 'published', title: '<i>A1</i>' }] })
    // Resolved 2: the disputes accepted in the quarter and resolved (D3 was accepted in Q3).
    const resolved = (await publish({ indicator: 'disputes_resolved', value: 2 })).body
    expect(resolved).toMatchObject({ computed: 3, difference: -1, status: 'explained' })
    expect(resolved.why).toContain('按受理时间统计其中已办结的')
    expect(resolved.cases!.rows.map((c) => [c.id, c.countedIn])).toEqual([[ids.D3, 'computed']])
    // 50 %: success over accepted with the appeal, (D1, A1) / (D1, D2, D4, A1).
    const rate = (await publish({ indicator: 'success_rate', value: 50 })).body
    expect(rate).toMatchObject({ computed: 33.33, status: 'explained' })
    expect(rate.ways.find((w) => w.key === 'closed_basis')).toMatchObject({ value: 66.67, agrees: false })
    expect(rate.ways.find((w) => w.key === 'with_appeals')).toMatchObject({ value: 50, agrees: true })
    // 4 disputes "this year": D3 from before the quarter.
    const ytd = (await publish({ indicator: 'disputes_accepted', value: 4, from: '2026-10-01', to: '2026-12-31', category: 'neighbour' })).body
    expect(ytd.status).toBe('explained')
    expect(ytd.ways.filter((w) => w.agrees).map((w) => w.key)).toEqual(['with_appeals', 'year_to_date', 'cumulative'])
  })

  it('says which side has more when no 口径 explains it', async () => {
    const fewer = (await publish({ indicator: 'disputes_accepted', value: 10 })).body
    expect(fewer).toMatchObject({ computed: 3, difference: 7, status: 'unexplained', cases: null })
    expect(fewer.why).toMatch(/^本系统的记录少 7件：其他口径（按办结时间 3件，含民生诉求 4件，年初至期末 4件，累计至期末 4件）也不一致/)
    const more = (await publish({ indicator: 'disputes_accepted', value: 1 })).body
    expect(more).toMatchObject({ computed: 3, difference: -2, status: 'unexplained' })
    expect(more.why).toMatch(/^本系统的记录多 2件/)
    expect(more.cases!.rows.map((c) => c.id).sort()).toEqual([ids.D1, ids.D2, ids.D4].sort())
  })

  it('lists the figures of the region asked for, to those who review; records them for admins and leaders of the place only', async () => {
    const list = async (who: Record<string, string>, region = COUNTY) => api<{ rows: ReconciliationRow[] }>(t.url, 'GET', `/api/v1/reconciliation?region=${region}`, undefined, undefined, who)
    // This test's figures, beside the demo's own (the seeds' published figures).
    const all = (await list(as.desk)).body.rows.filter((r) => r.figure.source === '县综治中心季度通报')
    expect(all.length).toBeGreaterThanOrEqual(7)
    expect(all.every((r) => r.figure.regionName === '新绛县')).toBe(true)
    expect((await list(as.screen)).status).toBe(403)
    expect((await list(as.townlead)).status).toBe(403)
    // A town's leader records the town's figures, not the county's; the county's list holds the town's too.
    expect((await publish({ indicator: 'disputes_accepted', value: 0 }, as.townlead)).status).toBe(403)
    const town = await publish({ indicator: 'disputes_accepted', value: 0, regionCode: '140825100000' }, as.townlead)
    expect(town.status).toBe(201)
    expect(town.body).toMatchObject({ computed: 0, status: 'match' })
    expect((await list(as.townlead, '140825100000')).body.rows.map((r) => r.figure.id)).toEqual([town.body.figure.id])
    expect((await list(as.lead)).body.rows.map((r) => r.figure.id)).toContain(town.body.figure.id)
    expect((await publish({ indicator: 'disputes_accepted', value: 3 }, as.desk)).status).toBe(403)
    // Taken back: by the county, not by another town.
    const first = all[0]!.figure.id
    expect((await api(t.url, 'DELETE', `/api/v1/published-figures/${first}`, undefined, undefined, as.townlead)).status).toBe(404)
    expect((await api(t.url, 'DELETE', `/api/v1/published-figures/${first}`, undefined, undefined, as.lead)).status).toBe(204)
    expect((await list(as.lead)).body.rows.map((r) => r.figure.id)).not.toContain(first)
  })

  it('refuses a bad figure with the field and the reason, and stores nothing', async () => {
    const before = (await api<{ rows: unknown[] }>(t.url, 'GET', `/api/v1/reconciliation?region=${COUNTY}`, undefined, undefined, as.lead)).body.rows.length
    const bad: [Record<string, unknown>, string][] = [
      [{ indicator: 'made_up', value: 1 }, 'indicator'],
      [{ indicator: 'disputes_accepted', value: -1 }, 'value'],
      [{ indicator: 'success_rate', value: 120 }, 'value'],
      [{ indicator: 'disputes_accepted', value: 1, from: '2026-02-30' }, 'from'],
      [{ indicator: 'disputes_accepted', value: 1, from: '2026-12-01', to: '2026-11-01' }, 'to'],
      [{ indicator: 'disputes_accepted', value: 1, regionCode: '999999000000' }, 'regionCode'],
      [{ indicator: 'visitors', value: 1, category: 'neighbour' }, 'category'],
      [{ indicator: 'disputes_accepted', value: 1, category: 'nope' }, 'category'],
      [{ indicator: 'disputes_accepted', value: 1, source: '' }, 'source'],
    ]
    for (const [figure, field] of bad) {
      const res = await publish(figure)
      expect(res.status, JSON.stringify(figure)).toBe(400)
      expect(JSON.stringify(res.body), JSON.stringify(figure)).toContain(field)
    }
    expect((await api<{ rows: unknown[] }>(t.url, 'GET', `/api/v1/reconciliation?region=${COUNTY}`, undefined, undefined, as.lead)).body.rows).toHaveLength(before)
  })
})
