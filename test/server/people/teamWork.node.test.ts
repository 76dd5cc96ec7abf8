/**
 * What teams do, through the API: 绛县's blue team (“蓝色蒲公英”平安建设) mediated 456 disputes, every
 * one closed, as the seed publishes it, from the county's raw cases; a case resolved by a team
 * counts for it, and only a team of the case's county may be named.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import type { TeamView } from '../../../server/contract'
import { api, newCase, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
const JIANGXIAN = '140826000000'
beforeAll(async () => {
  // The city, with 绛县's history only (the others' cases are not needed here).
  t = await startTestApp({ scope: 'city', history: [JIANGXIAN] })
}, 300_000)
afterAll(async () => {
  await t?.close()
})

const blueTeam = async () => (await api<TeamView[]>(t.url, 'GET', `/api/v1/teams?region=${JIANGXIAN}&colour=blue&q=${encodeURIComponent('绛县“蓝色蒲公英”')}`)).body

describe('七彩蒲公英: what the teams did', () => {
  it('绛县’s blue team: 456 disputes mediated, 100 % closed, from the raw cases; a dispute resolved by it counts', async () => {
    const [blue, ...others] = await blueTeam()
    expect(others).toEqual([])
    expect(blue).toMatchObject({ name: '绛县“蓝色蒲公英”平安建设志愿服务队', colour: 'blue', regionCode: JIANGXIAN, disputes: { handled: 456, closed: 456, rate: 100 } })
    const [counted] = await queryRows<{ handled: number; closed: number; county: number }>(t.app.ctx.db, sql`select count(*)::int handled,
      count(*) filter (where status in ('resolved', 'visited', 'archived'))::int closed, count(*) filter (where community_code like '140826%')::int county
      from cases where team_id = ${blue!.id} and kind = 'dispute'`)
    expect(counted).toEqual({ handled: 456, closed: 456, county: 456 })

    // A new dispute of 绛县, mediated by the team: handled 457, closed when resolved.
    const [place] = await queryRows<{ code: string }>(t.app.ctx.db, sql`select code from regions where level = 'community' and code like '140826%' order by code limit 1`)
    const made = await api<{ id: number }>(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: place!.code }))
    expect(made.status).toBe(201)
    // A team of another county may not be named: a 400 on teamId, and the case stays open.
    const [foreign] = await queryRows<{ id: number }>(t.app.ctx.db, sql`select id from teams where region_code like '140828%' limit 1`)
    const bad = await api<{ issues: { field: string }[] }>(t.url, 'POST', `/api/v1/cases/${made.body.id}/transitions`, { action: 'resolve', outcome: 'success', level: 'village', teamId: foreign!.id })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0]!.field).toBe('teamId')
    expect((await queryRows<{ status: string; team_id: number | null }>(t.app.ctx.db, sql`select status, team_id from cases where id = ${made.body.id}`))[0]).toEqual({ status: 'accepted', team_id: null })
    const ok = await api(t.url, 'POST', `/api/v1/cases/${made.body.id}/transitions`, { action: 'resolve', outcome: 'success', level: 'village', teamId: blue!.id })
    expect(ok.status).toBe(200)
    expect((await blueTeam())[0]!.disputes).toEqual({ handled: 457, closed: 457, rate: 100 })
  })
})
