/**
 * 七彩蒲公英 through the API: 夏县's 95 professional teams and 2,580 volunteers, as the seed
 * publishes them, written as raw records and counted per colour; teams listed by colour; a
 * caller sees only their region.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import type { RosterView, TeamView } from '../../../server/contract'
import { api, loginHeaders, screenToken, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
let xiaLeader: Record<string, string>
const XIAXIAN = '140828000000'
beforeAll(async () => {
  t = await startTestApp({ scope: 'city' })
  await t.app.ctx.accounts.createUser({ username: 'xia-leader', displayName: '夏县领导', role: 'leader', regionCode: XIAXIAN, password: 'xia-leader-password' })
  xiaLeader = await loginHeaders(t.url, 'xia-leader', 'xia-leader-password')
}, 120_000)
afterAll(async () => {
  await t?.close()
})

describe('七彩蒲公英: the volunteer roster', () => {
  it('夏县 has the 95 professional teams and 2,580 volunteers the seed publishes, from raw records, by colour', async () => {
    const v = (await api<RosterView>(t.url, 'GET', `/api/v1/people/roster?region=${XIAXIAN}`, undefined, undefined, xiaLeader)).body
    expect(v.teams).toEqual({ total: 95, professional: 95, social: 0 })
    expect(v.volunteers).toBe(2580)
    const [counted] = await queryRows<{ teams: number; volunteers: number }>(t.app.ctx.db, sql`select (select count(*)::int from teams where region_code like '140828%') teams,
      (select count(*)::int from volunteers v join teams t on t.id = v.team_id where t.region_code like '140828%') volunteers`)
    expect(counted).toEqual({ teams: 95, volunteers: 2580 })
    // All seven colours, in the code table's order, adding up.
    expect(v.byColour.map((c) => c.colour)).toEqual(['red', 'orange', 'yellow', 'green', 'cyan', 'blue', 'purple'])
    expect(v.byColour.reduce((s, c) => s + c.teams, 0)).toBe(95)
    expect(v.byColour.reduce((s, c) => s + c.volunteers, 0)).toBe(2580)
    // The blue teams (平安建设), listed, each with its members.
    const blue = (await api<TeamView[]>(t.url, 'GET', `/api/v1/teams?region=${XIAXIAN}&colour=blue`, undefined, undefined, xiaLeader)).body
    expect(blue).toHaveLength(v.byColour.find((c) => c.colour === 'blue')!.teams)
    expect(blue.every((b) => b.colour === 'blue' && b.name.includes('“蓝色蒲公英”平安建设志愿服务') && b.regionCode.startsWith('140828'))).toBe(true)
    expect(blue.reduce((s, b) => s + b.volunteers, 0)).toBe(v.byColour.find((c) => c.colour === 'blue')!.volunteers)
  })

  it('a county’s leader reads only their county; a wall its counts; a wall not the team list', async () => {
    expect((await api(t.url, 'GET', '/api/v1/people/roster?region=140825000000', undefined, undefined, xiaLeader)).status).toBe(403)
    expect((await api(t.url, 'GET', '/api/v1/teams?region=140825000000', undefined, undefined, xiaLeader)).status).toBe(403)
    const wall = { authorization: `Bearer ${screenToken(t.url)}` }
    expect((await api(t.url, 'GET', `/api/v1/people/roster?region=${XIAXIAN}`, undefined, undefined, wall)).status).toBe(200)
    expect((await api(t.url, 'GET', `/api/v1/teams?region=${XIAXIAN}`, undefined, undefined, wall)).status).toBe(403)
    // Bad input: a field and a reason.
    const bad = await api<{ issues: { field: string }[] }>(t.url, 'GET', `/api/v1/teams?region=${XIAXIAN}&colour=<b>`, undefined, undefined, xiaLeader)
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0]!.field).toBe('colour')
  })
})
