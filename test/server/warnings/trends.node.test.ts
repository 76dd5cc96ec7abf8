/**
 * 趋势预警 over the records, on a manual clock: 龙湖社区's 物业服务 cases, 25 in twelve weeks, then
 * a week of 8 (no flag) and the ninth (a flag for the community, and for its town, with the
 * reason in words, read through the API by a wall, and pushed on the streams of the places above);
 * ten days on, back to normal, the flag clears and that is pushed too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Briefing, TrendFlagView } from '../../../server/contract'
import { manualClock, type ManualClock } from '../../../server/domain/clock'
import { api, COMMUNITY, newCase, screenToken, startTestApp, type TestApp } from '../../helpers/app'
import { recordEvents } from '../../helpers/events'

let t: TestApp
let clock: ManualClock
const DAY = 86_400_000
const NOW = new Date('2026-11-24T18:00:00+08:00')
beforeAll(async () => {
  clock = manualClock(NOW)
  t = await startTestApp({ clock })
}, 120_000)
const closers: (() => unknown)[] = []
afterAll(async () => {
  for (const c of closers) c()
  await t?.close()
})

let n = 0
/** Property cases of 龙湖社区 accepted at these times. */
async function cases(times: Date[]) {
  const batch = times.map((at) => newCase({ externalId: `TR-${++n}`, regionCode: COMMUNITY, category: 'property', title: '物业费收缴纠纷', reportedAt: at.toISOString(), acceptedAt: new Date(+at + 60_000).toISOString() }))
  const res = await api<{ failed: number }>(t.url, 'POST', '/api/v1/cases:batch', { cases: batch })
  expect(res.status).toBe(200)
  expect(res.body.failed).toBe(0)
}
const wall = () => ({ authorization: `Bearer ${screenToken(t.url)}` })
const flags = async (q = '') => (await api<TrendFlagView[]>(t.url, 'GET', `/api/v1/trends?region=140825000000${q}`, undefined, undefined, wall())).body

describe('趋势预警 over the records', () => {
  it('a week of 9 against 2.1 a week raises a flag for the community and its town, with its reason; back to normal, it clears', async () => {
    // Twelve weeks before this week: 25 cases, spread.
    const weekStart = +NOW - 6 * DAY - 18 * 3_600_000 + 9 * 3_600_000
    await cases(Array.from({ length: 25 }, (_, i) => new Date(weekStart - (i * 84 * DAY) / 25 - DAY)))
    // This week: 8 so far.
    await cases(Array.from({ length: 8 }, (_, i) => new Date(weekStart + (i % 6) * DAY + i * 3_600_000)))
    expect((await t.app.ctx.trends.evaluate()).raised).toEqual([])
    expect(await flags()).toEqual([])

    // The ninth: flagged, for 龙湖社区 and for 新绛县社区 (its town-level area), once each, and
    // pushed: the county's wall hears both, a wall of another town neither.
    const county = await recordEvents(t.url, '140825000000')
    const other = await recordEvents(t.url, '140825100000')
    closers.push(county.close, other.close)
    await cases([new Date(+NOW - 2 * 3_600_000)])
    const { raised } = await t.app.ctx.trends.evaluate()
    expect(raised.map((f) => [f.regionCode, f.category]).sort()).toEqual([['140825400000', 'property'], [COMMUNITY, 'property']])
    const [community] = (await flags()).filter((f) => f.regionCode === COMMUNITY)
    expect(community).toMatchObject({ categoryName: '物业服务', windowDays: 7, observed: 9, perWeek: 2.1, clearedAt: null, raisedAt: '2026-11-24T18:00:00+08:00' })
    expect(community!.reason).toBe(`龙湖社区 物业服务 近7天 9 件，常态 2.1 件/周，超上限（${community!.limit} 件）`)
    await expect.poll(() => county.of('trend:changed').length, { timeout: 5000 }).toBe(2)
    expect(county.of('trend:changed').map((e) => [e.flag.regionCode, e.flag.clearedAt]).sort()).toEqual([['140825400000', null], [COMMUNITY, null]])
    // Evaluated again: the same flags, not new ones.
    expect((await t.app.ctx.trends.evaluate()).raised).toEqual([])
    expect(await flags()).toHaveLength(2)

    // Ten quiet days on: cleared, and listed as cleared since the day it was raised.
    clock.advance(10 * DAY)
    const { cleared } = await t.app.ctx.trends.evaluate()
    expect(cleared.map((f) => f.regionCode).sort()).toEqual(['140825400000', COMMUNITY])
    expect(await flags()).toEqual([])
    await expect.poll(() => county.of('trend:changed').length, { timeout: 5000 }).toBe(4)
    expect(county.of('trend:changed').slice(2).every((e) => e.flag.clearedAt === '2026-12-04T18:00:00+08:00')).toBe(true)
    expect(other.of('trend:changed')).toEqual([])
    const since = await flags('&since=2026-11-24')
    expect(since.find((f) => f.regionCode === COMMUNITY)).toMatchObject({ clearedAt: '2026-12-04T18:00:00+08:00' })
    // The review of the quarter lists it, cleared, for the county and for the community, not for another town.
    const review = async (region: string) => (await api<{ trends: TrendFlagView[] }>(t.url, 'GET', `/api/v1/review?region=${region}&quarter=2026Q4`)).body.trends
    expect((await review('140825000000')).map((f) => [f.regionCode, f.clearedAt]).sort()).toEqual([['140825400000', '2026-12-04T18:00:00+08:00'], [COMMUNITY, '2026-12-04T18:00:00+08:00']])
    expect((await review(COMMUNITY)).map((f) => f.regionCode)).toEqual([COMMUNITY])
    expect(await review('140825100000')).toEqual([])
    expect((await api<{ trends: TrendFlagView[] }>(t.url, 'GET', '/api/v1/review?region=140825000000&quarter=2026Q3')).body.trends).toEqual([])
    // The briefing (研判报告) of the quarter states them, with their reasons and when they cleared.
    const briefing = (await api<Briefing>(t.url, 'GET', '/api/v1/review/briefing?region=140825000000&quarter=2026Q4')).body
    const section = briefing.sections.find((s) => s.heading === '四、趋势预警')!.blocks
    expect(section[0]).toEqual({ type: 'p', text: '本季度共触发趋势预警2项，涉及2个地方，其中2项已解除、0项仍在预警：' })
    expect(section[1]).toMatchObject({ type: 'list' })
    expect(section[1]!.type === 'list' && section[1]!.items).toContain(`11月24日：${community!.reason}（12月4日解除）`)
    // Bad input: the field and the reason.
    const bad = await api<{ issues: { field: string }[] }>(t.url, 'GET', '/api/v1/trends?since=2026-13-01')
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0]!.field).toBe('since')
  })
})
