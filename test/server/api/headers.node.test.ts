/**
 * 12. What a browser and a proxy are told: hardening headers on every answer, no-store on the
 * API, a liveness check that says nothing, Secure cookies and real addresses behind a trusted
 * proxy, and no connection held open by a client that never finishes its request.
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../../server/app'
import { freshDb } from '../../helpers/db'
import { startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('headers and limits', () => {
  it('sends CSP, nosniff, no framing and no referrer on every answer, and no-store on the API', async () => {
    for (const path of ['/healthz', '/api/v1/codes', '/screen']) {
      const r = await fetch(t.url + path)
      const csp = r.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("default-src 'self'")
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(csp, path).not.toMatch(/unsafe-eval|https?:/)
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('referrer-policy')).toBe('no-referrer')
    }
    expect((await fetch(`${t.url}/api/v1/codes`)).headers.get('cache-control')).toBe('no-store')
  })

  it('/healthz says only that the process lives: no counts, no positions', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ ok: true })
  })

  it('closes a connection whose request never finishes (no connection held for minutes)', { timeout: 60_000 }, async () => {
    const port = Number(new URL(t.url).port)
    const socket = connect(port, '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    const t0 = Date.now()
    let answer = ''
    socket.on('data', (d) => (answer += d))
    // Headers begun, never ended.
    socket.write('POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n')
    await new Promise((r) => socket.once('close', r))
    const held = Date.now() - t0
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
    expect(held).toBeLessThan(40_000)
  })
})

describe('behind a trusted proxy (TRUST_PROXY)', () => {
  let app: App
  let url: string
  const cleanup: (() => Promise<void>)[] = []
  beforeAll(async () => {
    // The same database as the test app (its county and accounts), a second app trusting one proxy hop.
    const db = await freshDb()
    cleanup.push(() => db.close())
    const { seedDemo } = await import('../../../db/seed')
    await seedDemo(db.db, new Date(), 825, { history: false })
    app = await createApp({ db, trustProxy: 1, rulesPollMs: 0 })
    cleanup.push(() => app.close())
    url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`
    await app.ctx.accounts.createUser({ username: 'proxied', displayName: '代理后', role: 'duty', regionCode: app.ctx.rootCode, password: 'proxied-password' })
  })
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c()
  })
  const login = (password: string, from: string) =>
    fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from, 'x-forwarded-proto': 'https' }, body: JSON.stringify({ username: 'proxied', password }) })

  it('gives a Secure cookie when the proxy says https, and limits logins per real caller, not per proxy', async () => {
    const ok = await login('proxied-password', '198.51.100.1')
    expect(ok.status).toBe(201)
    expect(ok.headers.get('set-cookie')).toMatch(/; Secure/)
    expect(ok.headers.get('strict-transport-security')).toMatch(/max-age/)
    // Six wrong guesses from one caller lock that caller out of this name ...
    for (let i = 0; i < 6; i++) await login(`guess-${i}`, '203.0.113.7')
    expect((await login('proxied-password', '203.0.113.7')).status).toBe(429)
    // ... not every caller behind the same proxy.
    expect((await login('proxied-password', '198.51.100.2')).status).toBe(201)
  })
})
