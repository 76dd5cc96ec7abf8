/**
 * `--workers 2`: two app processes on one port, each a node on the same database. Walls land on
 * either and see the same stream; one leads; a worker that dies is started again.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { api, COMMUNITY, newCase, OTHER_TOWN_COMMUNITY } from '../../helpers/app'
import { entriesSeen, rawScreen, sharedDb } from '../../helpers/cluster'
import { until } from '../../helpers/events'
import { freePort, startServerProcess } from '../../helpers/processes'

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

describe('several workers on one port', () => {
  it('walls on either worker see the same events in the same order; one worker leads; a killed worker is replaced', { timeout: 120_000 }, async () => {
    const shared = await sharedDb()
    cleanups.push(() => shared.db.close())
    const server = await startServerProcess({ databaseUrl: shared.db.url, port: await freePort(), args: ['--no-demo', '--workers', '2'] })
    cleanups.push(() => server.kill('SIGTERM'))
    await until(() => (server.output().match(/worker \d+ listening/g) ?? []).length === 2, 30_000)
    await until(() => /leader: this node runs/.test(server.output()), 10_000)
    expect(server.output().match(/leader: this node runs/g)).toHaveLength(1)

    // Connections are dealt to the workers in turn: four walls, two on each.
    const screens = await Promise.all([0, 1, 2, 3].map(() => rawScreen(server.url, shared.screen)))
    cleanups.push(() => screens.forEach((s) => s.socket.disconnect()))
    const auth = { authorization: `Bearer ${shared.ingest}` }
    for (let i = 0; i < 30; i++) {
      const r = await api(server.url, 'POST', '/api/v1/cases', newCase({ externalId: `WK-${i}`, regionCode: i % 2 ? COMMUNITY : OTHER_TOWN_COMMUNITY }), undefined, auth)
      expect(r.status).toBe(201)
    }
    const log = await shared.logIds()
    await until(() => screens.every((s) => entriesSeen(s.start, s.events).at(-1) === log.at(-1)), 15_000)
    for (const s of screens) expect(entriesSeen(s.start, s.events)).toEqual(log.filter((id) => id > s.start))

    // A worker killed: the primary starts another, and the port keeps answering.
    const pid = Number(/worker (\d+) listening/.exec(server.output())![1])
    process.kill(pid, 'SIGKILL')
    await until(() => /ended \(SIGKILL\); starting another/.test(server.output()), 10_000)
    await until(() => (server.output().match(/worker \d+ listening/g) ?? []).length === 3, 30_000)
    for (let i = 0; i < 4; i++) expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })
})
