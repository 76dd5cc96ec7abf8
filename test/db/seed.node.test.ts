import { manualClock } from '../../server/domain/clock'
import { count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/client'
import { caseDaily, caseDimDaily, countyDaily, countyDimDaily, regions } from '../../db/schema'
import { rebuildRollups } from '../../server/store/rollups'
import { api, COMMUNITY, newCase, OTHER_TOWN_COMMUNITY, startTestApp, type TestApp } from '../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ history: true, clock: manualClock('2026-11-24T09:00:00+08:00') })
})
afterAll(() => t.close())

describe('demo county', () => {
  it('has 新绛县, its 11 town-level units and 164 villages and communities with real codes', async () => {
    const db = t.app.ctx.db
    const levels = await db.select({ level: regions.level, n: count() }).from(regions).groupBy(regions.level)
    expect(Object.fromEntries(levels.map((l) => [l.level, l.n]))).toMatchObject({ county: 1, town: 11, community: 164 })
    const [longhu] = await db.select().from(regions).where(eq(regions.code, COMMUNITY))
    expect(longhu).toMatchObject({ name: '龙湖社区', parentCode: '140825400000' })
    const names = (await db.select({ name: regions.name }).from(regions)).map((r) => r.name)
    expect(names).toEqual(expect.arrayContaining(['龙兴镇', '三泉镇', '横桥镇', '四府街社区', '气象路社区', '顺城街社区', '复兴社区', '丽华苑小区']))
  })

  it('holds the published first quarter: 765 accepted, 738 successful, 96.47 %', async () => {
    const { body } = await api(t.url, 'GET', '/api/v1/indicators?region=140825000000&from=2026-01-01&to=2026-03-31')
    expect(body).toMatchObject({ accepted: 765, successful: 738, successRate: 96.47 })
    // The quarterly review says the same, from the same counters.
    const review = (await api(t.url, 'GET', '/api/v1/review?region=140825000000&quarter=2026Q1')).body
    expect(review.indicators).toMatchObject({ accepted: 765, successful: 738, successRate: 96.47 })
    expect(review.children.reduce((n: number, c: { block: { accepted: number } }) => n + c.block.accepted, 0)).toBe(765)
    // The appeals (民生诉求) are counted apart, on top: both together are more, and their sum.
    const appeals = (await api(t.url, 'GET', '/api/v1/indicators?region=140825000000&from=2026-01-01&to=2026-03-31&kind=appeal')).body
    const both = (await api(t.url, 'GET', '/api/v1/indicators?region=140825000000&from=2026-01-01&to=2026-03-31&kind=all')).body
    expect(appeals.accepted).toBe(328)
    expect(both.accepted).toBe(765 + 328)
    const [fromCases] = await queryRows<{ dispute: number; appeal: number }>(t.app.ctx.db, sql`select count(*) filter (where kind = 'dispute')::int as dispute, count(*) filter (where kind = 'appeal')::int as appeal from cases
      where accepted_at >= '2026-01-01T00:00:00+08:00' and accepted_at < '2026-04-01T00:00:00+08:00'`)
    expect(fromCases).toEqual({ dispute: 765, appeal: 328 })
    const appealReview = (await api(t.url, 'GET', '/api/v1/review?region=140825000000&quarter=2026Q1&kind=appeal')).body
    expect(appealReview).toMatchObject({ kind: 'appeal', indicators: { accepted: 328 } })
    // 来访登记: the published 接待群众 472 人次 of the quarter, from the visits themselves.
    expect(review.indicators.visitors.people).toBe(472)
    const [people] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select sum(people)::int as n from visits where visited_at >= '2026-01-01T00:00:00+08:00' and visited_at < '2026-04-01T00:00:00+08:00'`)
    expect(people!.n).toBe(472)
  })

  it('has three whole years before the current quarter: QoQ, YoY and all eight trend quarters compare whole quarters', async () => {
    const review = (await api(t.url, 'GET', '/api/v1/review?region=140825000000&quarter=2026Q1')).body
    // About 260 cases a month: a whole quarter is 700–870, never a month's worth.
    for (const q of [review.previous, review.lastYear]) expect(q.indicators.accepted, q.quarter).toBeGreaterThanOrEqual(700)
    for (const q of review.trend) expect(q.block.accepted, q.quarter).toBeGreaterThanOrEqual(700)
    const [first] = await queryRows<{ day: string }>(t.app.ctx.db, sql`select to_char(min(accepted_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day from cases`)
    expect(first!.day.slice(0, 7)).toBe('2023-10')
  })

  it('shows the wall and the review the same quarter, at any moment', async () => {
    const quarterOnWall = async () => (await api(t.url, 'GET', '/api/v1/snapshot?region=140825000000')).body.aggregates.quarter
    const quarterInReview = async () => (await api(t.url, 'GET', '/api/v1/review?region=140825000000')).body.indicators
    const same = async () => {
      const [wall, review] = [await quarterOnWall(), await quarterInReview()]
      for (const k of ['accepted', 'resolved', 'successful', 'resolvedCohort', 'onTime', 'handlingMinutes', 'visited', 'satisfied', 'successRate', 'onTimeRate']) expect(review[k], k).toBe(wall[k])
    }
    await same()
    const { body } = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))
    await api(t.url, 'POST', `/api/v1/cases/${body.id}/transitions`, { action: 'resolve', outcome: 'success', level: 'village' })
    await same()
  })

  it('keeps rollups equal to a full recomputation after live writes', async () => {
    for (let i = 0; i < 12; i++) {
      const { body } = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: i % 2 ? COMMUNITY : OTHER_TOWN_COMMUNITY, category: i % 3 ? 'family' : 'wages' }))
      if (i % 2) await api(t.url, 'POST', `/api/v1/cases/${body.id}/transitions`, { action: 'resolve', at: '2026-11-30T10:00:00+08:00', outcome: i % 4 === 1 ? 'success' : 'litigation', level: 'town' })
    }
    const db = t.app.ctx.db
    const dump = async () => ({
      daily: (await db.select().from(caseDaily).orderBy(caseDaily.day, caseDaily.communityCode, caseDaily.kind)).filter((r) => r.accepted || r.resolved),
      dims: (await db.select().from(caseDimDaily).orderBy(caseDimDaily.day, caseDimDaily.communityCode, caseDimDaily.kind, caseDimDaily.dim, caseDimDaily.value)).filter((r) => r.count),
      // The counties' rows, what a city reads, from the same deltas.
      county: (await db.select().from(countyDaily).orderBy(countyDaily.day, countyDaily.countyCode, countyDaily.kind)).filter((r) => r.accepted || r.resolved),
      countyDims: (await db.select().from(countyDimDaily).orderBy(countyDimDaily.day, countyDimDaily.countyCode, countyDimDaily.kind, countyDimDaily.dim, countyDimDaily.value)).filter((r) => r.count),
    })
    const incremental = await dump()
    await rebuildRollups(db)
    const rebuilt = await dump()
    expect(incremental.daily.length).toBeGreaterThan(100)
    expect(incremental).toEqual(rebuilt)
  })

  it('the live screen numbers agree with the indicators API for the same quarter', async () => {
    const snap = await api(t.url, 'GET', '/api/v1/snapshot?region=140825000000')
    const p = snap.body.aggregates.periods
    const ind = await api(t.url, 'GET', `/api/v1/indicators?region=140825000000&from=${p.quarter}&to=${p.today}`)
    const { open: _o, region: _r, from: _f, to: _t, kind, ...block } = ind.body
    expect(kind).toBe('dispute')
    expect(snap.body.aggregates.quarter).toEqual(block)
    // The wall's appeals, beside: the same as the API's for appeals.
    const { open: _o2, region: _r2, from: _f2, to: _t2, kind: _k2, ...appeals } = (await api(t.url, 'GET', `/api/v1/indicators?region=140825000000&from=${p.quarter}&to=${p.today}&kind=appeal`)).body
    expect(snap.body.aggregates.appeals.quarter).toEqual(appeals)
    expect(appeals.accepted).toBeGreaterThan(0)
    const [open] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from cases where status in ('reported','accepted','dispatched','in_progress')`)
    const o = snap.body.aggregates.open
    expect(o.red + o.yellow + o.green).toBe(open!.n)
  })
})
