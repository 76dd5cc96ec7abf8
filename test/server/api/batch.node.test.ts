import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import { CASE_BATCH_MAX } from '../../../server/contract'
import { manualClock } from '../../../server/domain/clock'
import { api, COMMUNITY, newCase, OTHER_TOWN_COMMUNITY, startTestApp, type TestApp } from '../../helpers/app'
import { recordEvents } from '../../helpers/events'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ clock: manualClock('2026-11-24T12:00:00+08:00') })
})
afterAll(() => t.close())

const accepted = async () => (await api(t.url, 'GET', '/api/v1/indicators?region=140825000000&from=2026-11-24&to=2026-11-24')).body.accepted as number
const logEntries = async () => (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from change_log where kind = 'case'`))[0]!.n

describe('POST /cases:batch', () => {
  it('stores the good reports in one go and answers each in order: created, already there, or why not', async () => {
    const events = await recordEvents(t.url, '140825000000')
    const existing = newCase({ externalId: 'B-existing' })
    expect((await api(t.url, 'POST', '/api/v1/cases', existing)).status).toBe(201)
    const [before, logBefore] = [await accepted(), await logEntries()]
    const fresh = Array.from({ length: 200 }, (_, i) => newCase({ externalId: `B-${i}`, regionCode: i % 2 ? COMMUNITY : OTHER_TOWN_COMMUNITY, category: i % 3 ? 'family' : 'wages' }))
    const batch = [
      ...fresh,
      existing,
      fresh[0], // the same report twice in one batch is stored once
      newCase({ externalId: 'B-bad-date', reportedAt: '2026-02-30T09:00:00+08:00' }),
      newCase({ externalId: 'B-bad-code', category: 'no-such-category' }),
      { ...newCase({ externalId: 'B-extra' }), colour: 'green' },
    ]
    const res = await api(t.url, 'POST', '/api/v1/cases:batch', { cases: batch })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ created: 200, existing: 2, failed: 3 })
    const r = res.body.results
    expect(r.map((x: { index: number }) => x.index)).toEqual(batch.map((_, i) => i))
    expect(r.slice(0, 200).every((x: { status: number; case: { externalId: string } }, i: number) => x.status === 201 && x.case.externalId === `B-${i}`)).toBe(true)
    expect(r[200]).toMatchObject({ status: 200, case: { externalId: 'B-existing' } })
    expect(r[201]).toMatchObject({ status: 200, case: { id: r[0].case.id } })
    expect(r[202]).toMatchObject({ status: 400, issues: [{ field: 'reportedAt' }] })
    expect(r[203]).toMatchObject({ status: 400, issues: [{ field: 'category' }] })
    expect(r[204]).toMatchObject({ status: 400, issues: [{ field: 'colour' }] })
    // Counted once each, logged once each, and on the wall.
    expect(await accepted()).toBe(before + 200)
    expect(await logEntries()).toBe(logBefore + 200)
    await t.app.settle()
    await new Promise((res) => setTimeout(res, 100))
    expect(events.of('case:created').filter((e) => e.case.externalId.startsWith('B-') && e.case.externalId !== 'B-existing')).toHaveLength(200)
    events.close()

    // A retry of the whole batch stores nothing new.
    const again = await api(t.url, 'POST', '/api/v1/cases:batch', { cases: fresh })
    expect(again.body).toMatchObject({ created: 0, existing: 200, failed: 0 })
    expect(await accepted()).toBe(before + 200)
  })

  it('refuses an empty batch, one over the limit, and reports outside the key\'s region or source', async () => {
    expect((await api(t.url, 'POST', '/api/v1/cases:batch', { cases: [] })).status).toBe(400)
    const tooMany = await api(t.url, 'POST', '/api/v1/cases:batch', { cases: Array.from({ length: CASE_BATCH_MAX + 1 }, () => ({})) }, undefined)
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.issues).toMatchObject([{ field: 'cases' }])
    const key = await t.app.ctx.accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: '140825400000' })
    const as = { authorization: `Bearer ${key.secret}` }
    const res = await api(t.url, 'POST', '/api/v1/cases:batch', { cases: [newCase({ externalId: 'K-1' }), newCase({ externalId: 'K-2', regionCode: OTHER_TOWN_COMMUNITY }), newCase({ externalId: 'K-3', source: 'grid' })] }, undefined, as)
    expect(res.body.results.map((x: { status: number }) => x.status)).toEqual([201, 403, 403])
    expect((await api(t.url, 'POST', '/api/v1/cases:batch', { cases: [newCase()] }, undefined, {})).status).toBe(401)
  })
})
