/**
 * Fan-out: N walls subscribed to the city (the demo city, 13 county-level units), cases posted
 * through the API at R per second spread over the city's communities; event → wall latency
 * (from just before the POST to the frame's arrival), deliveries/s, frames per wall per second,
 * lost and doubled deliveries. Each configuration runs the product on one node and on two
 * nodes (walls split between them, posts alternating), and a plain `ws` server sending every
 * event as its own frame of the same size to the same walls: Node's per-event floor.
 *
 * The walls are one lean process (bench/fanout-clients.ts) pinned to the last core; the server
 * side (the nodes, or the floor) to core 0, where the machine has two cores or more. The
 * database and the poster (this process) are not pinned.
 *   npx tsx bench/fanout.ts [--walls 2000] [--rate 200] [--seconds 10]     one configuration
 *   npx tsx bench/fanout.ts                                                the series below
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { seedDemo } from '../db/seed'
import { isoLocal } from '../server/domain/time'
import { createApp } from '../server/app'
import { arg, benchDb, percentile, report } from './util'

const SERIES: [number, number][] = process.argv.includes('--walls') ? [[arg('walls', 2000), arg('rate', 200)]] : [[200, 50], [500, 100], [1000, 200], [2000, 200]]
const seconds = arg('seconds', 10)
const batch = arg('batch', 1)
/** `--modes one,two,floor`: which of the three to run (all by default). */
const modes = new Set((process.argv.includes('--modes') ? process.argv[process.argv.indexOf('--modes') + 1]! : 'one,two,floor').split(','))
const cores = availableParallelism()
const pin = (core: number) => (cores >= 2 ? ['taskset', '-c', String(core)] : [])

/** `--profile DIR`: the app nodes write CPU profiles (.cpuprofile) there. */
const profile = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1]! : null
function child(script: string, env: Record<string, string>, core: number): ChildProcess {
  const prof = profile && script.includes('node') ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  const [cmd, ...args] = [...pin(core), process.execPath, ...prof, '--import', 'tsx', new URL(script, import.meta.url).pathname]
  return spawn(cmd!, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } })
}
const next = <T>(c: ChildProcess, pred: (m: any) => boolean = () => true): Promise<T> =>
  new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`child exited with ${code}`))
    const on = (m: unknown) => pred(m) && (c.off('message', on), c.off('exit', exited), resolve(m as T))
    c.on('message', on)
    c.once('exit', exited)
  })
const ask = <T>(c: ChildProcess, msg: object, pred?: (m: any) => boolean) => {
  const p = next<T>(c, pred)
  c.send(msg)
  return p
}

// The database, the demo city's places (no history: the walls watch what is posted now) and keys.
const handle = await benchDb('bench_fanout')
await seedDemo(handle.db, new Date(), 825, { history: false, scope: 'city' })
const setup = await createApp({ db: handle })
const root = setup.ctx.rootCode
const { secret: ingest } = await setup.ctx.accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: root })
const { secret: token } = await setup.ctx.accounts.createKey({ kind: 'screen', name: '压测大屏', regionCode: root })
const communities = setup.ctx.registry.regions().filter((r) => r.level === 'community').map((r) => r.code)
await setup.close()

const clients = child('./fanout-clients.ts', {}, cores - 1)
await next(clients)

/**
 * Posts `total` cases at `rate`/s, alternating between `urls`, one a request or (`--batch B`)
 * B a request through /cases:batch; resolves when the last answer is in. Each case is stamped
 * with when it was due, so a poster that falls behind shows in the latency.
 */
async function post(urls: string[], rate: number, total: number) {
  let posted = 0
  let failed = 0
  const rtts: number[] = []
  const statuses = new Set<number | string>()
  const pending: Promise<void>[] = []
  const start = performance.now()
  const epochStart = Date.now()
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate)) - posted
      // Whole batches as they fall due; a short one only at the very end.
      for (let left = due; left >= batch || (left > 0 && posted + left >= total); left -= batch) {
        const items = []
        for (let j = 0; j < batch && posted < total; j++) {
          const k = ++posted
          items.push({
            externalId: `F-${Math.round(epochStart + (k * 1000) / rate)}-${k}`, source: 'hotline', kind: 'dispute', category: 'neighbour', regionCode: communities[(k * 7919) % communities.length],
            title: '压测案件', reportedAt: isoLocal(Date.now() - 60_000), acceptedAt: isoLocal(Date.now()),
          })
        }
        const body = JSON.stringify(batch === 1 ? items[0] : { cases: items })
        const sent = performance.now()
        pending.push(
          fetch(`${urls[posted % urls.length]}/api/v1/cases${batch === 1 ? '' : ':batch'}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ingest}` }, body }).then(
            (r) => void (rtts.push(performance.now() - sent), r.ok || (failed++, statuses.add(r.status))),
            (e) => void (failed++, statuses.add(String((e as Error).cause ?? e))),
          ),
        )
      }
      if (posted >= total) {
        clearInterval(timer)
        done()
      }
    }, 5)
  })
  await Promise.all(pending)
  rtts.sort((a, b) => a - b)
  return { failed: statuses.size ? `${failed} (${[...statuses].join(', ')})` : failed, 'POST p50 ms': +percentile(rtts, 0.5).toFixed(1), 'POST p99 ms': +percentile(rtts, 0.99).toFixed(1) }
}

async function product(nodes: number, walls: number, rate: number): Promise<Record<string, unknown>> {
  const procs = Array.from({ length: nodes }, () => child('./fanout-node.ts', { FANOUT_DATABASE_URL: handle.url }, 0))
  const urls = (await Promise.all(procs.map((p) => next<{ port: number }>(p)))).map((m) => `http://127.0.0.1:${m.port}`)
  for (let i = 0; i < nodes; i++) await ask(clients, { connect: { url: urls[i], n: Math.floor(walls / nodes) + (i < walls % nodes ? 1 : 0), token, region: root, floor: false } }, (m) => m === 'ready')
  await ask(clients, { measure: { total: rate * seconds } }, (m) => m === 'measuring')
  for (const p of procs) p.send({ reset: true })
  const posts = await post(urls, rate, rate * seconds)
  const figures = await ask<Record<string, number>>(clients, { report: {} }, (m) => typeof m === 'object')
  const stats = await Promise.all(procs.map((p) => ask<Record<string, unknown>>(p, { stats: true })))
  await ask(clients, { close: {} }, (m) => m === 'closed')
  await Promise.all(procs.map((p) => new Promise((r) => (p.once('exit', r), p.send({ exit: true })))))
  return { ...figures, 'failed posts': posts.failed, 'POST p50 ms': posts['POST p50 ms'], 'POST p99 ms': posts['POST p99 ms'], 'server event-loop delay p99 ms': stats.map((s) => s['event-loop delay p99 ms']).join(' / ') }
}

async function floor(walls: number, rate: number, bytesPerEvent: number): Promise<Record<string, unknown>> {
  const f = child('./fanout-floor.ts', {}, 0)
  const { port } = await next<{ port: number }>(f)
  await ask(clients, { connect: { url: `ws://127.0.0.1:${port}`, n: walls, floor: true } }, (m) => m === 'ready')
  await ask(clients, { measure: { total: rate * seconds } }, (m) => m === 'measuring')
  const done = await ask<Record<string, number>>(f, { run: { rate, total: rate * seconds, bytesPerEvent } }, (m) => m.done)
  const figures = await ask<Record<string, number>>(clients, { report: {} }, (m) => typeof m === 'object')
  await ask(clients, { close: {} }, (m) => m === 'closed')
  f.kill('SIGKILL')
  return { ...figures, 'server event-loop delay p99 ms': done['server event-loop delay p99 ms'] }
}

const pick = (r: Record<string, unknown>) => ({
  'p50 ms': r['latency p50 ms'], 'p99 ms': r['latency p99 ms'], 'max ms': r['latency max ms'], 'deliveries/s': r['deliveries/s'],
  'frames/wall/s': r['frames per wall per second'], lost: r.lost, doubled: r.doubled, 'failed posts': r['failed posts'] ?? '-', 'POST p50/p99 ms': r['POST p50 ms'] === undefined ? '-' : `${r['POST p50 ms']} / ${r['POST p99 ms']}`, 'loop p99 ms': r['server event-loop delay p99 ms'], 'walls CPU %': r['walls process CPU %'],
})
for (const [walls, rate] of SERIES) {
  const none: Record<string, unknown> = {}
  const one = modes.has('one') ? await product(1, walls, rate) : none
  const two = modes.has('two') ? await product(2, walls, rate) : none
  const base = modes.has('floor') ? await floor(walls, rate, Math.max(200, Number(one['bytes per delivery']) || 1050)) : none
  report(`fan-out: ${walls} walls × ${rate} cases/s for ${seconds} s (${handle.label}, ${cores} cores; walls on core ${cores - 1}, server on core 0)`, {
    command: `npx tsx bench/fanout.ts --walls ${walls} --rate ${rate} --seconds ${seconds}${batch > 1 ? ` --batch ${batch}` : ''}`,
    posts: batch > 1 ? `${batch} cases a request (/cases:batch)` : 'one case a request',
    'one node': JSON.stringify(pick(one)),
    'two nodes': JSON.stringify(pick(two)),
    'plain ws, one frame per event (floor)': JSON.stringify(pick(base)),
    'bytes per delivery (product, one node)': one['bytes per delivery'],
  })
}
clients.kill('SIGKILL')
await handle.close()
process.exit(0)
