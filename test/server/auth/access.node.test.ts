import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import { api, COMMUNITY, loginHeaders, newCase, OTHER_TOWN_COMMUNITY, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
let caseId: number
let noticeId: number
const as: Record<string, Record<string, string>> = {}
beforeAll(async () => {
  t = await startTestApp()
  const { accounts } = t.app.ctx
  for (const [username, role, region] of [['leader1', 'leader', '140825000000'], ['longxing', 'duty', '140825100000'], ['county-duty', 'duty', '140825000000']] as const) {
    await accounts.createUser({ username, displayName: username, role, regionCode: region, password: `${username}-password` })
    as[username] = await loginHeaders(t.url, username, `${username}-password`)
  }
  as.hotline = { authorization: `Bearer ${(await accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: '140825000000' })).secret}` }
  as.screen = { authorization: `Bearer ${(await accounts.createKey({ kind: 'screen', name: '大厅主屏', regionCode: '140825000000' })).secret}` }
  as.nobody = {}
  caseId = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))).body.id
  await api(t.url, 'POST', `/api/v1/cases/${caseId}/transitions`, { action: 'dispatch', at: '2026-11-24T10:00:00+08:00', unit: '新绛县城市管理局' })
  noticeId = (await api(t.url, 'POST', `/api/v1/cases/${caseId}/notices`, { issuedBy: 'x' })).body.id
})
afterAll(async () => {
  await t.close()
})

/** The rows a refused write must leave alone. */
const footprint = async () =>
  JSON.stringify(await queryRows(t.app.ctx.db, sql`select (select count(*) from cases) c, (select count(*) from case_events) e, (select count(*) from supervision_notices) n, (select count(*) from volunteer_activities) a, (select count(*) from wishes) w, (select max(version) from cases) v, (select count(*) from settings) s`))

const writes = () => [
  ['POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY })],
  ['POST', `/api/v1/cases/${caseId}/transitions`, { action: 'start', at: '2026-11-24T11:00:00+08:00' }],
  ['POST', `/api/v1/cases/${caseId}/notices`, { issuedBy: 'x' }],
  ['POST', `/api/v1/notices/${noticeId}/escalate`, { by: 'x' }],
  ['POST', `/api/v1/notices/${noticeId}/answer`, { answeredBy: 'x', answer: 'y' }],
  ['POST', '/api/v1/volunteer-activities', { externalId: 'A-X', team: 'red', kind: 'clinic', title: '义诊', communityCode: COMMUNITY, startedAt: '2026-11-24T09:00:00+08:00', endedAt: '2026-11-24T10:00:00+08:00' }],
  ['POST', '/api/v1/wishes', { externalId: 'W-X', channel: 'box', communityCode: COMMUNITY, title: '修路灯', collectedAt: '2026-11-24T09:00:00+08:00' }],
  ['PUT', '/api/v1/warning-rules', { groupSize: 3 }],
] as const

describe('who may write', () => {
  it('refuses every write without credentials (401), and with a screen token (403), changing nothing', async () => {
    const before = await footprint()
    for (const [method, path, body] of writes()) {
      expect((await api(t.url, method, path, body, undefined, as.nobody)).status, `${method} ${path}`).toBe(401)
      expect((await api(t.url, method, path, body, undefined, as.screen)).status, `${method} ${path} (screen)`).toBe(403)
    }
    expect(await footprint()).toBe(before)
  })

  it('keeps roles apart: a leader reads but does not write, an ingest key feeds but does not supervise or set rules', async () => {
    const before = await footprint()
    for (const [method, path, body] of writes()) expect((await api(t.url, method, path, body, undefined, as.leader1)).status, `${method} ${path}`).toBe(403)
    expect((await api(t.url, 'POST', `/api/v1/cases/${caseId}/notices`, { issuedBy: 'x' }, undefined, as.hotline)).status).toBe(403)
    expect((await api(t.url, 'PUT', '/api/v1/warning-rules', { groupSize: 3 }, undefined, as.hotline)).status).toBe(403)
    expect((await api(t.url, 'POST', '/api/v1/cases', newCase({ source: 'online' }), undefined, as.hotline))).toMatchObject({ status: 403, body: { issues: [{ field: 'source' }] } })
    expect(await footprint()).toBe(before)
    expect((await api(t.url, 'POST', '/api/v1/cases', newCase(), undefined, as.hotline)).status).toBe(201)
  })

  it('keeps regions apart: a town user acts in its town only', async () => {
    const before = await footprint()
    expect((await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }), undefined, as.longxing)).body.issues).toEqual([{ field: 'region', reason: 'outside your region' }])
    expect((await api(t.url, 'POST', `/api/v1/cases/${caseId}/transitions`, { action: 'start', at: '2026-11-24T11:00:00+08:00' }, undefined, as.longxing)).status).toBe(403)
    expect((await api(t.url, 'POST', `/api/v1/notices/${noticeId}/escalate`, { by: 'x' }, undefined, as.longxing)).status).toBe(403)
    expect(await footprint()).toBe(before)
    const own = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: OTHER_TOWN_COMMUNITY }), undefined, as.longxing)
    expect(own.status).toBe(201)
  })

  it('records a person by their own name on the ledger', async () => {
    await api(t.url, 'POST', `/api/v1/cases/${caseId}/transitions`, { action: 'start', actor: '冒名' }, undefined, as['county-duty'])
    const d = (await api(t.url, 'GET', `/api/v1/cases/${caseId}`)).body
    expect(d.timeline.at(-1)).toMatchObject({ action: 'start', actor: 'county-duty' })
  })
})

describe('who may read', () => {
  const reads = () => [
    '/api/v1/cases?open=true',
    `/api/v1/cases/${caseId}`,
    `/api/v1/cases/${caseId}/notices`,
    '/api/v1/notices',
    '/api/v1/snapshot',
    '/api/v1/warnings/red',
    '/api/v1/warnings/regions',
    '/api/v1/indicators/trend',
    '/api/v1/volunteers/heat',
    '/api/v1/warning-rules',
  ]

  it('serves nothing that carries citizen text to nobody (401); a screen token, a leader and a key may read', async () => {
    for (const path of reads()) {
      const res = await api(t.url, 'GET', path, undefined, undefined, as.nobody)
      expect(res.status, path).toBe(401)
      expect(JSON.stringify(res.body)).not.toContain('漏水')
      for (const who of ['screen', 'leader1', 'hotline']) expect((await api(t.url, 'GET', path, undefined, undefined, as[who])).status, `${path} as ${who}`).toBe(200)
    }
    // The region tree and the code lists carry no citizen text: the login page and a map need them.
    for (const path of ['/api/v1/regions', '/api/v1/codes', '/api/v1/geo/140825000000']) expect((await api(t.url, 'GET', path, undefined, undefined, as.nobody)).status, path).toBe(200)
  })

  it('keeps a town user to its town: its own region by default, 403 for another town or a case there', async () => {
    const snap = await api(t.url, 'GET', '/api/v1/snapshot', undefined, undefined, as.longxing)
    expect(snap).toMatchObject({ status: 200, body: { region: { code: '140825100000' } } })
    expect(snap.body.feed.every((c: { communityCode: string }) => c.communityCode.startsWith('140825100'))).toBe(true)
    for (const path of ['/api/v1/snapshot?region=140825000000', '/api/v1/cases?region=140825400000', `/api/v1/cases/${caseId}`, `/api/v1/cases/${caseId}/notices`, '/api/v1/warnings/red?region=140825400012']) {
      const res = await api(t.url, 'GET', path, undefined, undefined, as.longxing)
      expect(res.status, path).toBe(403)
      expect(JSON.stringify(res.body)).not.toContain('漏水')
    }
  })
})
