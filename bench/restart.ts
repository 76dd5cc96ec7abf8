/**
 * A server restarted under 1,000 subscribed walls while cases keep coming: the time until every
 * wall has caught up and the bytes the walls received, when they resume by replay from the
 * change log, against the same restart when they must take full snapshots (the log's epoch
 * changed: what every restart cost before streams survived restarts). Both in one run.
 *   npx tsx bench/restart.ts [--clients 1000] [--missed 50]
 */
import { sql } from 'drizzle-orm'
import { io, type Socket } from 'socket.io-client'
import { followRegion, type FollowerState, type StreamSocket } from '../client/lib/follower'
import { seedDemo } from '../db/seed'
import { createApp } from '../server/app'
import { CaseCreate } from '../server/contract'
import { freePort, startServerProcess, type ServerProcess } from '../test/helpers/processes'
import { arg, benchDb, report } from './util'

const clients = arg('clients', 1000)
const missed = arg('missed', 50)
// (the first restart misses 5 cases, the second `missed`)
const handle = await benchDb('bench_restart')
await seedDemo(handle.db, new Date(), 825, { history: true })
const port = await freePort()
const url = `http://127.0.0.1:${port}`
const limits = { MAX_SOCKETS_PER_ADDRESS: String(clients + 10) }
let server: ServerProcess = await startServerProcess({ databaseUrl: handle.url, port, env: limits })
// Keys straight in the database, as `npm run keys` makes them.
const writer = await createApp({ db: handle, staticDir: '/nonexistent' })
const screen = (await writer.ctx.accounts.createKey({ kind: 'screen', name: '压测大屏', regionCode: writer.ctx.rootCode })).secret
await writer.close()

let bytes = 0
const walls = Array.from({ length: clients }, () => {
  // The wall's own socket settings (client/stores/connection.ts).
  const socket = io(url, { transports: ['websocket'], forceNew: true, auth: { token: screen }, reconnectionDelay: 500, reconnectionDelayMax: 2_000, randomizationFactor: 0.5 }) as StreamSocket
  socket.io.on('open', () => socket.io.engine.on('data', (d: string | ArrayBuffer) => (bytes += typeof d === 'string' ? Buffer.byteLength(d) : d.byteLength)))
  const w = { socket: socket as Socket, state: null as FollowerState | null }
  followRegion(socket, (s) => (w.state = s), { retryMs: 500 }).start('140825000000')
  return w
})
const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}
await until(() => walls.every((w) => w.state?.aggregates && !w.state.syncing), 120_000)

let n = 0
async function restart(label: string, newEpoch: boolean, missed: number) {
  await server.kill('SIGTERM')
  // While the server is down another process records cases: the walls miss their events.
  const other = await createApp({ db: handle, staticDir: '/nonexistent' })
  for (let i = 0; i < missed; i++) {
    const t = new Date()
    await other.ctx.stores.cases.create(CaseCreate.parse({ externalId: `R-${label}-${++n}`, source: 'hotline', kind: 'dispute', category: 'neighbour', regionCode: '140825400012001', title: '重启期间登记的纠纷', reportedAt: t.toISOString(), acceptedAt: t.toISOString() }))
  }
  await other.close()
  if (newEpoch) await handle.db.execute(sql`update change_log_meta set epoch = gen_random_uuid()`)
  const [replays, resyncs] = [walls.reduce((a, w) => a + w.state!.replays, 0), walls.reduce((a, w) => a + w.state!.resyncs, 0)]
  bytes = 0
  server = await startServerProcess({ databaseUrl: handle.url, port, env: limits })
  const back = performance.now()
  const head = (await (await fetch(`${url}/api/v1/snapshot?region=140825000000`, { headers: { authorization: `Bearer ${screen}` } })).json()) as { seq: number; epoch: string }
  await until(() => walls.every((w) => w.state!.epoch === head.epoch && w.state!.seq >= head.seq && !w.state!.syncing && w.socket.connected), 120_000)
  const caughtUp = performance.now() - back
  return {
    [`${label}: all ${clients} caught up after the server was back`]: `${(caughtUp / 1000).toFixed(2)} s`,
    [`${label}: bytes received by the walls`]: `${(bytes / 2 ** 20).toFixed(1)} MiB (${Math.round(bytes / clients).toLocaleString('en')} per wall)`,
    [`${label}: resumed by replay / by snapshot`]: `${walls.reduce((a, w) => a + w.state!.replays, 0) - replays} / ${walls.reduce((a, w) => a + w.state!.resyncs, 0) - resyncs}`,
  }
}

const figures = {}
for (const m of [5, missed]) Object.assign(figures, await restart(`${m} missed, replay`, false, m), await restart(`${m} missed, full snapshot`, true, m))
report(`restart under ${clients} walls of the county (${handle.label})`, {
  command: `npx tsx bench/restart.ts --clients ${clients} --missed ${missed}`,
  ...figures,
})
for (const w of walls) w.socket.disconnect()
await server.kill('SIGTERM')
await handle.close()
process.exit(0)
