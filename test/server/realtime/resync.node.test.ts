import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { followRegion, type FollowerState, type StreamSocket } from '../../../client/lib/follower'
import type { Snapshot } from '../../../server/contract'
import { unbatch } from '../../../server/contract/events'
import { api, COMMUNITY, newCase, OTHER_TOWN_COMMUNITY, screenToken, startTestApp, type TestApp } from '../../helpers/app'

const COUNTY = '140825000000' // 新绛县
let t: TestApp
const sockets: Socket[] = []
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await t.close()
})

function connect(): StreamSocket {
  const s = io(t.url, { transports: ['websocket'], auth: { token: screenToken(t.url) }, reconnectionDelay: 50, reconnectionDelayMax: 200 }) as StreamSocket
  sockets.push(s)
  return s
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Lets the hub flush its coalesced state push (20 ms in tests) before comparing. */
const settle = () => new Promise((r) => setTimeout(r, 150))

const comparable = (s: { aggregates: Snapshot['aggregates'] | null; feed: Snapshot['feed'] }) => ({
  aggregates: { ...s.aggregates, asOf: undefined },
  feed: s.feed.map((c) => `${c.id}@${c.version}`),
})

describe('realtime hub', () => {
  it('sends a subscriber the snapshot, then numbered events for its region and below only', async () => {
    const town = connect()
    const events: { event: string; seq: number; prev: number; part: number; region: string }[] = []
    // Region events only (server:status is about the server, not a region).
    let frames = 0
    town.onAny((event, e) => {
      if (event === 'server:status') return
      if (event !== 'stream:batch') return events.push({ event, seq: e.seq, prev: e.prev, part: e.part, region: e.region })
      frames++
      for (const x of unbatch(e)) events.push({ event: x.event, seq: x.data.seq, prev: x.data.prev, part: x.data.part, region: x.data.region })
      // The stream's state rides in the same frame, after its events.
      if (e.indicators) events.push({ event: 'indicators:updated', seq: undefined as unknown as number, prev: 0, part: 0, region: e.region })
    })
    const ack = await town.timeout(5000).emitWithAck('screen:subscribe', { region: '140825400000' })
    expect(ack.ok).toBe(true)
    const start = (ack as { snapshot: Snapshot }).snapshot.seq

    await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))
    await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: OTHER_TOWN_COMMUNITY }))
    await until(() => events.some((e) => e.event === 'indicators:updated'))
    await new Promise((r) => setTimeout(r, 100))
    expect(events.filter((e) => e.event === 'case:created')).toHaveLength(1)
    expect(events.every((e) => e.region === '140825400000')).toBe(true)
    // Numbered by the log: each entry's events chain to the previous entry on this stream.
    const numbered = events.filter((e) => e.seq !== undefined)
    // One log entry, a new green case: one event (its colour is in the case), in one frame.
    expect(numbered.map((e) => [e.event, e.prev, e.part])).toEqual([['case:created', start, 0]])
    expect(numbered[0]!.seq).toBeGreaterThan(start)
    // The event and, at most 250 ms later, the state it changed: one or two frames, not three.
    expect(frames).toBeLessThanOrEqual(2)
    expect(events.filter((e) => e.seq === undefined).map((e) => e.event)).toContain('indicators:updated')
  })

  it('refuses an unknown region', async () => {
    const s = connect()
    expect(await s.timeout(5000).emitWithAck('screen:subscribe', { region: '999999999999' })).toEqual({ ok: false, error: 'unknown region' })
  })

  it('after a dropped connection with events still coming, ends with exactly the server state', async () => {
    const socket = connect()
    let connects = 0
    socket.on('connect', () => connects++)
    let state: FollowerState | null = null
    const follower = followRegion(socket, (s) => (state = s), { retryMs: 100 })
    follower.start('140825000000')
    await until(() => !!state?.aggregates && !state.syncing)

    const written: number[] = []
    let stop = false
    const writer = (async () => {
      for (let i = 0; !stop && i < 200; i++) {
        const { body } = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: i % 2 ? COMMUNITY : OTHER_TOWN_COMMUNITY }))
        written.push(body.id)
        if (i % 3 === 0) await api(t.url, 'POST', `/api/v1/cases/${body.id}/transitions`, { action: 'resolve', at: '2026-11-24T12:00:00+08:00', outcome: 'success', level: 'village' })
      }
    })()
    await until(() => written.length >= 10)
    // Drop the transport under the client: it reconnects by itself while the writer goes on.
    socket.io.engine.close()
    await until(() => written.length >= 30)
    await until(() => written.length >= 50)
    stop = true
    await writer
    await settle()
    expect(connects).toBeGreaterThanOrEqual(2)

    const server = await api<Snapshot>(t.url, 'GET', '/api/v1/snapshot?region=140825000000')
    await until(() => state!.seq === server.body.seq && !state!.syncing)
    expect(comparable(state!)).toEqual(comparable(server.body))
    // No doubled events: every case at most once in the feed, newest first.
    const ids = state!.feed.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.slice(0, 5)).toEqual(written.slice(-5).reverse())
    follower.stop()
  })

  it('resumes by replay from the log when it sees a gap in the sequence', async () => {
    const socket = connect()
    let state: FollowerState | null = null
    const follower = followRegion(socket, (s) => (state = s), { retryMs: 100 })
    follower.start(COMMUNITY)
    await until(() => !!state?.aggregates && !state.syncing)
    // Lose one frame on purpose: drop the next batch before the follower sees it.
    const original = socket.listeners('stream:batch')
    socket.off('stream:batch')
    socket.once('stream:batch', () => original.forEach((fn) => socket.on('stream:batch', fn)))
    const lost = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))
    await new Promise((r) => setTimeout(r, 100))
    await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))
    await until(() => state!.replays > 0 && !state!.syncing)
    await until(() => state!.feed.some((c) => c.id === lost.body.id))
    expect(state!.resyncs).toBe(0)
    await settle()
    const server = await api<Snapshot>(t.url, 'GET', `/api/v1/snapshot?region=${COMMUNITY}`)
    await until(() => state!.seq === server.body.seq)
    expect(comparable(state!)).toEqual(comparable(server.body))
    follower.stop()
  })

  it('notices from the next indicators push that it missed the stream\'s last event, and resumes by replay', async () => {
    const socket = connect()
    let state: FollowerState | null = null
    const follower = followRegion(socket, (s) => (state = s), { retryMs: 100 })
    follower.start(COMMUNITY)
    await until(() => !!state?.aggregates && !state.syncing)
    // Lose the frame with the only events of the only entry: no later event will show the gap,
    // only the state push that follows it.
    const original = socket.listeners('stream:batch')
    socket.off('stream:batch')
    let dropped = false
    socket.on('stream:batch', (b) => (!dropped && b.events.length ? (dropped = true) : original.forEach((fn) => fn(b))))
    const lost = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))
    await until(() => state!.feed.some((c) => c.id === lost.body.id))
    expect(state!.replays).toBeGreaterThan(0)
    expect(state!.resyncs).toBe(0)
    follower.stop()
  })

  it('resumes after a disconnect by a compact replay: a red flag missed meanwhile arrives whole, only changed colours are sent again', async () => {
    const socket = connect()
    let state: FollowerState | null = null
    const redFlags: number[] = []
    const follower = followRegion(socket, (s) => (state = s), { retryMs: 100, onRedFlag: (c) => redFlags.push(c.id) })
    follower.start(COUNTY)
    await until(() => !!state?.aggregates && !state.syncing)
    const acks: { replay?: { events: { event: string; data: Record<string, unknown> }[]; colours?: unknown } }[] = []
    const rawEmit = socket.emit.bind(socket) as unknown as (...a: unknown[]) => unknown
    // Record the subscription answers the follower gets (the same ack, read on the way).
    ;(socket as unknown as { emit: (...a: unknown[]) => unknown }).emit = (...a: unknown[]) => {
      const ack = a[a.length - 1]
      if (typeof ack === 'function') a[a.length - 1] = (...r: unknown[]) => (acks.push(r[r.length - 1] as never), ack(...r))
      return rawEmit(...a)
    }

    // Offline while a case in the stream's community turns red at once (a group dispute).
    socket.disconnect()
    const red = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, scale: 'group', peopleInvolved: 12 }))
    await settle() // the community's recolouring is pushed while the screen is away: the replay must carry it
    socket.connect()
    await until(() => state!.replays > 0 && !state!.syncing && state!.redFlags.some((c) => c.id === red.body.id))
    expect(state!.resyncs).toBe(0)
    const flagged = state!.redFlags.find((c) => c.id === red.body.id)!
    expect(flagged).toMatchObject({ id: red.body.id, colour: 'red', title: '楼上漏水影响楼下住户', open: true })
    expect(redFlags).toContain(red.body.id)
    const replay = acks.find((a) => a.replay)!.replay!
    // Compact: the case once per entry (part 0: case:created), not again in redflag:raised.
    const parts = replay.events.filter((e) => e.data.seq === replay.events.find((x) => (x.data.case as { id?: number })?.id === red.body.id)!.data.seq)
    expect(parts.map((e) => [e.event, e.data.part, 'case' in e.data])).toEqual([['case:created', 0, true], ['redflag:raised', 1, false]])
    expect(parts.every((e) => !('region' in e.data) && !('epoch' in e.data))).toBe(true)
    // The colours of the county's own and the community's town (a red case there), not the county's 170 others.
    const sent = (replay.colours as { code: string }[]).map((c) => c.code)
    expect(sent).toContain(COMMUNITY)
    expect(sent.filter((code) => code !== COUNTY && code.slice(0, 9) !== COMMUNITY.slice(0, 9))).toEqual([])
    expect(state!.colours.length).toBeGreaterThan(100)
    await settle()
    const server = await api<Snapshot>(t.url, 'GET', `/api/v1/snapshot?region=${COUNTY}`)
    await until(() => state!.seq === server.body.seq)
    expect(comparable(state!)).toEqual(comparable(server.body))
    expect(state!.colours).toEqual(server.body.colours)
    expect(state!.redFlags.map((c) => c.id)).toEqual(server.body.redFlags.map((c) => c.id))

    // Offline again while nothing that colours changes happens (an activity): colours are not resent.
    const replays = state!.replays
    socket.disconnect()
    await api(t.url, 'POST', '/api/v1/volunteer-activities', { externalId: `A-${Date.now()}`, team: 'red', kind: 'clinic', title: '义诊', communityCode: COMMUNITY, startedAt: '2026-11-24T09:00:00+08:00', endedAt: '2026-11-24T10:00:00+08:00' })
    socket.connect()
    await until(() => state!.replays > replays && !state!.syncing)
    expect(acks.filter((a) => a.replay).at(-1)!.replay!.colours).toEqual([])
    expect(state!.colours).toEqual(server.body.colours)
    follower.stop()
  })
})
