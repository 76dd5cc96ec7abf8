/**
 * Event → screen latency: the real app on the embedded database, N Socket.IO clients subscribed
 * to the county in a separate process, cases posted through the API at R per second. Latency
 * is from just before the POST to the moment each client receives the frame with its `case:created`.
 *   npx tsx bench/realtime.ts [--clients 500] [--rate 100] [--seconds 20]
 */
import { fork } from 'node:child_process'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { seedDemo } from '../db/seed'
import { createApp } from '../server/app'
import { arg, benchDb, report } from './util'

const clients = arg('clients', 500)
const rate = arg('rate', 100)
const seconds = arg('seconds', 20)

const handle = await benchDb('bench_rt')
await seedDemo(handle.db, new Date(), 825, { history: false })
const app = await createApp({ db: handle, limits: { socketsPerAddress: clients + 10 } })
const port = await app.listen(0, '127.0.0.1')
// The load comes in as an outside system would: with an ingest key for its source.
const { secret } = await app.ctx.accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: app.ctx.rootCode })
// The watchers are walls: each carries the county screen token.
const screen = await app.ctx.accounts.createKey({ kind: 'screen', name: '压测大屏', regionCode: app.ctx.rootCode })

const loop = monitorEventLoopDelay({ resolution: 10 })
loop.enable()
const child = fork(new URL('./realtime-clients.ts', import.meta.url).pathname, [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, URL: `http://127.0.0.1:${port}`, INGEST_KEY: secret, SCREEN_TOKEN: screen.secret, CLIENTS: String(clients), RATE: String(rate), SECONDS: String(seconds) },
})
const result = await new Promise<Record<string, number>>((resolve, reject) => {
  child.on('message', (m) => resolve(m as Record<string, number>))
  child.on('exit', (code) => code && reject(new Error(`clients exited with ${code}`)))
})
report(`realtime (${handle.label})`, {
  command: `npx tsx bench/realtime.ts --clients ${clients} --rate ${rate} --seconds ${seconds}`,
  clients,
  'events/s': rate,
  ...result,
  'server event-loop delay p99 ms': +(loop.percentile(99) / 1e6).toFixed(1),
  'server event-loop delay max ms': +(loop.max / 1e6).toFixed(1),
})
await app.close()
await handle.close()
process.exit(0)
