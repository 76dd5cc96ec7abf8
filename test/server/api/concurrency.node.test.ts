import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, loginHeaders, newCase, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('two staff acting on the same case at once', () => {
  it('lets exactly one win; the other is told, and the timeline holds one action', async () => {
    const { accounts } = t.app.ctx
    for (const name of ['duty-jia', 'duty-yi']) await accounts.createUser({ username: name, displayName: `值班员${name}`, role: 'duty', regionCode: '140825000000', password: `${name}-password-1` })
    const a = await loginHeaders(t.url, 'duty-jia', 'duty-jia-password-1')
    const b = await loginHeaders(t.url, 'duty-yi', 'duty-yi-password-1')
    const created = (await api(t.url, 'POST', '/api/v1/cases', newCase())).body
    const at = '2026-11-24T10:00:00+08:00'
    const [ra, rb] = await Promise.all([
      api(t.url, 'POST', `/api/v1/cases/${created.id}/transitions`, { action: 'dispatch', at, unit: '新绛县城市管理局', expectedVersion: created.version }, undefined, a),
      api(t.url, 'POST', `/api/v1/cases/${created.id}/transitions`, { action: 'resolve', at, outcome: 'success', level: 'village', expectedVersion: created.version }, undefined, b),
    ])
    expect([ra.status, rb.status].sort()).toEqual([200, 409])
    const loser = ra.status === 409 ? ra : rb
    expect(loser.body.issues[0]).toMatchObject({ field: 'expectedVersion' })
    const d = (await api(t.url, 'GET', `/api/v1/cases/${created.id}`)).body
    const actions = d.timeline.map((e: { action: string }) => e.action).filter((x: string) => x !== 'warning')
    expect(actions).toHaveLength(2) // create, and the winner's action
    expect(d.version).toBe(created.version + 1)
    expect(d.status).toBe(ra.status === 200 ? 'dispatched' : 'resolved')
  })
})
