/**
 * 三张清单 and 双向认领 on a manual clock: a unit claims a community's need, a community claims a
 * unit's resource; each claim opens one project, once (a second claim is refused and changes
 * nothing); a project reported done closes its need; the council's list for the 15th holds what
 * it should, and its CSV keeps citizens' text as text.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import type { CouncilAgenda, ListClaimResult, ListItemView, ListsSummary } from '../../../server/contract'
import { manualClock, type ManualClock } from '../../../server/domain/clock'
import { api, COMMUNITY, loginHeaders, OTHER_TOWN_COMMUNITY, screenToken, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
let clock: ManualClock
let unit: { id: number; name: string }
const COUNTY = '140825000000'
beforeAll(async () => {
  clock = manualClock(new Date('2026-11-24T09:00:00+08:00'))
  t = await startTestApp({ clock })
  ;[unit] = (await queryRows<{ id: number; name: string }>(t.app.ctx.db, sql`select id, name from organisations where region_code = ${COUNTY} and kind = 'paired_unit' order by id limit 1`)) as [typeof unit]
  await t.app.ctx.accounts.createUser({ username: 'lx-lists', displayName: '龙兴值班', role: 'duty', regionCode: '140825100000', password: 'lx-lists-password' })
})
afterAll(async () => {
  await t?.close()
})

const count = async () => (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int n from list_items`))[0]!.n
const summary = async () => (await api<ListsSummary>(t.url, 'GET', `/api/v1/lists/summary?region=${COUNTY}`)).body

describe('三张清单: 双向认领', () => {
  it('a unit claims a need and a community a resource: each opens one project, once; done closes the need', async () => {
    const before = await summary()
    const need = (await api<ListItemView>(t.url, 'POST', '/api/v1/lists', { kind: 'need', communityCode: COMMUNITY, title: '丽华苑小区楼道扶手安装', detail: '<img src=x onerror=alert(1)> 住户反映' })).body
    expect(need).toMatchObject({ kind: 'need', status: 'open', communityCode: COMMUNITY, organisationId: null, createdAt: '2026-11-24T09:00:00+08:00' })
    const resource = (await api<ListItemView>(t.url, 'POST', '/api/v1/lists', { kind: 'resource', organisationId: unit.id, title: '应急救护培训' })).body
    expect(resource).toMatchObject({ kind: 'resource', status: 'open', regionCode: COUNTY, organisationId: unit.id, organisationName: unit.name, communityCode: null })

    // Wrong claimant for each kind, a day ahead of the clock: a 400 naming the field; nothing changes.
    const n = await count()
    for (const [id, body, field] of [
      [need.id, { communityCode: COMMUNITY }, 'organisationId'],
      [resource.id, { organisationId: unit.id }, 'communityCode'],
      [need.id, { organisationId: unit.id, communityCode: COMMUNITY }, 'organisationId'],
      [need.id, { organisationId: 999_999 }, 'organisationId'],
      [need.id, { organisationId: unit.id, at: '2026-11-25T09:00:00+08:00' }, 'at'],
    ] as const) {
      const res = await api<{ issues: { field: string }[] }>(t.url, 'POST', `/api/v1/lists/${id}/claim`, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.issues[0]!.field).toBe(field)
    }
    expect(await count()).toBe(n)

    clock.advance(3_600_000)
    const claimed = (await api<ListClaimResult>(t.url, 'POST', `/api/v1/lists/${need.id}/claim`, { organisationId: unit.id })).body
    expect(claimed.item).toMatchObject({ id: need.id, status: 'claimed', organisationId: unit.id, claimedAt: '2026-11-24T10:00:00+08:00' })
    expect(claimed.project).toMatchObject({ kind: 'project', status: 'open', fromId: need.id, communityCode: COMMUNITY, organisationId: unit.id, title: need.title })
    // Claimed once: a second claim, by anyone, is a conflict and makes no second project.
    const again = await api(t.url, 'POST', `/api/v1/lists/${need.id}/claim`, { organisationId: unit.id })
    expect(again.status).toBe(409)
    expect((await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int n from list_items where from_id = ${need.id}`))[0]!.n).toBe(1)

    const taken = (await api<ListClaimResult>(t.url, 'POST', `/api/v1/lists/${resource.id}/claim`, { communityCode: OTHER_TOWN_COMMUNITY })).body
    expect(taken.item).toMatchObject({ status: 'claimed', communityCode: OTHER_TOWN_COMMUNITY })
    expect(taken.project).toMatchObject({ fromId: resource.id, communityCode: OTHER_TOWN_COMMUNITY, organisationId: unit.id, regionCode: OTHER_TOWN_COMMUNITY })

    // Done, with the residents' verdict; a verdict not in the code table is a 400.
    expect((await api(t.url, 'POST', `/api/v1/lists/${claimed.project.id}/done`, { report: '已安装', satisfaction: 'great' })).status).toBe(400)
    clock.advance(24 * 3_600_000)
    const done = (await api<ListItemView>(t.url, 'POST', `/api/v1/lists/${claimed.project.id}/done`, { report: '扶手已安装 12 处', peopleServed: 36, satisfaction: 'satisfied' })).body
    expect(done).toMatchObject({ status: 'done', doneAt: '2026-11-25T10:00:00+08:00', peopleServed: 36, satisfaction: 'satisfied' })
    const [needNow] = (await api<ListItemView[]>(t.url, 'GET', `/api/v1/lists?region=${COMMUNITY}&kind=need&limit=2000`)).body.filter((i) => i.id === need.id)
    expect(needNow).toMatchObject({ status: 'done', doneAt: '2026-11-25T10:00:00+08:00' })
    expect((await api(t.url, 'POST', `/api/v1/lists/${need.id}/done`, { report: 'x', satisfaction: 'satisfied' })).status).toBe(409)

    // The region's counts moved by exactly these.
    const after = await summary()
    expect(after.needs).toEqual({ total: before.needs.total + 1, open: before.needs.open, claimed: before.needs.claimed + 1 })
    expect(after.resources).toEqual({ total: before.resources.total + 1, open: before.resources.open, claimed: before.resources.claimed + 1 })
    expect(after.projects).toEqual({ total: before.projects.total + 2, open: before.projects.open + 1, done: before.projects.done + 1, peopleServed: before.projects.peopleServed + 36 })
  })

  it('a town reads its needs and the county’s resources, not another town’s needs; a wall reads only the counts', async () => {
    const lx = await loginHeaders(t.url, 'lx-lists', 'lx-lists-password')
    const need = (await api<ListItemView>(t.url, 'POST', '/api/v1/lists', { kind: 'need', communityCode: COMMUNITY, title: '龙湖社区停车位规划' })).body
    expect((await api(t.url, 'POST', `/api/v1/lists/${need.id}/claim`, { organisationId: unit.id }, undefined, lx)).status).toBe(404)
    expect((await api(t.url, 'POST', '/api/v1/lists', { kind: 'need', communityCode: COMMUNITY, title: '越界' }, undefined, lx)).status).toBe(403)
    const seen = (await api<ListItemView[]>(t.url, 'GET', '/api/v1/lists?limit=2000', undefined, undefined, lx)).body
    expect(seen.some((i) => i.id === need.id)).toBe(false)
    expect(seen.some((i) => i.kind === 'resource' && i.regionCode === COUNTY)).toBe(true)
    expect(seen.filter((i) => i.kind !== 'resource').every((i) => i.regionCode.startsWith('140825100'))).toBe(true)
    const resource = seen.find((i) => i.kind === 'resource' && i.status === 'open')!
    const claim = await api<ListClaimResult>(t.url, 'POST', `/api/v1/lists/${resource.id}/claim`, { communityCode: OTHER_TOWN_COMMUNITY }, undefined, lx)
    expect(claim.status).toBe(200)
    expect(claim.body.project.communityCode).toBe(OTHER_TOWN_COMMUNITY)
    const wall = { authorization: `Bearer ${screenToken(t.url)}` }
    expect((await api(t.url, 'GET', `/api/v1/lists?region=${COUNTY}`, undefined, undefined, wall)).status).toBe(403)
    expect((await api(t.url, 'GET', `/api/v1/lists/council?community=${COMMUNITY}`, undefined, undefined, wall)).status).toBe(403)
    expect((await api<ListsSummary>(t.url, 'GET', `/api/v1/lists/summary?region=${COUNTY}`, undefined, undefined, wall)).body.needs.total).toBeGreaterThan(0)
  })

  it('the council’s list for the 15th: open needs, resources to claim, projects under way, claimed and done since; the CSV keeps text as text', async () => {
    const formula = (await api<ListItemView>(t.url, 'POST', '/api/v1/lists', { kind: 'need', communityCode: COMMUNITY, title: '=HYPERLINK("http://x","点我")' })).body
    const agenda = (await api<CouncilAgenda>(t.url, 'GET', `/api/v1/lists/council?community=${COMMUNITY}`)).body
    expect(agenda).toMatchObject({ community: { code: COMMUNITY, name: '龙湖社区' }, date: '2026-12-15', since: '2026-11-15' })
    const ids = (l: ListItemView[]) => l.map((i) => i.id)
    expect(ids(agenda.openNeeds)).toContain(formula.id)
    expect(agenda.openNeeds.every((i) => i.kind === 'need' && i.communityCode === COMMUNITY)).toBe(true)
    expect(agenda.openResources.every((i) => i.kind === 'resource' && [COUNTY, '140825400000'].includes(i.regionCode))).toBe(true)
    expect(agenda.claimedSince.some((i) => i.title === '丽华苑小区楼道扶手安装')).toBe(true)
    expect(agenda.doneSince.map((i) => i.peopleServed)).toContain(36)
    // The same list as the council met a month before: nothing made after that day is on it.
    const earlier = (await api<CouncilAgenda>(t.url, 'GET', `/api/v1/lists/council?community=${COMMUNITY}&date=2026-11-15`)).body
    expect([...earlier.openNeeds, ...earlier.claimedSince, ...earlier.doneSince].some((i) => i.createdAt >= '2026-11-16')).toBe(false)
    expect((await api(t.url, 'GET', `/api/v1/lists/council?community=${COMMUNITY}&date=2026-02-30`)).status).toBe(400)

    const res = await fetch(`${t.url}/api/v1/lists/council?community=${COMMUNITY}&format=csv`, { headers: await loginHeaders(t.url, 'test-admin', 'test-admin-password') })
    expect(res.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    // A BOM first, so that Excel reads it as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const csv = new TextDecoder().decode(bytes)
    expect(csv.split('\r\n')[0]).toBe('"龙湖社区 萤火议事会议题清单（2026-12-15，自 2026-11-15 起）"')
    expect(csv).toContain(`"待认领需求","需求","${formula.id}","'=HYPERLINK(""http://x"",""点我"")"`)
    expect(csv).toContain('"上次议事以来完成","项目"')
    expect(csv).toContain('"满意"')
  })
})
