import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock } from '../../../server/domain/clock'
import { startTestApp, type TestApp } from '../../helpers/app'

const clock = manualClock('2026-11-24T09:00:00+08:00')
let t: TestApp
let password: string
beforeAll(async () => {
  t = await startTestApp({ clock })
  ;({ password } = await t.app.ctx.accounts.createUser({ username: 'wang', displayName: '王值班', role: 'duty', regionCode: '140825400000' }))
})
afterAll(async () => {
  await t.close()
})

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(t.url + path, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null }
}
const login = (pw: string, username = 'wang') => call('POST', '/api/v1/session', { username, password: pw })
const cookieOf = (r: { headers: Headers }) => r.headers.get('set-cookie')!.split(';')[0]!

describe('logging in', () => {
  it('sets an httpOnly, SameSite session cookie and asks for the one-time password to be changed', async () => {
    expect(await login('wrong-password')).toMatchObject({ status: 401, body: { issues: [{ field: 'password', reason: 'wrong username or password' }] } })
    const ok = await login(password)
    expect(ok.status).toBe(201)
    const setCookie = ok.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^gs_session=gsu_/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    expect(ok.body.user).toEqual({ username: 'wang', displayName: '王值班', role: 'duty', regionCode: '140825400000', mustChangePassword: true })
    let cookie = cookieOf(ok)
    let csrf = ok.body.csrfToken as string

    // A write with the cookie alone (what another site could make the browser send) is refused.
    expect((await call('POST', '/api/v1/session/password', { current: password, next: 'a-new-long-password' }, { cookie })).status).toBe(403)
    expect((await call('POST', '/api/v1/session/password', { current: 'nope', next: 'a-new-long-password' }, { cookie, 'x-csrf-token': csrf })).body.issues).toEqual([{ field: 'current', reason: 'wrong password' }])
    expect((await call('POST', '/api/v1/session/password', { current: password, next: 'short' }, { cookie, 'x-csrf-token': csrf })).status).toBe(400)
    const changed = await call('POST', '/api/v1/session/password', { current: password, next: 'a-new-long-password' }, { cookie, 'x-csrf-token': csrf })
    expect(changed.status).toBe(200)
    // The old session ended with the old password; this browser holds a new one.
    expect((await call('GET', '/api/v1/session', undefined, { cookie })).status).toBe(401)
    const renewed = changed.headers.get('set-cookie')!.split(';')[0]!
    csrf = changed.body.csrfToken
    cookie = renewed
    expect((await call('GET', '/api/v1/session', undefined, { cookie })).body.user.mustChangePassword).toBe(false)
    expect((await login(password)).status).toBe(401)

    expect((await call('DELETE', '/api/v1/session', undefined, { cookie, 'x-csrf-token': csrf })).status).toBe(204)
    expect((await call('GET', '/api/v1/session', undefined, { cookie })).status).toBe(401)
  })

  it('stops guessing: after five wrong passwords even the right one waits, then works again', async () => {
    const { password: pw } = await t.app.ctx.accounts.createUser({ username: 'zhao', displayName: '赵', role: 'duty', regionCode: '140825000000' })
    for (let i = 0; i < 5; i++) expect((await login(`guess-${i}`, 'zhao')).status).toBe(401)
    const blocked = await login(pw, 'zhao')
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    clock.advance(15 * 60_000 + 1000)
    expect((await login(pw, 'zhao')).status).toBe(201)
  })

  it('ends a session after 4 idle hours, and any session 12 hours after login however busy', async () => {
    const { password: pw } = await t.app.ctx.accounts.createUser({ username: 'idle-one', displayName: '闲', role: 'leader', regionCode: '140825000000', password: 'idle-one-password' })
    expect(pw).toBe('idle-one-password')
    const idle = cookieOf(await login(pw, 'idle-one'))
    const busy = cookieOf(await login(pw, 'idle-one'))
    // The busy one is used every 3 hours; the idle one not at all.
    for (let h = 0; h < 3; h++) {
      clock.advance(3 * 3600_000)
      expect((await call('GET', '/api/v1/session', undefined, { cookie: busy })).status, `after ${(h + 1) * 3} h`).toBe(h < 3 ? 200 : 401)
      if (h === 1) expect((await call('GET', '/api/v1/session', undefined, { cookie: idle })).status).toBe(401)
    }
    clock.advance(3 * 3600_000 + 1000) // 12 h after login
    expect((await call('GET', '/api/v1/session', undefined, { cookie: busy })).status).toBe(401)
  })

  it('refuses an unknown or revoked key on any request', async () => {
    const { key, secret } = await t.app.ctx.accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: '140825000000' })
    expect((await call('GET', '/api/v1/regions?level=town', undefined, { authorization: `Bearer ${secret}` })).status).toBe(200)
    await t.app.ctx.accounts.revokeKey(key.id, new Date())
    expect((await call('GET', '/api/v1/regions?level=town', undefined, { authorization: `Bearer ${secret}` })).status).toBe(401)
    expect((await call('GET', '/api/v1/regions?level=town', undefined, { authorization: 'Bearer gsk_made-up' })).status).toBe(401)
  })
})
