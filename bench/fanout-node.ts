/** One app node of bench/fanout.ts: the real app on the shared database, in a process of its own. IPC: → { port }. */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { openDb } from '../db/client'
import { createApp } from '../server/app'

const handle = await openDb({ databaseUrl: process.env.FANOUT_DATABASE_URL! })
const app = await createApp({ db: handle, limits: { socketsPerAddress: 100_000, connections: 100_000 } })
const port = await app.listen(0, '127.0.0.1')
const loop = monitorEventLoopDelay({ resolution: 10 })
process.on('message', (m: Record<string, unknown>) => {
  if (m.reset) {
    loop.reset()
    loop.enable()
  }
  if (m.exit) process.exit(0) // (a CPU profile, when asked for, is written on exit)
  if (m.stats) process.send!({ 'event-loop delay p99 ms': +(loop.percentile(99) / 1e6).toFixed(1), frames: app.ctx.hub.stats })
})
process.send!({ port })
