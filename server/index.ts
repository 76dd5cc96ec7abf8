import cluster from 'node:cluster'
import { openDb, type DbHandle } from '../db/client'
import { defaultDataDir, pgliteNotice } from '../db/embedded'
import { databaseHolds, ensureDemoUnits, markDemo, seedDemo, type DemoScope } from '../db/seed'
import { createApp } from './app'
import { DEMO_SCREEN_TOKEN, DEMO_USERS, ensureDemoScreen, ensureDemoUsers, ensureFirstAdmin, simulatorKeys } from './auth/bootstrap'
import { readEnv, trustProxy } from './env'
import { describeError } from './errors'
import { Simulator } from './simulator'
import { AccountStore } from './store/accounts'
import { Registry } from './store/registry'

const env = readEnv()
// A wall server must not die of a promise nobody awaited: say so loudly (tests look for this line) and go on.
process.on('unhandledRejection', (e) => console.error(`unhandled rejection: ${describeError(e)}`))
/**
 * The demo (demo data, public demo accounts and wall token, a simulator) runs only when asked:
 * `npm start` asks (`--demo`); `npm run serve` runs for real. `--no-demo` is the same as leaving
 * `--demo` out.
 */
const demo = process.argv.includes('--demo') && !process.argv.includes('--no-demo')
/** `--demo city`: the whole city (its 13 county-level units) instead of one county, in a data directory of its own. */
const demoScope: DemoScope = demo && process.argv[process.argv.indexOf('--demo') + 1] === 'city' ? 'city' : 'county'
// The demo's accounts have published passwords: it listens on this machine only unless told otherwise.
const host = env.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0')

/**
 * `--workers N` (or WORKERS): N app processes on one port, each a node of its own on the same
 * database (the primary starts and keeps the embedded PostgreSQL, prepares the database, and
 * starts a worker again when one dies). One leads the clock-driven work (server/leader.ts).
 */
const workersArg = process.argv.indexOf('--workers')
const workers = workersArg >= 0 ? Number(process.argv[workersArg + 1]) : env.WORKERS
if (!Number.isInteger(workers) || workers < 1) {
  console.error('--workers needs a whole number of processes, at least 1')
  process.exit(1)
}

if (cluster.isWorker) await serve(await openDb({ databaseUrl: process.env.GOVSCREEN_DATABASE_URL! }))
else {
  const handle = await prepare()
  if (workers === 1) await serve(handle)
  else await supervise(handle)
}

/** The database, ready: started (embedded), migrated, checked (demo or real), seeded, with its first accounts. */
async function prepare(): Promise<DbHandle> {
  const dataDir = env.DATA_DIR ?? (demoScope === 'city' ? `${defaultDataDir()}-city` : defaultDataDir())
  if (!env.DATABASE_URL) {
    const notice = pgliteNotice(env.DATA_DIR ?? './data')
    if (notice) console.warn(notice)
  }
  const handle = await openDb({ databaseUrl: env.DATABASE_URL, dataDir, embedded: { own: true, log: (line) => console.log(`database: ${line}`) } })
  console.log(`database: ${handle.kind === 'external' ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${handle.embedded!.pgDir}`}, migrated`)
  // The embedded database is the app's to keep running: if it dies, it is started again.
  handle.embedded?.supervise()
  // Demo and real data never share a database: the demo's accounts and token are public.
  const holds = await databaseHolds(handle.db)
  if (demo && holds === 'real') {
    console.error('refusing to start the demo: this database holds a centre\'s own data, and the demo would add accounts and a wall token whose passwords are public.\n  Run it for real with `npm run serve`, or give the demo its own DATA_DIR / DATABASE_URL.')
    process.exit(1)
  }
  if (!demo && holds === 'demo') {
    console.error('refusing to run for real on the demo database: its accounts and wall token have public passwords.\n  Use an empty DATA_DIR / DATABASE_URL for real data (npm run serve), or start the demo with `npm start`.')
    process.exit(1)
  }
  if (demo && demoScope === 'city' && holds === 'empty') console.log('loading the city demo: a year of history for 13 county-level units takes a minute or two, once')
  const seeded = await seedDemo(handle.db, new Date(), env.DEMO_SEED, { history: demo, people: demo, scope: demoScope })
  if (demo) await markDemo(handle.db)
  if (demo && !seeded.seeded && (await ensureDemoUnits(handle.db, env.DEMO_SEED))) console.log('demo: the units directory (承办单位) added to this database')
  const registry = new Registry(handle.db)
  await registry.reload()
  const root = registry.root()
  if (seeded.seeded) console.log(`regions loaded: ${root.name}${demo ? `, ${seeded.cases} cases of demo history` : ''}`)
  const accounts = new AccountStore(handle.db, registry)
  const adminPassword = await ensureFirstAdmin(handle.db, accounts, root.code)
  if (adminPassword) console.log(`first start: user "admin", one-time password ${adminPassword} (shown only now; change it at first login)`)
  if (demo) {
    await ensureDemoUsers(accounts, registry)
    await ensureDemoScreen(accounts, root.code)
  }
  return handle
}

/** One node: the app on the port, and the demo simulator when this node leads. */
async function serve(handle: DbHandle) {
  const app = await createApp({ db: handle, trustProxy: trustProxy(env.TRUST_PROXY), limits: { socketsPerAddress: env.MAX_SOCKETS_PER_ADDRESS, connections: env.MAX_CONNECTIONS }, logRetentionHours: env.LOG_RETENTION_HOURS, geoDir: env.GEO_DIR, pdfFont: env.PDF_FONT ? { file: env.PDF_FONT, family: env.PDF_FONT_FAMILY } : undefined, home: demo ? `/screen?token=${DEMO_SCREEN_TOKEN}` : '/duty' })
  const port = await app.listen(env.PORT, host)
  const who = cluster.isWorker ? `worker ${process.pid} ` : ''
  console.log(`govscreen ${who}listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}${host === '127.0.0.1' ? ' (this machine only; HOST=0.0.0.0 to open it to the network)' : ''}`)
  if (demo && !cluster.isWorker) console.log(`  wall:      http://localhost:${port}/screen?token=${DEMO_SCREEN_TOKEN}\n  duty desk: http://localhost:${port}/duty (demo accounts in the README)`)

  const keys = demo && env.SIM_RATE > 0 ? await simulatorKeys(app.ctx.accounts, app.ctx.rootCode, Simulator.SOURCES) : null
  const sim = keys ? new Simulator({ baseUrl: `http://127.0.0.1:${port}`, rate: env.SIM_RATE, seed: env.DEMO_SEED, keys: keys.secrets, account: DEMO_USERS.find((u) => u.role === 'duty' && u.regionCode === app.ctx.rootCode) ?? DEMO_USERS[0] }) : null
  if (sim) {
    // On the leading node only: with several nodes on one database, one simulator feeds them all.
    app.ctx.leadership.onChange((leading) => {
      if (!leading) return sim.stop()
      sim.start()
      console.log(`simulator: ${env.SIM_RATE} changes/s through the API (SIM_RATE=0 to stop)`)
    })
  }

  const stop = async () => {
    sim?.stop()
    await keys?.revoke(new Date())
    await app.close()
    await handle.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

/** The primary of `--workers N`: starts N workers on the prepared database and keeps N running. */
async function supervise(handle: DbHandle) {
  let stopping = false
  const fork = () => cluster.fork({ GOVSCREEN_DATABASE_URL: handle.url })
  for (let i = 0; i < workers; i++) fork()
  console.log(`govscreen: ${workers} workers on port ${env.PORT}`)
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return
    console.error(`worker ${w.process.pid} ended (${signal ?? code}); starting another`)
    fork()
  })
  const stop = async () => {
    stopping = true
    const all = Object.values(cluster.workers ?? {}).filter((w) => !!w)
    await Promise.all(all.map((w) => new Promise<void>((r) => (w!.isDead() ? r() : (w!.once('exit', () => r()), w!.kill('SIGTERM'))))))
    await handle.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
