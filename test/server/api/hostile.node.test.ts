import { sql } from 'drizzle-orm'
import { queryRows } from '../../../db/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, COMMUNITY, newCase, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

/** Row counts of every table a write could touch. */
async function footprint() {
  const r = await queryRows(t.app.ctx.db, sql`select
    (select count(*) from cases) as cases, (select count(*) from case_events) as events,
    (select coalesce(sum(accepted), 0) from rollup_case_daily) as rollup,
    (select count(*) from volunteer_activities) as activities, (select count(*) from wishes) as wishes`)
  return JSON.stringify(r[0])
}

async function expectRejected(status: number, field: string, send: () => Promise<{ status: number; body: any }>) {
  const before = await footprint()
  const res = await send()
  expect(res.status).toBe(status)
  expect(res.body.issues.map((i: { field: string }) => i.field)).toContain(field)
  expect(res.body.issues[0].reason).toMatch(/\S/)
  expect(await footprint()).toBe(before)
}

describe('hostile input changes nothing and says why', () => {
  it('malformed JSON → 400', () => expectRejected(400, '(body)', () => api(t.url, 'POST', '/api/v1/cases', undefined, '{"externalId": "x", ')))

  it('wrong types → 400 naming the field', async () => {
    await expectRejected(400, 'peopleInvolved', () => api(t.url, 'POST', '/api/v1/cases', newCase({ peopleInvolved: 'many' })))
    await expectRejected(400, 'reportedAt', () => api(t.url, 'POST', '/api/v1/cases', newCase({ reportedAt: '2026-11-24 09:00' })))
    await expectRejected(400, 'title', () => api(t.url, 'POST', '/api/v1/cases', newCase({ title: 42 })))
  })

  it('text PostgreSQL cannot hold (NUL, a lone surrogate) → 400 naming the field, alone or in a batch', async () => {
    await expectRejected(400, 'title', () => api(t.url, 'POST', '/api/v1/cases', newCase({ title: '楼道\u0000堆物' })))
    await expectRejected(400, 'description', () => api(t.url, 'POST', '/api/v1/cases', newCase({ description: '半个字符 \ud800 在此' })))
    await expectRejected(400, 'externalId', () => api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: 'X\u0000' })))
    await expectRejected(400, 'note', () => api(t.url, 'POST', '/api/v1/cases/1/transitions', { action: 'note', note: '\udc00' }))
    const before = await footprint()
    const batch = await api(t.url, 'POST', '/api/v1/cases:batch', { cases: [newCase({ title: 'a\u0000b' }), newCase({ description: '\ud83d' })] })
    expect(batch.status).toBe(200)
    expect(batch.body.results.map((r: { status: number; issues: { field: string }[] }) => [r.status, r.issues[0]!.field])).toEqual([[400, 'title'], [400, 'description']])
    expect(await footprint()).toBe(before)
    // A whole character outside the BMP (a surrogate pair) is fine.
    expect((await api(t.url, 'POST', '/api/v1/cases', newCase({ title: '楼道堆物 𠮷' }))).status).toBe(201)
  })

  it('missing fields → 400', async () => {
    const { title: _t, ...noTitle } = newCase()
    await expectRejected(400, 'title', () => api(t.url, 'POST', '/api/v1/cases', noTitle))
    await expectRejected(400, 'action', () => api(t.url, 'POST', '/api/v1/cases/1/transitions', { at: '2026-11-24T09:00:00+08:00' }))
  })

  it('unknown codes → 400; unknown region → 422', async () => {
    await expectRejected(400, 'category', () => api(t.url, 'POST', '/api/v1/cases', newCase({ category: 'ufo' })))
    await expectRejected(400, 'source', () => api(t.url, 'POST', '/api/v1/cases', newCase({ source: 'twitter' })))
    await expectRejected(400, 'team', () =>
      api(t.url, 'POST', '/api/v1/volunteer-activities', { externalId: 'a', team: 'pink', kind: 'clinic', title: 'x', communityCode: COMMUNITY, startedAt: '2026-11-24T09:00:00+08:00', endedAt: '2026-11-24T10:00:00+08:00' }),
    )
    await expectRejected(422, 'regionCode', () => api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: '140825999999' })))
    await expectRejected(422, 'region', () => api(t.url, 'GET', '/api/v1/indicators?region=110101000000&from=2026-01-01&to=2026-03-31'))
  })

  it('unknown fields are refused rather than silently dropped', () =>
    expectRejected(400, 'colour', () => api(t.url, 'POST', '/api/v1/cases', newCase({ colour: 'green' }))))

  it('a 1 MB string → 413 for the body; an over-long field in a small body → 400', async () => {
    await expectRejected(413, '(body)', () => api(t.url, 'POST', '/api/v1/cases', newCase({ description: 'x'.repeat(1024 * 1024) })))
    await expectRejected(400, 'title', () => api(t.url, 'POST', '/api/v1/cases', newCase({ title: '长'.repeat(201) })))
  })

  it('stores SQL-looking and <script>-bearing text exactly as given', async () => {
    const title = `'); drop table cases; -- <script>alert(1)</script>`
    const description = `<img src=x onerror="alert('xss')"> 1' OR '1'='1`
    const res = await api(t.url, 'POST', '/api/v1/cases', newCase({ title, description }))
    expect(res.status).toBe(201)
    const detail = await api(t.url, 'GET', `/api/v1/cases/${res.body.id}`)
    expect(detail.body.title).toBe(title)
    expect(detail.body.description).toBe(description)
    const [row] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from cases`)
    expect(row!.n).toBeGreaterThan(0)
  })

  it('a transition dated before the case was reported → 409, the case unchanged', async () => {
    const { body: c } = await api(t.url, 'POST', '/api/v1/cases', newCase())
    await expectRejected(409, 'at', () => api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'resolve', at: '2020-01-01T00:00:00+08:00', outcome: 'success', level: 'village' }))
  })

  it('bad ids and unknown paths are 4xx, not 500', async () => {
    expect((await api(t.url, 'GET', '/api/v1/cases/abc')).status).toBe(400)
    expect((await api(t.url, 'GET', '/api/v1/cases/99999999')).status).toBe(404)
    expect((await api(t.url, 'GET', '/api/v1/nothing')).status).toBe(404)
  })
})
