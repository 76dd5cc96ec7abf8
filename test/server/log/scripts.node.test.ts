import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { followRegion, type FollowerState, type StreamSocket } from '../../../client/lib/follower'
import { api, COMMUNITY, loginHeaders, newCase, startTestApp, type TestApp } from '../../helpers/app'
import { until } from '../../helpers/events'
import { runScript } from '../../helpers/processes'

let t: TestApp
const sockets: Socket[] = []
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await t.close()
})

const script = (file: string, ...args: string[]) => runScript(file, args, { DATABASE_URL: t.dbUrl })

describe('account scripts beside a running server', () => {
  it('a screen token made by the script works at once; revoked by the script, its REST calls get 401 and its open socket stops', async () => {
    const made = await script('server/cli/keys.ts', 'create', '--screen', '脚本大屏', '--region', t.app.ctx.rootCode)
    const [, id, token] = /key (\d+) [\s\S]*?\n(gss_[A-Za-z0-9_-]+)/.exec(made)!
    const bearer = { authorization: `Bearer ${token}` }
    expect((await api(t.url, 'GET', `/api/v1/snapshot?region=${COMMUNITY}`, undefined, undefined, bearer)).status).toBe(200)

    const socket = io(t.url, { transports: ['websocket'], auth: { token }, reconnectionDelay: 50, reconnectionDelayMax: 200 }) as StreamSocket
    sockets.push(socket)
    let state: FollowerState | null = null
    followRegion(socket, (s) => (state = s), { retryMs: 100 }).start(COMMUNITY)
    await until(() => !!state?.aggregates && !state.syncing)
    const seen = await api(t.url, 'POST', '/api/v1/cases', newCase({ title: '吊销前' }))
    await until(() => state!.feed.some((c) => c.id === seen.body.id))

    const closed = new Promise((r) => socket.once('disconnect', r))
    expect(await script('server/cli/keys.ts', 'revoke', '--id', id!)).toContain('revoked')
    expect((await api(t.url, 'GET', `/api/v1/snapshot?region=${COMMUNITY}`, undefined, undefined, bearer)).status).toBe(401)
    // The running server learnt it from the change log: the socket is closed, and refused when it tries again.
    expect(await closed).toBe('io server disconnect')
    let refused = ''
    socket.once('connect_error', (e) => (refused = e.message))
    socket.connect()
    await until(() => refused === 'unknown or revoked key')
    const after = await api(t.url, 'POST', '/api/v1/cases', newCase({ title: '吊销后' }))
    await new Promise((r) => setTimeout(r, 300))
    expect(socket.connected).toBe(false)
    expect(state!.feed.some((c) => c.id === after.body.id)).toBe(false)
  })

  it('a user disabled by the script is logged out everywhere at once', async () => {
    const made = await script('server/cli/users.ts', 'create', '--username', 'zhang', '--name', '张值班', '--role', 'duty', '--region', t.app.ctx.rootCode)
    const password = made.trim().split('\n').pop()!
    const first = await loginHeaders(t.url, 'zhang', password)
    // The one-time password is changed first (until then the socket is refused).
    const changed = await fetch(`${t.url}/api/v1/session/password`, { method: 'POST', headers: { ...first, 'content-type': 'application/json' }, body: JSON.stringify({ current: password, next: 'zhang-own-password' }) })
    expect(changed.status).toBe(200)
    const headers = { cookie: changed.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await changed.json()) as { csrfToken: string }).csrfToken }
    expect((await api(t.url, 'GET', '/api/v1/session', undefined, undefined, headers)).status).toBe(200)
    const socket = io(t.url, { transports: ['websocket'], extraHeaders: { cookie: headers.cookie! }, reconnection: false }) as StreamSocket
    sockets.push(socket)
    await until(() => socket.connected)
    const closed = new Promise((r) => socket.once('disconnect', r))

    expect(await script('server/cli/users.ts', 'disable', '--username', 'zhang')).toContain('disabled')
    await closed
    expect((await api(t.url, 'GET', '/api/v1/session', undefined, undefined, headers)).status).toBe(401)
    expect((await api(t.url, 'POST', '/api/v1/session', { username: 'zhang', password: 'zhang-own-password' })).status).toBe(401)
    // The scripts write the audit log as /admin does, naming themselves.
    const entries = (await api(t.url, 'GET', '/api/v1/admin/audit?limit=50')).body as { actor: string; action: string; target: string }[]
    const mine = entries.filter((e) => e.actor.startsWith('npm run ')).map((e) => `${e.actor.split(' (')[0]} ${e.action}`)
    expect(mine).toEqual(expect.arrayContaining(['npm run users user.create', 'npm run users user.disable', 'npm run keys key.create', 'npm run keys key.revoke']))
  })
})
