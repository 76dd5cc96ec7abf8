/**
 * The login, session and socket holes a hostile caller found (one `it` per reproduction), each
 * failing on the code before the fix.
 */
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SubscribeAck } from '../../../server/contract'
import { loginHeaders, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
const sockets: Socket[] = []
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await t.close()
})

function connect(opts: Parameters<typeof io>[1]): Promise<Socket> {
  const s = io(t.url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts })
  sockets.push(s)
  return new Promise((resolve, reject) => {
    s.on('connect', () => resolve(s))
    s.on('connect_error', reject)
  })
}
const subscribe = (s: Socket, region: string) => new Promise<SubscribeAck>((resolve) => s.emit('screen:subscribe', { region }, resolve))
const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) })
const closed = (s: Socket) => new Promise<string>((resolve) => (s.disconnected ? resolve('closed') : s.on('disconnect', resolve)))

async function person(username: string, region = '140825000000') {
  const password = `${username}-password-1`
  const { user } = await t.app.ctx.accounts.createUser({ username, displayName: username, role: 'duty', regionCode: region, password })
  return { user, password }
}

describe('logins', () => {
  it('2. 199 wrong passwords and the right one sent at once: the limit holds, most are refused before any hashing', async () => {
    const { password } = await person('parallel')
    const t0 = process.cpuUsage()
    const answers = await Promise.all([...Array.from({ length: 199 }, (_, i) => login('parallel', `guess-${i}`)), login('parallel', password)])
    const statuses = answers.map((r) => r.status)
    const count = (s: number) => statuses.filter((x) => x === s).length
    // At most five guesses were checked from this address; everything else was refused at once.
    expect(count(401)).toBeLessThanOrEqual(5)
    expect(count(429)).toBeGreaterThanOrEqual(194)
    const cpuMs = (process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1000
    // 200 scrypt hashes take seconds of CPU; a handful take a fraction of that.
    expect(cpuMs).toBeLessThan(5_000)
    expect(answers.find((r) => r.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('2. failed guesses from one address do not lock the user out from another', async () => {
    const { password } = await person('victim')
    // Locked from this address (every test request comes from 127.0.0.1) ...
    for (let i = 0; i < 6; i++) await login('victim', `guess-${i}`)
    // ... but not from another: the limiter is asked as a request from elsewhere would ask it.
    const limiter = t.app.ctx.limiter
    const other = limiter.attempt('victim', '198.51.100.7')
    expect(other.ok).toBe(true)
    if (other.ok) other.done(true)
    expect((await login('victim', password)).status).toBe(429)
  })
})

describe('sessions end with their credentials', () => {
  it('4. a password change ends every other session of the person, and their sockets', async () => {
    const { password } = await person('changer')
    const first = await loginHeaders(t.url, 'changer', password)
    const second = await loginHeaders(t.url, 'changer', password)
    const s = await connect({ extraHeaders: { cookie: second.cookie! } })
    expect((await subscribe(s, '140825000000')).ok).toBe(true)
    const gone = closed(s)
    const r = await fetch(`${t.url}/api/v1/session/password`, { method: 'POST', headers: { ...first, 'content-type': 'application/json' }, body: JSON.stringify({ current: password, next: 'another-long-password' }) })
    expect(r.status).toBe(200)
    expect(await gone).toBe('io server disconnect')
    expect((await fetch(`${t.url}/api/v1/session`, { headers: second })).status).toBe(401)
    expect((await fetch(`${t.url}/api/v1/session`, { headers: first })).status).toBe(401)
    expect((await fetch(`${t.url}/api/v1/session`, { headers: { cookie: r.headers.get('set-cookie')!.split(';')[0]! } })).status).toBe(200)
  })

  it('4. a disabled user\'s sessions and sockets end at once', async () => {
    const { user, password } = await person('leaver')
    const h = await loginHeaders(t.url, 'leaver', password)
    const s = await connect({ extraHeaders: { cookie: h.cookie! } })
    expect((await subscribe(s, '140825000000')).ok).toBe(true)
    const gone = closed(s)
    await t.app.ctx.accounts.disableUser(user.id, new Date())
    expect(await gone).toBe('io server disconnect')
    expect((await fetch(`${t.url}/api/v1/session`, { headers: h })).status).toBe(401)
    expect((await login('leaver', password)).status).toBe(401)
  })

  it('sessions per person are capped: a sixth login ends the oldest', async () => {
    const { password } = await person('many')
    const logins = []
    for (let i = 0; i < 6; i++) logins.push(await loginHeaders(t.url, 'many', password))
    await t.app.settle()
    const alive = await Promise.all(logins.map(async (h) => (await fetch(`${t.url}/api/v1/session`, { headers: h })).status))
    expect(alive).toEqual([401, 200, 200, 200, 200, 200])
  })
})

describe('sockets', () => {
  it('5. a socket without credentials is refused at the handshake', async () => {
    await expect(connect({})).rejects.toThrow(/unauthenticated/)
  })

  it('5. a must-change-password session gets no stream over the socket either', async () => {
    const { password } = await t.app.ctx.accounts.createUser({ username: 'fresh', displayName: '新人', role: 'duty', regionCode: '140825000000' })
    const res = await login('fresh', password)
    expect(res.status).toBe(201)
    await expect(connect({ extraHeaders: { cookie: res.headers.get('set-cookie')!.split(';')[0]! } })).rejects.toThrow(/password/)
  })

  it('5. a revoked key\'s open socket stops and cannot subscribe again', async () => {
    const { key, secret } = await t.app.ctx.accounts.createKey({ kind: 'screen', name: '将撤销', regionCode: '140825000000' })
    const s = await connect({ auth: { token: secret } })
    expect((await subscribe(s, '140825000000')).ok).toBe(true)
    const gone = closed(s)
    await t.app.ctx.accounts.revokeKey(key.id, new Date())
    expect(await gone).toBe('io server disconnect')
  })

  it('a cookie socket from another site\'s page is refused (Origin checked)', async () => {
    const { password } = await person('origin')
    const h = await loginHeaders(t.url, 'origin', password)
    await expect(connect({ extraHeaders: { cookie: h.cookie!, origin: 'https://evil.example' } })).rejects.toThrow(/origin/)
    const ok = await connect({ extraHeaders: { cookie: h.cookie!, origin: t.url } })
    expect(ok.connected).toBe(true)
  })

  it('9. a subscribe flood is refused cheaply: 1,000 subscribes make a handful of snapshots', async () => {
    const { secret } = await t.app.ctx.accounts.createKey({ kind: 'screen', name: '洪水', regionCode: '140825000000' })
    const s = await connect({ auth: { token: secret } })
    let bytes = 0
    s.io.engine.on('data', (d: string | ArrayBuffer) => (bytes += typeof d === 'string' ? d.length : d.byteLength))
    const acks = await Promise.all(Array.from({ length: 1000 }, () => subscribe(s, '140825000000')))
    const ok = acks.filter((a) => a.ok).length
    expect(ok).toBeGreaterThanOrEqual(1)
    expect(ok).toBeLessThanOrEqual(10)
    expect(acks.find((a) => !a.ok)).toMatchObject({ ok: false, error: expect.stringMatching(/too many/) })
    // A snapshot of the county is tens of kB: ten of them and 990 short refusals stay under 1 MB.
    expect(bytes).toBeLessThan(1_000_000)
    const health = Date.now()
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200)
    expect(Date.now() - health).toBeLessThan(1_000)
  })

  it('caps the sockets one address may hold', async () => {
    const { secret } = await t.app.ctx.accounts.createKey({ kind: 'screen', name: '多连', regionCode: '140825000000' })
    const cap = t.app.ctx.limits.socketsPerAddress
    const held = sockets.filter((s) => s.connected).length
    const opened: Socket[] = []
    for (let i = held; i < cap; i++) opened.push(await connect({ auth: { token: secret } }))
    await expect(connect({ auth: { token: secret } })).rejects.toThrow(/too many connections/)
    for (const s of opened) s.disconnect()
  })
})
