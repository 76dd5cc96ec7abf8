/**
 * The warning engine at county scale: 100k open cases with deadlines spread over eight days
 * (some already overdue, windows opening all the time). Measures the start-up (load every open
 * case, recompute, schedule) and the CPU the engine costs per second while time passes.
 *   npx tsx bench/warnings.ts [--cases 100000] [--seconds 20]
 */
import type { DbHandle } from '../db/client'
import { eq } from 'drizzle-orm'
import { cases, regions } from '../db/schema'
import { seedDemo } from '../db/seed'
import { createApp } from '../server/app'
import { caseColour, DEFAULT_WARNING_RULES, nextChangeAt } from '../server/domain/warnings'
import { arg, benchDb, report } from './util'

const n = arg('cases', 100_000)
const seconds = arg('seconds', 20)
const DAY = 86_400_000

async function fill(handle: DbHandle, now: Date) {
  await seedDemo(handle.db, now, 825, { history: false })
  const communities = (await handle.db.select({ code: regions.code }).from(regions).where(eq(regions.level, 'community'))).map((r) => r.code)
  const rows = []
  for (let i = 0; i < n; i++) {
    // Deadlines uniform over the next 8 days; every case has a 7-day limit, so windows open all the time.
    const deadlineAt = new Date(+now + 60_000 + (i / n) * 8 * DAY)
    const acceptedAt = new Date(+deadlineAt - 7 * DAY)
    const c = { status: 'accepted', reportedAt: acceptedAt, acceptedAt, deadlineAt, scale: 'individual', peopleInvolved: 1, riskLevel: i % 10 === 0 ? 'medium' : 'low', supervisionLevel: 0, failedMediations: 0, repeatVisits: 0 }
    const { colour, reasons } = caseColour(c, now, DEFAULT_WARNING_RULES)
    const community = communities[i % communities.length]!
    rows.push({
      ...c, externalId: `B-${i}`, source: 'hotline', kind: 'dispute', category: 'neighbour', regionCode: community, communityCode: community,
      townCode: `${community.slice(0, 9)}000`, title: 'bench', colour, colourReasons: reasons, colourSince: now, colourNextAt: nextChangeAt(c, now, DEFAULT_WARNING_RULES),
    })
  }
  for (let i = 0; i < rows.length; i += 2000) await handle.db.insert(cases).values(rows.slice(i, i + 2000))
}

async function bench(label: string, open: () => Promise<DbHandle>) {
  const handle = await open()
  await fill(handle, new Date())
  // First start: no record of the rules the colours were computed with, so every case is recomputed
  // (as after a rules change while down). Then a usual restart, which reads the stored schedule.
  let t0 = performance.now()
  const first = await createApp({ db: handle, staticDir: '/nonexistent' })
  const firstStartup = performance.now() - t0
  const firstEngine = { ...first.ctx.warnings.stats }
  await first.close()
  t0 = performance.now()
  const app = await createApp({ db: handle, staticDir: '/nonexistent' })
  const startup = performance.now() - t0
  const engine = app.ctx.warnings
  const before = { ...engine.stats }
  global.gc?.()
  const heap = process.memoryUsage()
  const cpu0 = process.cpuUsage()
  const w0 = performance.now()
  await new Promise((r) => setTimeout(r, seconds * 1000))
  const cpu = process.cpuUsage(cpu0)
  const wall = (performance.now() - w0) * 1000
  report(`warning engine, ${n.toLocaleString('en')} open cases (${label})`, {
    'restart: createApp (registry, live model, engine)': `${startup.toFixed(0)} ms`,
    'restart: engine start (read stored schedule, catch up)': `${before.startMs} ms for ${before.openAtStart.toLocaleString('en')} open cases`,
    'full recompute start (rules changed while down): createApp': `${firstStartup.toFixed(0)} ms`,
    'full recompute start: engine': `${firstEngine.startMs} ms`,
    'timers scheduled': engine.scheduled.toLocaleString('en'),
    [`transitions in ${seconds} s of steady state`]: engine.stats.changes - before.changes,
    'CPU in steady state': `${((100 * (cpu.user + cpu.system)) / wall).toFixed(2)} % of one core`,
    'heap used after start': `${(heap.heapUsed / 2 ** 20).toFixed(0)} MB (rss ${(heap.rss / 2 ** 20).toFixed(0)} MB)`,
  })
  await app.close()
  await handle.close()
}

await bench('embedded PostgreSQL', () => benchDb('bench_warnings'))
