/**
 * Fan-out: a stream's events of one tick go out as one frame, and a wall that stops reading is
 * dropped rather than buffered for, then catches up when it reads again.
 */
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { followRegion, type FollowerState, type StreamSocket } from '../../../client/lib/follower'
import { unbatch, type StreamBatch } from '../../../server/contract/events'
import type { Snapshot } from '../../../server/contract'
import { api, COMMUNITY, newCase, screenToken, startTestApp, type TestApp } from '../../helpers/app'
import { until } from '../../helpers/events'

const COUNTY = '140825000000'
let t: TestApp
const sockets: Socket[] = []
beforeAll(async () => {
  // A small bound, so that a stalled reader passes it with a few megabytes of events.
  // A long heartbeat: these tests are about the unsent-bytes bound, which a 4 s ping timeout
  // would otherwise beat to dropping a wall that stops reading.
  t = await startTestApp({ limits: { slowClientBytes: 256 * 1024 }, heartbeat: { intervalMs: 25_000, timeoutMs: 20_000 } })
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await t.close()
})
const connect = () => {
  const s = io(t.url, { transports: ['websocket'], auth: { token: screenToken(t.url) }, reconnectionDelay: 100, reconnectionDelayMax: 500, forceNew: true }) as StreamSocket
  sockets.push(s)
  return s
}
const burst = (n: number, tag: string) => ({ cases: Array.from({ length: n }, (_, i) => newCase({ externalId: `${tag}-${i}`, regionCode: COMMUNITY, title: '楼道堆放杂物影响通行'.repeat(4) })) })

describe('fan-out', () => {
  it('a burst of 300 reports reaches a wall in a few frames, every event once and in commit order', async () => {
    const s = connect()
    const frames: StreamBatch[] = []
    s.on('stream:batch', (b) => frames.push(b))
    await new Promise<void>((r) => s.once('connect', () => r()))
    const ack = await s.timeout(5000).emitWithAck('screen:subscribe', { region: COUNTY })
    expect(ack.ok).toBe(true)
    const r = await api(t.url, 'POST', '/api/v1/cases:batch', burst(300, `B-${Date.now()}`))
    expect(r.body.created).toBe(300)
    await until(() => frames.flatMap((f) => unbatch(f)).filter((e) => e.event === 'case:created').length >= 300)
    const events = frames.flatMap((f) => unbatch(f))
    const seqs = events.map((e) => e.data.seq)
    expect(new Set(seqs).size).toBe(seqs.length)
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
    // One transaction, one tick: a handful of frames, not 300.
    expect(frames.length).toBeLessThanOrEqual(3)
    s.disconnect()
  })

  it('drops a wall that stops reading once its unsent data passes the bound, and it catches up when it reads again', { timeout: 120_000 }, async () => {
    const socket = connect()
    let state: FollowerState | null = null
    const follower = followRegion(socket, (s) => (state = s), { retryMs: 200 })
    follower.start(COUNTY)
    await until(() => !!state?.aggregates && !state.syncing)
    const dropped = t.app.ctx.hub.stats.slowDropped
    // The wall stops reading its connection (a hung browser tab): nothing it is sent is read.
    const tcp = (socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket
    tcp.pause()
    const rss0 = process.memoryUsage().rss
    for (let i = 0; i < 40 && t.app.ctx.hub.stats.slowDropped === dropped; i++) {
      await api(t.url, 'POST', '/api/v1/cases:batch', burst(500, `S-${Date.now()}-${i}`))
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(t.app.ctx.hub.stats.slowDropped).toBeGreaterThan(dropped)
    // What the server held for it stayed near the bound, not the megabytes it was sent.
    expect(process.memoryUsage().rss - rss0).toBeLessThan(400 * 2 ** 20)
    tcp.resume()
    await t.app.settle()
    const server = (await api<Snapshot>(t.url, 'GET', `/api/v1/snapshot?region=${COUNTY}`)).body
    await until(() => state!.seq === server.seq && !state!.syncing && socket.connected, 30_000)
    expect(state!.feed.map((c) => c.id)).toEqual(server.feed.map((c) => c.id))
    follower.stop()
  })

  it('indicator pushes carry only what changed, numbered; walls that join between pushes end equal to the server', { timeout: 60_000 }, async () => {
    const raw = connect()
    const pushes: { version: number; base: number | null; aggregates: Record<string, unknown> }[] = []
    raw.on('stream:batch', (b) => b.indicators && pushes.push(b.indicators))
    await new Promise<void>((r) => raw.once('connect', () => r()))
    expect((await raw.timeout(5000).emitWithAck('screen:subscribe', { region: COUNTY })).ok).toBe(true)
    const walls: { state: FollowerState | null }[] = []
    const followers = []
    for (let i = 0; i < 6; i++) {
      // A report, then a wall joining while its push may still be pending: each starts from a
      // snapshot between two pushes and must apply the next push's changes on top of it.
      await api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: `J-${Date.now()}-${i}`, regionCode: COMMUNITY }))
      const w = { state: null as FollowerState | null }
      walls.push(w)
      const f = followRegion(connect(), (s) => (w.state = s), { retryMs: 200 })
      f.start(COUNTY)
      followers.push(f)
      await new Promise((r) => setTimeout(r, i * 7))
    }
    // An activity, once the reports' pushes are out, changes only the volunteer figures.
    await t.app.settle()
    await new Promise((r) => setTimeout(r, 200))
    await api(t.url, 'POST', '/api/v1/volunteer-activities', { externalId: `J-ACT-${Date.now()}`, team: 'orange', kind: 'clinic', title: '义诊', communityCode: COMMUNITY, startedAt: '2026-11-24T09:00:00+08:00', endedAt: '2026-11-24T11:00:00+08:00', volunteers: 2, peopleServed: 9 })
    await t.app.settle()
    await new Promise((r) => setTimeout(r, 300))
    const server = (await api<Snapshot>(t.url, 'GET', `/api/v1/snapshot?region=${COUNTY}`)).body
    for (const w of walls) await until(() => w.state?.seq === server.seq && !w.state.syncing && JSON.stringify({ ...w.state.aggregates, asOf: 0 }) === JSON.stringify({ ...server.aggregates, asOf: 0 }), 10_000)
    // Each push after the first is numbered on top of the previous one and leaves out what did not change.
    const chained = pushes.filter((p) => p.base !== null)
    expect(chained.length).toBeGreaterThan(0)
    for (let i = 1; i < pushes.length; i++) if (pushes[i]!.base !== null) expect(pushes[i]!.base).toBe(pushes[i - 1]!.version)
    const last = pushes[pushes.length - 1]!
    expect(Object.keys(last.aggregates)).toContain('volunteers')
    expect(Object.keys(last.aggregates)).not.toContain('byCategory')
    for (const f of followers) f.stop()
    raw.disconnect()
  })
})
