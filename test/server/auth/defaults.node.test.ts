/**
 * 3. Safe defaults: the demo (public accounts, a public wall token, `/` opening the wall) exists
 * only when asked for, listens on this machine only, and never shares a database with real data.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { freshDb } from '../../helpers/db'
import { freePort, spawnTs, startServerProcess, type ServerProcess } from '../../helpers/processes'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

async function server(args: string[], db: Awaited<ReturnType<typeof freshDb>>): Promise<ServerProcess> {
  const s = await startServerProcess({ databaseUrl: db.url, port: await freePort(), args, env: { HOST: '', SIM_RATE: '0' } })
  cleanups.push(() => s.kill('SIGTERM'))
  return s
}
const loginAs = (url: string, username: string, password: string) =>
  fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }).then((r) => r.status)

async function exitOf(args: string[], databaseUrl: string): Promise<{ code: number | null; out: string }> {
  const child = spawnTs('server/index.ts', args, { DATABASE_URL: databaseUrl, PORT: String(await freePort()), HOST: '', SIM_RATE: '0' })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const code = await new Promise<number | null>((r) => child.on('exit', r))
  return { code, out }
}

describe('demo only when asked', () => {
  it('without --demo: no demo accounts, no demo wall token, / opens no wall; it listens on every address', { timeout: 120_000 }, async () => {
    const db = await freshDb()
    cleanups.push(() => db.close())
    const s = await server([], db)
    expect(await loginAs(s.url, 'duty', 'duty-demo-2026')).toBe(401)
    expect((await fetch(`${s.url}/api/v1/snapshot?region=140825000000`, { headers: { authorization: 'Bearer gss_demo-wall-xinjiang-2026' } })).status).toBe(401)
    const home = await fetch(`${s.url}/`, { redirect: 'manual' })
    expect(home.headers.get('location') ?? '').not.toContain('token')
    expect(s.output()).toMatch(/listening on http:\/\/localhost:\d+/)
    expect(s.output()).toMatch(/one-time password/)
    await s.kill('SIGTERM')
    // The demo now refuses this database: it holds a centre's own data.
    const demo = await exitOf(['--demo'], db.url)
    expect(demo.code).not.toBe(0)
    expect(demo.out).toMatch(/refusing to start the demo/)
  })

  it('with --demo: the demo accounts and wall, on 127.0.0.1 only; run for real on it, it refuses', { timeout: 180_000 }, async () => {
    const db = await freshDb()
    cleanups.push(() => db.close())
    const s = await server(['--demo'], db)
    expect(s.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(this machine only/)
    expect(await loginAs(s.url, 'duty', 'duty-demo-2026')).toBe(201)
    const home = await fetch(`${s.url}/`, { redirect: 'manual' })
    if (home.status === 302) expect(home.headers.get('location')).toContain('/screen?token=gss_demo')
    await s.kill('SIGTERM')
    const real = await exitOf([], db.url)
    expect(real.code).not.toBe(0)
    expect(real.out).toMatch(/refusing to run for real on the demo database/)
  })
})
