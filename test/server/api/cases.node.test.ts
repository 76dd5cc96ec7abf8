import { manualClock } from '../../../server/domain/clock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN_NAME, api, COMMUNITY, GRID, newCase, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  // The live model's periods follow this clock, so the test holds on any date.
  t = await startTestApp({ clock: manualClock('2026-11-27T12:00:00+08:00') })
})
afterAll(() => t.close())

describe('cases API', () => {
  it('creates a case under its grid, community and town, with a default deadline from its category', async () => {
    const res = await api(t.url, 'POST', '/api/v1/cases', newCase({ category: 'sanitation' }))
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ regionCode: GRID, communityCode: COMMUNITY, townCode: '140825400000', status: 'accepted', open: true })
    // 环境卫生 is a simple matter: one day from acceptance.
    expect(res.body.deadlineAt).toBe('2026-11-25T09:05:00+08:00')
  })

  it('is idempotent on source + externalId: a retry returns the same case and stores nothing twice', async () => {
    const body = newCase()
    const first = await api(t.url, 'POST', '/api/v1/cases', body)
    const before = await api(t.url, 'GET', '/api/v1/indicators?region=140825000000&from=2026-11-24&to=2026-11-24')
    const retry = await api(t.url, 'POST', '/api/v1/cases', body)
    const after = await api(t.url, 'GET', '/api/v1/indicators?region=140825000000&from=2026-11-24&to=2026-11-24')
    expect(retry.status).toBe(200)
    expect(retry.body.id).toBe(first.body.id)
    expect(after.body.accepted).toBe(before.body.accepted)
    const detail = await api(t.url, 'GET', `/api/v1/cases/${first.body.id}`)
    expect(detail.body.timeline).toHaveLength(1)
  })

  it('moves a case through its life cycle, keeps the timeline, and refuses illegal moves with 409', async () => {
    const { body: c } = await api(t.url, 'POST', '/api/v1/cases', newCase())
    const path = `/api/v1/cases/${c.id}/transitions`
    expect((await api(t.url, 'POST', path, { action: 'dispatch', at: '2026-11-24T10:00:00+08:00', actor: '值班员张三', unit: '新绛县住建局' })).status).toBe(200)
    const visitEarly = await api(t.url, 'POST', path, { action: 'visit', at: '2026-11-24T10:30:00+08:00', satisfaction: 'satisfied' })
    expect(visitEarly.status).toBe(409)
    expect(visitEarly.body.issues[0].field).toBe('action')
    const resolved = await api(t.url, 'POST', path, { action: 'resolve', at: '2026-11-24T11:00:00+08:00', outcome: 'success', level: 'village' })
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'success', closingLevel: 'village', open: false, colour: 'green' })
    await api(t.url, 'POST', path, { action: 'visit', at: '2026-11-25T10:00:00+08:00', satisfaction: 'satisfied' })
    await api(t.url, 'POST', path, { action: 'archive', at: '2026-11-26T10:00:00+08:00' })
    const again = await api(t.url, 'POST', path, { action: 'resolve', at: '2026-11-26T11:00:00+08:00', outcome: 'success', level: 'town' })
    expect(again.status, JSON.stringify(again.body)).toBe(409)

    const { body: detail } = await api(t.url, 'GET', `/api/v1/cases/${c.id}`)
    expect(detail.status).toBe('archived')
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'dispatch', 'resolve', 'visit', 'archive'])
    // A person's action is recorded under the logged-in name, whatever the body says.
    expect(detail.timeline[1]).toMatchObject({ actor: TEST_ADMIN_NAME, fromStatus: 'accepted', toStatus: 'dispatched', data: { unit: '新绛县住建局' } })
  })

  it('reports indicators for a period: accepted, successful, success rate with two decimals', async () => {
    const q = '/api/v1/indicators?region=140825400000&from=2026-11-20&to=2026-11-20'
    const empty = await api(t.url, 'GET', q)
    expect(empty.body).toMatchObject({ accepted: 0, successRate: null, onTimeRate: null })
    const ids: number[] = []
    for (let i = 0; i < 3; i++) {
      const { body } = await api(t.url, 'POST', '/api/v1/cases', newCase({ reportedAt: '2026-11-20T08:00:00+08:00', acceptedAt: '2026-11-20T08:30:00+08:00' }))
      ids.push(body.id)
    }
    await api(t.url, 'POST', `/api/v1/cases/${ids[0]}/transitions`, { action: 'resolve', at: '2026-11-21T08:00:00+08:00', outcome: 'success', level: 'village' })
    await api(t.url, 'POST', `/api/v1/cases/${ids[1]}/transitions`, { action: 'resolve', at: '2026-11-21T08:00:00+08:00', outcome: 'failed', level: 'town' })
    const { body } = await api(t.url, 'GET', q)
    // Of 3 accepted that day, 1 resolved successfully: 33.33 %; both resolved ones within the 7-day limit.
    expect(body).toMatchObject({ region: '140825400000', accepted: 3, successful: 1, resolvedCohort: 2, onTime: 2, successRate: 33.33, onTimeRate: 100 })
    const otherTown = await api(t.url, 'GET', '/api/v1/indicators?region=140825100000&from=2026-11-20&to=2026-11-20')
    expect(otherTown.body.accepted).toBe(0)
  })

  it('lists regions by level and parent, and every code table', async () => {
    const towns = await api(t.url, 'GET', '/api/v1/regions?level=town')
    expect(towns.body).toHaveLength(11)
    const urban = await api(t.url, 'GET', '/api/v1/regions?parent=140825400000')
    expect(urban.body.map((r: { name: string }) => r.name)).toContain('龙湖社区')
    const codes = await api(t.url, 'GET', '/api/v1/codes')
    expect(codes.body.category.map((c: { zh: string }) => c.zh)).toEqual(expect.arrayContaining(['婚恋家庭', '邻里纠纷', '欠薪欠费', '物业服务', '环境卫生', '安全隐患']))
    expect(codes.body.source.map((c: { zh: string }) => c.zh)).toEqual(expect.arrayContaining(['来访', '12345热线', '码上办', '心愿箱']))
    expect(codes.body.team).toHaveLength(7)
  })

  it('records volunteer activity and moves a wish along 征集 → 认领 → 实现', async () => {
    const act = await api(t.url, 'POST', '/api/v1/volunteer-activities', {
      externalId: 'ACT-1', team: 'orange', kind: 'clinic', title: '义诊进社区', communityCode: COMMUNITY,
      startedAt: '2026-11-24T09:00:00+08:00', endedAt: '2026-11-24T11:00:00+08:00', volunteers: 6, peopleServed: 40,
    })
    expect(act.status).toBe(201)
    expect(act.body.hours).toBe(12)
    const snap = await api(t.url, 'GET', `/api/v1/snapshot?region=${COMMUNITY}`)
    expect(snap.body.aggregates.volunteers.quarter.find((x: { team: string }) => x.team === 'orange')).toMatchObject({ sessions: 1, hours: 12, peopleServed: 40 })

    const w = await api(t.url, 'POST', '/api/v1/wishes', { externalId: 'W-1', channel: 'box', communityCode: COMMUNITY, title: '楼道安装扶手', collectedAt: '2026-11-24T09:00:00+08:00' })
    expect(w.body.status).toBe('collected')
    const claimed = await api(t.url, 'POST', `/api/v1/wishes/${w.body.id}/transitions`, { action: 'claim', at: '2026-11-24T10:00:00+08:00', organisation: '县红十字会' })
    expect(claimed.body.status).toBe('claimed')
    expect((await api(t.url, 'POST', `/api/v1/wishes/${w.body.id}/transitions`, { action: 'feedback', at: '2026-11-24T11:00:00+08:00', feedback: 'ok' })).status).toBe(409)
    await api(t.url, 'POST', `/api/v1/wishes/${w.body.id}/transitions`, { action: 'fulfil', at: '2026-11-24T12:00:00+08:00' })
    const after = await api(t.url, 'GET', `/api/v1/snapshot?region=${COMMUNITY}`)
    expect(after.body.aggregates.wishes).toEqual({ collected: 1, claimed: 1, fulfilled: 1 })
  })
})
