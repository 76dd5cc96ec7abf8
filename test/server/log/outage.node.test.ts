import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inArray } from 'drizzle-orm'
import { io } from 'socket.io-client'
import { afterAll, describe, expect, it } from 'vitest'
import { followRegion, type FollowerState, type StreamSocket } from '../../../client/lib/follower'
import { openDb } from '../../../db/client'
import { startEmbedded } from '../../../db/embedded'
import { cases } from '../../../db/schema'
import type { Snapshot } from '../../../server/contract'
import { COMMUNITY, newCase } from '../../helpers/app'
import { COUNTY, sharedDb } from '../../helpers/cluster'
import { until } from '../../helpers/events'
import { THROWAWAY } from '../../helpers/pgCluster'
import { freePort, runScript, startServerProcess } from '../../helpers/processes'

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

const TITLE = '停电期间群众反映的纠纷'

describe('the database going away under load', () => {
  it('PostgreSQL stopped for 20 s: the server stays up, writes get 503 with Retry-After, walls stay and reconnect, and it recovers by itself with nothing acknowledged lost', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'govscreen-outage-'))
    chmodSync(dir, 0o711)
    let pg = await startEmbedded({ dataDir: dir, settings: THROWAWAY })
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    cleanups.push(() => pg.stop(true))
    const shared = await sharedDb({ admin: pg.url })
    const node = await startServerProcess({ databaseUrl: shared.db.url, port: await freePort() })
    cleanups.push(() => node.kill())
    // The test's own pool must not wait on the dead server either.
    await shared.db.pool.end()

    const walls = Array.from({ length: 5 }, () => {
      const socket = io(node.url, { transports: ['websocket'], auth: { token: shared.screen }, reconnectionDelay: 100, reconnectionDelayMax: 1000 }) as StreamSocket
      cleanups.push(() => socket.disconnect())
      const w = { socket, state: null as FollowerState | null }
      followRegion(socket, (s) => (w.state = s), { retryMs: 200 }).start(COUNTY)
      return w
    })
    await until(() => walls.every((w) => !!w.state?.aggregates && !w.state.syncing), 20_000)
    const status: string[] = []
    walls[1]!.socket.on('server:status', (e) => status.push(e.database))

    const acknowledged: number[] = []
    const statuses = new Map<number, number>()
    const refused: { retryAfter: string | null; error: string; field: string }[] = []
    let stop = false
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const res = await fetch(`${node.url}/api/v1/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${shared.ingest}`, 'content-type': 'application/json' },
          body: JSON.stringify(newCase({ externalId: `O${w}-${i}`, regionCode: COMMUNITY, title: TITLE })),
        })
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        const body = (await res.json()) as { id: number; error: string; issues: { field: string }[] }
        if (res.status === 201) acknowledged.push(body.id)
        else if (res.status === 503) refused.push({ retryAfter: res.headers.get('retry-after'), error: body.error, field: body.issues[0]!.field })
        if (res.status !== 201) await new Promise((r) => setTimeout(r, 100))
      }
    }
    const load = Promise.all([0, 1].map(writer))
    await until(() => acknowledged.length >= 20, 20_000)

    await pg.pgCtl(['stop', '-m', 'fast', '-w'])
    const down = Date.now()
    // Walls are told the data has stopped, so none shows it as current.
    await until(() => status.includes('down'), 5_000)
    await until(() => refused.length >= 5, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}; the server ${node.child.exitCode === null ? 'is up' : 'exited'}:\n${node.output().slice(-3000)}`)
    })
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200)
    const ready = await fetch(`${node.url}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ ok: false, database: 'down' })
    // Walls stay connected; one that reconnects now is answered from memory.
    expect(walls.every((w) => w.socket.connected)).toBe(true)
    const again = walls[0]!
    again.socket.disconnect()
    again.socket.connect()
    await until(() => again.socket.connected && !again.state!.syncing && !!again.state!.aggregates, 10_000)
    const snapshotDuringOutage = await fetch(`${node.url}/api/v1/snapshot?region=${COUNTY}`, { headers: { authorization: `Bearer ${shared.screen}` } })
    expect(snapshotDuringOutage.status).toBe(200)
    await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - down))))
    expect(node.child.exitCode).toBe(null)

    // Back on the same port: the server reconnects by itself.
    pg = await startEmbedded({ dataDir: dir, settings: THROWAWAY, port: pg.port })
    const before = acknowledged.length
    await until(() => acknowledged.length >= before + 10, 30_000)
    stop = true
    await load
    await until(() => status[status.length - 1] === 'up', 5_000)
    expect(status).toEqual(['down', 'up'])

    expect([...statuses.keys()].sort()).toEqual([201, 503])
    expect(refused.every((r) => r.retryAfter === '5' && r.error === 'unavailable' && r.field === '(database)')).toBe(true)
    // A new handle: the first one's pool was ended before the outage.
    const db = await openDb({ databaseUrl: shared.db.url })
    cleanups.push(() => db.close())
    expect(await db.db.select({ id: cases.id }).from(cases).where(inArray(cases.id, acknowledged))).toHaveLength(acknowledged.length)
    const server = (await (await fetch(`${node.url}/api/v1/snapshot?region=${COUNTY}`, { headers: { authorization: `Bearer ${shared.screen}` } })).json()) as Snapshot
    await until(() => walls.every((w) => w.state!.seq === server.seq && !w.state!.syncing), 20_000)
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200)
    // Nothing unhandled, and no citizen's text in the log.
    expect(node.output()).not.toMatch(/unhandled rejection/)
    expect(node.output()).not.toContain(TITLE)
    expect(node.output()).toMatch(/database_unavailable/)
  })
})

describe('the embedded PostgreSQL killed under the app', () => {
  it('kill -9 of the database server: the app starts it again by itself, writes work again, nothing acknowledged is lost', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'govscreen-killed-'))
    chmodSync(dir, 0o711)
    const env = { DATA_DIR: dir, DATABASE_URL: '' }
    const node = await startServerProcess({ databaseUrl: '', port: await freePort(), env })
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    cleanups.push(() => node.kill('SIGTERM'))
    const key = /gsk_[A-Za-z0-9_-]+/.exec(await runScript('server/cli/keys.ts', ['create', '--source', 'hotline', '--region', COUNTY], env))![0]
    const post = async (i: number) =>
      fetch(`${node.url}/api/v1/cases`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(newCase({ externalId: `KILL-${i}` })) })
    const acknowledged: number[] = []
    for (let i = 0; i < 5; i++) acknowledged.push(((await (await post(i)).json()) as { id: number }).id)

    const postmaster = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0])
    process.kill(postmaster, 'SIGKILL')
    const statuses: number[] = []
    const end = Date.now() + 60_000
    // Until the app has started the database again and three writes went through after that.
    // (A backend may finish a write or two before it notices its postmaster is gone.)
    let after = 0
    for (let i = 5; Date.now() < end && after < 3; i++) {
      const restarted = /PostgreSQL is not running: starting it again/.test(node.output())
      const res = await post(i)
      statuses.push(res.status)
      if (res.status === 201) {
        acknowledged.push(((await res.json()) as { id: number }).id)
        if (restarted) after++
      } else await new Promise((r) => setTimeout(r, 250))
    }
    expect(after).toBe(3)
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([])
    const stored = await runScript('server/cli/keys.ts', ['list'], env) // the database answers scripts again too
    expect(stored).toContain('hotline')
    for (const id of acknowledged) {
      const res = await fetch(`${node.url}/api/v1/cases/${id}`, { headers: { authorization: `Bearer ${key}` } })
      expect(res.status).toBe(200)
    }
  })
})
