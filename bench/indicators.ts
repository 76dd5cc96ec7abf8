/**
 * A quarter's indicators over 1M generated cases, embedded and on PostgreSQL (when bench/run.sh
 * started one): the rows are made in SQL, rollups rebuilt, then the indicator query is timed.
 * `--scope city`: the demo city's 2,392 communities instead of the county's 164, and the city's
 * quarter, ranking of its 13 counties and review page beside one county's.
 *   npx tsx bench/indicators.ts [--cases 1000000] [--runs 30] [--scope city]
 */
import { sql } from 'drizzle-orm'
import type { DbHandle } from '../db/client'
import { seedDemo } from '../db/seed'
import { rebuildRollups } from '../server/store/rollups'
import { IndicatorStore } from '../server/store/indicators'
import { Registry } from '../server/store/registry'
import { ReviewStore } from '../server/store/review'
import { reviewView } from '../server/review/view'
import { DEFAULT_WARNING_RULES } from '../server/domain/warnings'
import { arg, benchDb, report, timeIt } from './util'

const n = arg('cases', 1_000_000)
const runs = arg('runs', 30)
const city = process.argv.includes('--scope') && process.argv[process.argv.indexOf('--scope') + 1] === 'city'

async function bench(label: string, handle: DbHandle) {
  const db = handle.db
  await seedDemo(db, new Date('2026-11-24T12:00:00+08:00'), 825, { history: false, scope: city ? 'city' : 'county' })
  const t0 = performance.now()
  // A year of cases spread over every community, 96 % resolved successfully within two weeks.
  await db.execute(sql`
    with c as (select code, row_number() over (order by code) - 1 as i from regions where level = 'community'),
         k as (select count(*) as n from c)
    insert into cases (external_id, source, kind, category, region_code, community_code, town_code, title, people_involved,
                       scale, risk_level, status, reported_at, accepted_at, deadline_at, resolved_at, outcome, closing_level)
    select 'GEN-' || g, (array['visit','grid_daily','hotline','online','wishbox'])[1 + g % 5], 'dispute',
           (array['family','neighbour','wages','property','sanitation','road','parking','safety'])[1 + g % 8],
           c.code, c.code, substr(c.code, 1, 9) || '000', 'generated', 1, 'individual', 'low',
           case when g % 50 = 0 then 'accepted' else 'archived' end,
           t, t + interval '10 minutes', t + interval '7 days',
           case when g % 50 = 0 then null else t + ((g % 14) || ' days')::interval end,
           case when g % 50 = 0 then null when g % 25 = 1 then 'failed' else 'success' end,
           case when g % 50 = 0 then null else (array['village','town','county'])[1 + g % 3] end
    from generate_series(1, ${n}) g
    cross join k
    join c on c.i = g % k.n
    cross join lateral (select timestamptz '2025-11-25 00:00+08' + (g::float8 / ${n}) * interval '364 days' as t) tt`)
  const loaded = performance.now() - t0
  const t1 = performance.now()
  await rebuildRollups(db)
  const rebuilt = performance.now() - t1
  const store = new IndicatorStore(db)
  const county = await timeIt(() => store.period('140825000000', '2026-07-01', '2026-09-30'), runs)
  const town = await timeIt(() => store.period('140825400000', '2026-07-01', '2026-09-30'), runs)
  // The review: every indicator of the quarter (cases, open and overdue now, levels, notices,
  // volunteers, wishes), the towns' ranking, and the whole page (three periods, ranking, per-community
  // map, breakdowns, eight-quarter trend).
  const now = new Date('2026-11-24T12:00:00+08:00')
  const q3 = { from: '2026-07-01', to: '2026-09-30' }
  const review = new ReviewStore(db)
  const registry = new Registry(db)
  await registry.reload()
  const reviewCounty = await timeIt(() => review.indicators('140825000000', q3, now), runs)
  const ranking = await timeIt(() => review.ranking('140825000000', 9, q3, now), runs)
  const both = await timeIt(() => Promise.all([review.indicators('140825000000', q3, now), review.ranking('140825000000', 9, q3, now)]), runs)
  const page = await timeIt(() => reviewView(review, registry, registry.region('140825000000')!, '2026Q3', now, DEFAULT_WARNING_RULES.successTarget), Math.min(runs, 10))
  const top = registry.root().code
  const cityFigures = city
    ? await (async () => {
        const quarter = await timeIt(() => store.period(top, '2026-07-01', '2026-09-30'), runs)
        const pair = await timeIt(() => Promise.all([review.indicators(top, q3, now), review.ranking(top, 6, q3, now)]), runs)
        const whole = await timeIt(() => reviewView(review, registry, registry.region(top)!, '2026Q3', now, DEFAULT_WARNING_RULES.successTarget), Math.min(runs, 10))
        return {
          'city quarter p50 ms': quarter.p50,
          'city quarter p99 ms': quarter.p99,
          'review: city indicators + ranking of its counties p50 ms': pair.p50,
          'review: city indicators + ranking of its counties p99 ms': pair.p99,
          'review: city whole page p50 ms': whole.p50,
          'accepted in quarter (city)': quarter.last.accepted,
        }
      })()
    : {}
  // The same figure straight from the cases table, for comparison (what a BI tool would run).
  const raw = await timeIt(
    () => db.execute(sql`select count(*) from cases where accepted_at >= timestamptz '2026-07-01 00:00+08' and accepted_at < timestamptz '2026-10-01 00:00+08'`),
    Math.min(runs, 5),
  )
  report(`quarter indicators over ${n.toLocaleString('en')} cases (${label}${city ? ', the demo city' : ''})`, {
    command: `npx tsx bench/indicators.ts --cases ${n}${city ? ' --scope city' : ''}`,
    'generate cases s': (loaded / 1000).toFixed(1),
    'rebuild rollups s': (rebuilt / 1000).toFixed(1),
    'county quarter p50 ms': county.p50,
    'county quarter p99 ms': county.p99,
    'town quarter p50 ms': town.p50,
    'review: county indicators p50 ms': reviewCounty.p50,
    'review: town ranking p50 ms': ranking.p50,
    'review: indicators + ranking p50 ms': both.p50,
    'review: indicators + ranking p99 ms': both.p99,
    'review: whole page p50 ms': page.p50,
    'accepted in quarter': county.last.accepted,
    'success rate %': county.last.successRate,
    'plain count over cases p50 ms': raw.p50,
    ...cityFigures,
  })
}

const handle = await benchDb('bench_ind')
await bench(handle.label, handle)
await handle.close()
process.exit(0)
