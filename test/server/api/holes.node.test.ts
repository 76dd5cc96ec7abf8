/**
 * The holes a hostile caller found (one `it` per reproduction): each failed on the code before
 * the fix. Records reach only callers allowed to read them; the ledger names callers by
 * identity; times and amounts that cannot be true are refused with a 4xx that names the field.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import { api, COMMUNITY, loginHeaders, newCase, OTHER_TOWN_COMMUNITY, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
const as: Record<string, Record<string, string>> = {}
beforeAll(async () => {
  t = await startTestApp()
  const { accounts } = t.app.ctx
  for (const [username, role, region] of [['longxing', 'duty', '140825100000'], ['county-duty', 'duty', '140825000000']] as const) {
    await accounts.createUser({ username, displayName: `${username}值班员`, role, regionCode: region, password: `${username}-password` })
    as[username] = await loginHeaders(t.url, username, `${username}-password`)
  }
  for (const source of ['hotline', 'grid_daily']) {
    const key = await accounts.createKey({ kind: 'ingest', name: source, regionCode: '140825000000' })
    as[source] = { authorization: `Bearer ${key.secret}` }
    as[`${source}:id`] = { id: String(key.key.id) }
  }
})
afterAll(async () => {
  await t.close()
})

const footprint = async () =>
  JSON.stringify(await queryRows(t.app.ctx.db, sql`select (select count(*) from cases) c, (select count(*) from case_events) e, (select count(*) from supervision_notices) n, (select count(*) from volunteer_activities) a, (select count(*) from wishes) w, (select max(version) from cases) v, (select count(*) from change_log) l`))

const activity = (over: Record<string, unknown> = {}) => ({ externalId: `A-${Math.random()}`, team: 'red', kind: 'clinic', title: '义诊', communityCode: COMMUNITY, startedAt: '2026-11-24T09:00:00+08:00', endedAt: '2026-11-24T10:00:00+08:00', ...over })
const wish = (over: Record<string, unknown> = {}) => ({ externalId: `W-${Math.random()}`, channel: 'box', communityCode: COMMUNITY, title: '修路灯', collectedAt: '2026-11-24T09:00:00+08:00', ...over })

describe('records reach only who may read them', () => {
  it('1. an idempotent create replaying another town\'s externalId is 403 and tells nothing of the record', async () => {
    const theirs = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, source: 'online', title: '三泉镇的纠纷' }))
    const theirActivity = await api(t.url, 'POST', '/api/v1/volunteer-activities', activity())
    const theirWish = await api(t.url, 'POST', '/api/v1/wishes', wish())
    const before = await footprint()
    const replays = [
      await api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: theirs.body.externalId, source: 'online', regionCode: OTHER_TOWN_COMMUNITY }), undefined, as.longxing),
      await api(t.url, 'POST', '/api/v1/cases:batch', { cases: [newCase({ externalId: theirs.body.externalId, source: 'online', regionCode: OTHER_TOWN_COMMUNITY })] }, undefined, as.longxing).then((r) => ({ status: r.body.results[0].status, body: r.body.results[0] })),
      await api(t.url, 'POST', '/api/v1/volunteer-activities', activity({ externalId: await externalIdOf('volunteer_activities', theirActivity.body.id), communityCode: OTHER_TOWN_COMMUNITY }), undefined, as.longxing),
      await api(t.url, 'POST', '/api/v1/wishes', wish({ externalId: await externalIdOf('wishes', theirWish.body.id), communityCode: OTHER_TOWN_COMMUNITY }), undefined, as.longxing),
    ]
    for (const r of replays) {
      expect(r.status).toBe(403)
      expect(JSON.stringify(r.body)).not.toContain('三泉镇的纠纷')
      expect(JSON.stringify(r.body)).not.toMatch(/"id"|title|"status":"|communityCode/)
    }
    expect(await footprint()).toBe(before)
    // The owner's own replay still answers with the record.
    expect((await api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: theirs.body.externalId, source: 'online', regionCode: COMMUNITY }))).status).toBe(200)
  })

  it('1. activity and wish ids belong to their writer: a system\'s id does not reach the desk\'s record of the same id', async () => {
    const desk = await api(t.url, 'POST', '/api/v1/volunteer-activities', activity({ externalId: 'SHARED-1' }))
    const system = await api(t.url, 'POST', '/api/v1/volunteer-activities', activity({ externalId: 'SHARED-1', title: '宣讲' }), undefined, as.hotline)
    expect([desk.status, system.status]).toEqual([201, 201])
    expect(system.body.id).not.toBe(desk.body.id)
    expect((await api(t.url, 'POST', '/api/v1/wishes', wish({ externalId: 'SHARED-2' }))).status).toBe(201)
    expect((await api(t.url, 'POST', '/api/v1/wishes', wish({ externalId: 'SHARED-2' }), undefined, as.hotline)).status).toBe(201)
  })

  it('6. an ingest key moves only its own source\'s cases, and the ledger names the key, not the body\'s actor', async () => {
    const c = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }), undefined, as.hotline)).body
    const before = await footprint()
    const other = await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'resolve', outcome: 'success', level: 'village', at: '2026-11-24T12:00:00+08:00', actor: '县委书记' }, undefined, as.grid_daily)
    expect(other).toMatchObject({ status: 403, body: { issues: [{ field: 'source' }] } })
    expect(await footprint()).toBe(before)
    const own = await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'start', at: '2026-11-24T12:00:00+08:00', actor: '县委书记' }, undefined, as.hotline)
    expect(own.status).toBe(200)
    const [row] = await queryRows<{ actor: string; actor_key_id: number; actor_user_id: number | null; data: Record<string, unknown> }>(t.app.ctx.db, sql`select actor, actor_key_id, actor_user_id, data from case_events where case_id = ${c.id} and action = 'start'`)
    expect(row).toMatchObject({ actor: 'hotline', actor_key_id: Number(as['hotline:id']!.id), actor_user_id: null, data: { reportedActor: '县委书记' } })
  })

  it('7. a notice is answered, issued and escalated under the caller\'s own name, whatever the body says', async () => {
    const c = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))).body
    await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'dispatch', at: '2026-11-24T10:00:00+08:00', unit: '新绛县城市管理局' })
    const n = (await api(t.url, 'POST', `/api/v1/cases/${c.id}/notices`, { issuedBy: '县长' }, undefined, as['county-duty'])).body
    expect(n.issuedBy).toBe('county-duty值班员')
    const answered = await api(t.url, 'POST', `/api/v1/notices/${n.id}/answer`, { answeredBy: '县长', answer: '已处理' }, undefined, as['county-duty'])
    expect(answered.status).toBe(200)
    expect(answered.body.answeredBy).toBe('county-duty值班员')
    const [ledger] = await queryRows<{ actor: string }>(t.app.ctx.db, sql`select actor from case_events where case_id = ${c.id} and action = 'supervision_answered'`)
    expect(ledger!.actor).toBe('county-duty值班员')
  })
})

describe('times and amounts that cannot be true', () => {
  it('8. a 签收 dated in the future is refused and the red flag stays unacknowledged', async () => {
    const c = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, scale: 'group', peopleInvolved: 12 }))).body
    expect(c.colour).toBe('red')
    const before = await footprint()
    for (const at of ['9999-12-31T00:00:00+08:00', new Date(Date.now() + 3600_000).toISOString()]) {
      const r = await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'ack', at })
      expect(r.status, at).toBe(400)
      expect(r.body.issues[0].field).toBe('at')
    }
    expect(await footprint()).toBe(before)
    expect((await api(t.url, 'GET', `/api/v1/cases/${c.id}`)).body).toMatchObject({ colour: 'red', unacknowledged: true })
  })

  it('transitions are recorded in time order: one dated before the case\'s last change is refused', async () => {
    const c = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))).body
    expect((await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'start', at: '2026-11-25T10:00:00+08:00' })).status).toBe(200)
    const r = await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'resolve', outcome: 'success', level: 'village', at: '2026-11-25T09:00:00+08:00' })
    expect(r).toMatchObject({ status: 409, body: { issues: [{ field: 'at' }] } })
  })

  it('10. years 0000 and 9999 are a 400 naming the field, never a 500', async () => {
    const before = await footprint()
    const cases = [
      newCase({ reportedAt: '0000-01-01T00:00:00+08:00' }),
      newCase({ reportedAt: '9999-01-01T00:00:00+08:00', acceptedAt: '9999-01-01T00:05:00+08:00' }),
      newCase({ deadlineAt: '9999-01-01T00:00:00+08:00' }),
    ]
    for (const body of cases) {
      const r = await api(t.url, 'POST', '/api/v1/cases', body)
      expect(r.status).toBe(400)
      expect(['reportedAt', 'acceptedAt', 'deadlineAt']).toContain(r.body.issues[0].field)
    }
    const c = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, acceptedAt: undefined }))).body
    const before2 = await footprint()
    expect((await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'accept', at: '0000-01-01T00:00:00Z' })).status).toBe(400)
    expect(await footprint()).toBe(before2)
    expect(before).not.toBe(before2)
  })

  it('11. implausible amounts and orders are refused: 10,000 volunteers, a deadline in 2000, a wish fulfilled before it was claimed, a blank title', async () => {
    const before = await footprint()
    expect((await api(t.url, 'POST', '/api/v1/volunteer-activities', activity({ volunteers: 10000, startedAt: '2026-11-24T00:00:00+08:00', endedAt: '2026-11-24T23:59:00+08:00' }))).status).toBe(400)
    expect((await api(t.url, 'POST', '/api/v1/volunteer-activities', activity({ startedAt: '2026-11-26T09:00:00+08:00', endedAt: new Date(Date.now() + 3 * 3600_000).toISOString() }))).body.issues[0].field).toBe('endedAt')
    expect((await api(t.url, 'POST', '/api/v1/cases', newCase({ title: ' \u3000\t ' }))).body.issues[0]).toMatchObject({ field: 'title' })
    expect((await api(t.url, 'POST', '/api/v1/wishes', wish({ title: '   ' }))).status).toBe(400)
    expect(await footprint()).toBe(before)

    const c = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))).body
    const dispatch = await api(t.url, 'POST', `/api/v1/cases/${c.id}/transitions`, { action: 'dispatch', unit: '新绛县城市管理局', at: '2026-11-25T10:00:00+08:00', deadlineAt: '2000-01-01T00:00:00+08:00' })
    expect(dispatch).toMatchObject({ status: 400, body: { issues: [{ field: 'deadlineAt' }] } })

    const w = (await api(t.url, 'POST', '/api/v1/wishes', wish())).body
    expect((await api(t.url, 'POST', `/api/v1/wishes/${w.id}/transitions`, { action: 'claim', at: '2026-11-25T10:00:00+08:00', organisation: '县供电公司' })).status).toBe(200)
    const early = await api(t.url, 'POST', `/api/v1/wishes/${w.id}/transitions`, { action: 'fulfil', at: '2026-11-24T10:00:00+08:00' })
    expect(early).toMatchObject({ status: 400, body: { issues: [{ field: 'at' }] } })
  })

  it('11. look-alike user names are refused: full-width letters, an invisible character, upper case', async () => {
    const { accounts } = t.app.ctx
    for (const username of ['ｄｕｔｙ', 'dut\u200by', 'Duty', 'du ty', 'd']) {
      await expect(accounts.createUser({ username, displayName: '冒名', role: 'duty', regionCode: '140825000000' }), username).rejects.toMatchObject({ status: 400, issues: [{ field: 'username' }] })
    }
    expect((await accounts.listUsers()).map((u) => u.username).filter((u) => u !== 'test-admin' && u !== 'longxing' && u !== 'county-duty')).toEqual([])
  })
})

async function externalIdOf(table: 'volunteer_activities' | 'wishes', id: number): Promise<string> {
  const [r] = await queryRows<{ external_id: string }>(t.app.ctx.db, sql`select external_id from ${sql.identifier(table)} where id = ${id}`)
  return r!.external_id
}
