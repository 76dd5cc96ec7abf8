import { unbatch, type StreamBatch } from '../../server/contract/events'
import { sql } from 'drizzle-orm'
import { io, type Socket } from 'socket.io-client'
import { queryRows } from '../../db/client'
import { seedDemo } from '../../db/seed'
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/contract'
import { AccountStore } from '../../server/store/accounts'
import { Registry } from '../../server/store/registry'
import { freshDb } from './db'
import { freePort, startServerProcess, type ServerProcess } from './processes'

export const COUNTY = '140825000000'

/** A seeded database for server processes of its own, with an ingest key and a screen token. */
export async function sharedDb(opts: { admin?: string } = {}) {
  const db = await freshDb(opts)
  await seedDemo(db.db, new Date(), 825, { history: false })
  const registry = new Registry(db.db)
  await registry.reload()
  const accounts = new AccountStore(db.db, registry)
  const ingest = (await accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: COUNTY })).secret
  const screen = (await accounts.createKey({ kind: 'screen', name: '测试大屏', regionCode: COUNTY })).secret
  /** The ids of the log's region entries, in commit order. */
  const logIds = async () => (await queryRows<{ id: string }>(db.db, sql`select id from change_log where community is not null order by id`)).map((r) => Number(r.id))
  return { db, accounts, ingest, screen, logIds }
}

export type RawEvent = { event: string; seq?: number; prev?: number; part?: number }

/** A socket that records every stream event as it arrives, subscribed to the county. */
export async function rawScreen(url: string, token: string): Promise<{ socket: Socket<ServerToClientEvents, ClientToServerEvents>; start: number; events: RawEvent[] }> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { transports: ['websocket'], auth: { token }, reconnection: false })
  const events: RawEvent[] = []
  socket.onAny((event, e) => {
    if (event === 'stream:batch') for (const x of unbatch(e as StreamBatch)) events.push({ event: x.event, seq: x.data.seq, prev: x.data.prev, part: x.data.part })
    else events.push({ event, seq: e.seq, prev: e.prev, part: e.part })
  })
  const ack = await new Promise<Awaited<ReturnType<typeof socket.emitWithAck>>>((resolve, reject) => {
    socket.on('connect_error', reject)
    socket.on('connect', () => void socket.timeout(10_000).emitWithAck('screen:subscribe', { region: COUNTY }).then(resolve, reject))
  })
  if (!ack.ok || !('snapshot' in ack)) throw new Error(`subscribe failed: ${JSON.stringify(ack)}`)
  return { socket, start: ack.snapshot.seq, events }
}

/** The entry ids a screen saw, each once in arrival order, after checking parts and prev chain. */
export function entriesSeen(start: number, events: RawEvent[]): number[] {
  const ids: number[] = []
  let last = start
  let part = Infinity
  for (const e of events) {
    if (e.seq === undefined) continue
    if (e.seq === last) {
      if (e.part !== part + 1) throw new Error(`entry ${e.seq}: part ${e.part} after part ${part}`)
    } else {
      if (e.prev !== last || e.part !== 0) throw new Error(`entry ${e.seq}: prev ${e.prev} part ${e.part}, expected prev ${last} part 0`)
      ids.push(e.seq)
      last = e.seq
    }
    part = e.part!
  }
  return ids
}

/** `n` server processes on one shared database, started one after the other (the first start makes the admin); each stopped by `cleanups`. */
export async function startNodes(databaseUrl: string, n: number, cleanups: (() => unknown)[]): Promise<ServerProcess[]> {
  const nodes: ServerProcess[] = []
  for (let i = 0; i < n; i++) {
    const node = await startServerProcess({ databaseUrl, port: await freePort() })
    cleanups.push(() => node.kill('SIGTERM'))
    nodes.push(node)
  }
  return nodes
}
