import { isDeepStrictEqual } from 'node:util'
import { asc, inArray, sql } from 'drizzle-orm'
import { io } from 'socket.io-client'
import { afterAll, describe, expect, it } from 'vitest'
import { followRegion, type FollowerState, type StreamSocket } from '../../../client/lib/follower'
import { caseDaily, caseDimDaily, cases, countyDaily, countyDimDaily } from '../../../db/schema'
import type { Snapshot } from '../../../server/contract'
import { rebuildRollups } from '../../../server/store/rollups'
import { api, COMMUNITY, newCase, OTHER_TOWN_COMMUNITY } from '../../helpers/app'
import { COUNTY, sharedDb } from '../../helpers/cluster'
import { until } from '../../helpers/events'
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/processes'

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

/** Posts cases (and resolves some) until stopped; what the server acknowledged, and what failed. */
function writers(url: () => string, ingest: string, n: number) {
  const acknowledged: number[] = []
  let failed = 0
  let stop = false
  const auth = { authorization: `Bearer ${ingest}` }
  const run = async (w: number) => {
    for (let i = 0; !stop; i++) {
      try {
        const r = await api(url(), 'POST', '/api/v1/cases', newCase({ externalId: `K${w}-${i}-${Date.now()}`, regionCode: i % 2 ? COMMUNITY : OTHER_TOWN_COMMUNITY }), undefined, auth)
        if (r.status !== 201) throw new Error(`status ${r.status}`)
        acknowledged.push(r.body.id)
        if (i % 4 === 0) {
          // Every other one is escalated (上报) to the town first and closed there: the ladder's keys in the rollups too.
          const up = i % 8 === 4
          if (up) {
            const e = await api(url(), 'POST', `/api/v1/cases/${r.body.id}/transitions`, { action: 'report_up', to: 'town', actor: 'hotline' }, undefined, auth)
            if (e.status !== 200) throw new Error(`status ${e.status}`)
          }
          const t = await api(url(), 'POST', `/api/v1/cases/${r.body.id}/transitions`, { action: 'resolve', outcome: 'success', level: up ? 'town' : 'village', actor: 'hotline' }, undefined, auth)
          if (t.status !== 200) throw new Error(`status ${t.status}`)
        }
      } catch {
        failed++ // the server is down: refused or cut off, nothing acknowledged
        await new Promise((r) => setTimeout(r, 20))
      }
    }
  }
  const all = Promise.all(Array.from({ length: n }, (_, w) => run(w)))
  return { acknowledged, failed: () => failed, stop: () => ((stop = true), all) }
}

describe('a server killed and restarted', () => {
  it('kill -9 in the middle of a write burst, five times: every acknowledged case is there, and the rollups equal a rebuild', { timeout: 180_000 }, async () => {
    const shared = await sharedDb()
    cleanups.push(() => shared.db.close())
    const port = await freePort()
    let node: ServerProcess = await startServerProcess({ databaseUrl: shared.db.url, port })
    cleanups.push(() => node.kill())
    const load = writers(() => node.url, shared.ingest, 4)
    for (let k = 0; k < 5; k++) {
      const before = load.acknowledged.length
      await until(() => load.acknowledged.length >= before + 30, 30_000)
      await node.kill('SIGKILL')
      node = await startServerProcess({ databaseUrl: shared.db.url, port })
    }
    await until(() => load.acknowledged.length >= 200, 30_000)
    await load.stop()
    await node.kill('SIGTERM')

    const stored = await shared.db.db.select({ id: cases.id }).from(cases).where(inArray(cases.id, load.acknowledged))
    expect(stored).toHaveLength(load.acknowledged.length)
    const dump = async () => ({
      daily: await shared.db.db.select().from(caseDaily).orderBy(asc(caseDaily.day), asc(caseDaily.communityCode), asc(caseDaily.kind)),
      dims: (await shared.db.db.select().from(caseDimDaily).orderBy(asc(caseDimDaily.day), asc(caseDimDaily.communityCode), asc(caseDimDaily.kind), asc(caseDimDaily.dim), asc(caseDimDaily.value))).filter((r) => r.count),
      // The counties' rows, what a city reads, from the same deltas.
      county: await shared.db.db.select().from(countyDaily).orderBy(asc(countyDaily.day), asc(countyDaily.countyCode), asc(countyDaily.kind)),
      countyDims: (await shared.db.db.select().from(countyDimDaily).orderBy(asc(countyDimDaily.day), asc(countyDimDaily.countyCode), asc(countyDimDaily.kind), asc(countyDimDaily.dim), asc(countyDimDaily.value))).filter((r) => r.count),
    })
    const incremental = await dump()
    await rebuildRollups(shared.db.db)
    expect(incremental).toEqual(await dump())
    // The escalated cases closed at the town are on the ladder: peak at the town (rank 2).
    expect(incremental.dims.some((r) => r.dim === 'ladder' && /^\w+\|town\|2\|[01]$/.test(r.value))).toBe(true)
  })

  it('restarted with 50 screens following while writes go on: every screen resumes by replay and ends equal to the server; one away longer than the log gets a snapshot', { timeout: 180_000 }, async () => {
    const shared = await sharedDb()
    cleanups.push(() => shared.db.close())
    const port = await freePort()
    let node: ServerProcess = await startServerProcess({ databaseUrl: shared.db.url, port })
    cleanups.push(() => node.kill())
    const url = `http://127.0.0.1:${port}`
    const follow = () => {
      const socket = io(url, { transports: ['websocket'], auth: { token: shared.screen }, reconnectionDelay: 100, reconnectionDelayMax: 500 }) as StreamSocket
      cleanups.push(() => socket.disconnect())
      const f = { socket, state: null as FollowerState | null, cases: 0 }
      followRegion(socket, (s) => (f.state = s), { retryMs: 200, onCase: () => f.cases++ }).start(COUNTY)
      return f
    }
    const screens = Array.from({ length: 50 }, follow)
    await until(() => screens.every((s) => !!s.state?.aggregates && !s.state.syncing), 30_000)

    const load = writers(() => url, shared.ingest, 2)
    await until(() => load.acknowledged.length >= 40, 30_000)
    await node.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 500))
    node = await startServerProcess({ databaseUrl: shared.db.url, port })
    await until(() => load.acknowledged.length >= 120, 30_000)
    await load.stop()

    const server = (await api<Snapshot>(url, 'GET', `/api/v1/snapshot?region=${COUNTY}`, undefined, undefined, { authorization: `Bearer ${shared.screen}` })).body
    await until(() => screens.every((s) => s.state!.seq === server.seq && !s.state!.syncing), 30_000).catch((e) => {
      const stuck = screens.filter((s) => s.state!.seq !== server.seq || s.state!.syncing).map((s) => ({ seq: s.state!.seq, syncing: s.state!.syncing, replays: s.state!.replays, resyncs: s.state!.resyncs, refused: s.state!.refused, connected: s.socket.connected }))
      throw new Error(`${e.message}: server at ${server.seq}, ${stuck.length} screens not: ${JSON.stringify(stuck.slice(0, 5))}`)
    })
    // The last coalesced indicators follow the last events (at most every 250 ms; longer on a busy machine).
    const view = (x: { feed: { id: number; version: number }[]; aggregates: unknown }) => ({ feed: x.feed.map((c) => `${c.id}@${c.version}`), aggregates: { ...(x.aggregates as object), asOf: 0 } })
    await until(() => screens.every((s) => isDeepStrictEqual(view(s.state as never), view(server))), 10_000).catch(() => undefined)
    for (const s of screens) {
      expect(s.state!.replays).toBeGreaterThanOrEqual(1)
      expect(s.state!.resyncs).toBe(0)
      expect(s.state!.epoch).toBe(server.epoch)
      expect(view(s.state as never)).toEqual(view(server))
    }

    // One screen goes away; meanwhile the log is pruned past where it stopped: it takes a snapshot.
    const away = screens[0]!
    away.socket.disconnect()
    await api(url, 'POST', '/api/v1/cases', newCase({ externalId: `gone-${Date.now()}` }), undefined, { authorization: `Bearer ${shared.ingest}` })
    await shared.db.db.execute(sql`delete from change_log`)
    const late = await api(url, 'POST', '/api/v1/cases', newCase({ externalId: `late-${Date.now()}` }), undefined, { authorization: `Bearer ${shared.ingest}` })
    away.socket.connect()
    await until(() => away.state!.resyncs === 1 && !away.state!.syncing, 20_000)
    await until(() => away.state!.feed.some((c) => c.id === late.body.id))
    await node.kill('SIGTERM')
  })
})
