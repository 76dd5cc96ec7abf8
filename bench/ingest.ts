/**
 * The write path: the app's CPU per case and the POST's latency at fixed rates, one case per
 * request and in batches, and the most it takes; on the embedded PostgreSQL (fsync on), with
 * one wall subscribed to the county. The load comes from a separate process. The app's CPU is
 * this process's (both apps, the wall's socket; not PostgreSQL's, not the load's).
 *   npx tsx bench/ingest.ts [--seconds 10]
 *   npx tsx bench/ingest.ts --only "single, 200/s" --profile   (then: npx tsx bench/profile-top.ts)
 * `--profile` writes a CPU profile of each load's window only (not the start-up) to bench/profiles.
 */
import { fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'
import type { StreamBatch } from '../server/contract'
import { seedDemo } from '../db/seed'
import { createApp } from '../server/app'
import { arg, benchDb, pgCpuMs, report } from './util'

const seconds = arg('seconds', 10)
const handle = await benchDb('bench_ingest')
await seedDemo(handle.db, new Date(), 825, { history: false })
// First the app without group commit, for the comparison in the same run; then the app as it runs.
let app = await createApp({ db: handle, groupCommit: false })
let port = await app.listen(0, '127.0.0.1')
const { secret } = await app.ctx.accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: app.ctx.rootCode })
const screen = await app.ctx.accounts.createKey({ kind: 'screen', name: '压测大屏', regionCode: app.ctx.rootCode })
let received = 0
let wall!: Socket
async function follow() {
  wall = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { token: screen.secret } })
  await new Promise<void>((r) => wall.once('connect', () => r()))
  await wall.timeout(10_000).emitWithAck('screen:subscribe', { region: app.ctx.rootCode })
  // Events come in frames (stream:batch), a tick's events each.
  wall.on('stream:batch', (b: StreamBatch) => (received += b.events.filter((e) => e.event === 'case:created').length))
}
await follow()

/** `--only TEXT`: just the loads whose label contains TEXT (to profile one). */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]! : ''

async function load(label: string, env: { RATE: number; BATCH: number; CONCURRENCY?: number; FLOOR?: number }) {
  if (!label.includes(only)) return null
  await app.settle()
  const profiler = process.argv.includes('--profile') ? new Session() : null
  if (profiler) {
    profiler.connect()
    await profiler.post('Profiler.enable')
    await profiler.post('Profiler.start')
  }
  const cpu0 = process.cpuUsage()
  const pg0 = pgCpuMs(handle)
  const elu0 = performance.eventLoopUtilization()
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  const child = fork(new URL('./ingest-load.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, URL: `http://127.0.0.1:${port}`, INGEST_KEY: secret, SECONDS: String(seconds), RUN: label.replace(/\W+/g, '_') + Date.now(), ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) },
  })
  const r = await new Promise<{ cpuMs: number; ok: number; failed: number; elapsed: number; p50: number; p99: number; requests: number }>((resolve, reject) => {
    child.on('message', (m) => resolve(m as never))
    child.on('exit', (code) => code && reject(new Error(`load exited ${code}`)))
  })
  await app.settle()
  const cpu = process.cpuUsage(cpu0)
  const pg1 = pgCpuMs(handle)
  const elu = performance.eventLoopUtilization(elu0)
  delay.disable()
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop')
    mkdirSync(new URL('./profiles', import.meta.url), { recursive: true })
    writeFileSync(new URL(`./profiles/${label.replace(/\W+/g, '_')}.cpuprofile`, import.meta.url), JSON.stringify(profile))
    profiler.disconnect()
  }
  return {
    label,
    'cases/s': Math.round(r.ok / r.elapsed),
    'app CPU per case ms': +((cpu.user + cpu.system) / 1000 / Math.max(1, r.ok)).toFixed(2),
    'event loop busy per case ms': +(elu.active / Math.max(1, r.ok)).toFixed(2),
    ...(pg0 !== null && pg1 !== null && !env.FLOOR ? { 'PostgreSQL CPU per case ms': +((pg1 - pg0) / Math.max(1, r.ok)).toFixed(2) } : {}),
    'load CPU %': Math.round(r.cpuMs / 10 / r.elapsed),
    'POST p50 ms': r.p50,
    'POST p99 ms': r.p99,
    'event loop delay p99 ms': +(delay.percentile(99) / 1e6).toFixed(1),
    failed: r.failed,
  }
}

const rows = []
rows.push(await load('single, 200/s, without group commit', { RATE: 200, BATCH: 1 }))
wall.disconnect()
await app.close()
app = await createApp({ db: handle })
port = await app.listen(0, '127.0.0.1')
await follow()
for (const rate of [50, 200, 1000]) rows.push(await load(`single, ${rate}/s`, { RATE: rate, BATCH: 1 }))
// The harness's floor in the same run: GET /healthz on the same schedule (the load, the app and
// PostgreSQL share two cores here, so a trivial answer has a tail too).
rows.push(await load('floor: GET /healthz, 200/s', { RATE: 200, BATCH: 1, FLOOR: 1 }))
for (const rate of [200, 1000]) rows.push(await load(`batch of 100, ${rate}/s`, { RATE: rate, BATCH: 100 }))
rows.push(await load('single, as fast as 16 callers go', { RATE: 0, BATCH: 1, CONCURRENCY: 16 }))
rows.push(await load('batch of 500, as fast as 4 callers go', { RATE: 0, BATCH: 500, CONCURRENCY: 4 }))

report(`ingest through the API (${handle.label}, one wall subscribed)`, {
  command: `npx tsx bench/ingest.ts --seconds ${seconds}`,
  ...Object.fromEntries(rows.flatMap((row) => (row ? [row] : [])).map(({ label, ...r }) => [label, Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ')])),
  'events received by the wall': received,
})
wall.disconnect()
await app.close()
await handle.close()
process.exit(0)
