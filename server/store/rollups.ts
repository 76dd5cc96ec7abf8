import { sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { activityDaily, caseDaily, caseDimDaily, countyDaily, countyDimDaily } from '../../db/schema'
import { LEVELS } from '../domain/levels'
import { countyOf } from '../domain/regions'
import { DAILY_FIELDS, emptyDaily, type DailyCounters, type Deltas } from '../domain/counters'

/**
 * Runs statements as one: `with s0 as (…), s1 as (…) last`. Each runs to completion once; one
 * round trip instead of one each. Only for statements that do not depend on each other's rows.
 */
export async function execAll(tx: Tx, statements: SQL[]) {
  if (!statements.length) return
  const last = statements[statements.length - 1]!
  const ctes = statements.slice(0, -1).map((q, i) => sql`${sql.raw(`s${i}`)} as (${q})`)
  await tx.execute(ctes.length ? sql`with ${sql.join(ctes, sql`, `)} ${last}` : last)
}

/**
 * The upserts that add case deltas to the rollup rows (run inside the write transaction,
 * creating rows as needed), rows in a fixed order (day, community,
 * key) so that concurrent writers lock them in the same order and cannot deadlock.
 */
export function caseDeltaStatements(tx: Tx, deltas: Deltas): SQL[] {
  const out: SQL[] = []
  const byRow = new Map<string, { communityCode: string; day: string; kind: string } & DailyCounters>()
  for (const d of deltas.daily) {
    const k = `${d.day}|${d.communityCode}|${d.kind}`
    let row = byRow.get(k)
    if (!row) byRow.set(k, (row = { communityCode: d.communityCode, day: d.day, kind: d.kind, ...emptyDaily() }))
    row[d.field] += d.n
  }
  const ordered = <T>(m: Map<string, T>) => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v)
  // Add to what is there: `column + excluded.column` for every counter.
  const adding = (table: typeof caseDaily | typeof countyDaily) =>
    Object.fromEntries(DAILY_FIELDS.map((f) => [f, sql`${table[f]} + excluded.${sql.identifier(table[f].name)}`]))
  if (byRow.size) {
    out.push(tx.insert(caseDaily).values(ordered(byRow)).onConflictDoUpdate({ target: [caseDaily.day, caseDaily.communityCode, caseDaily.kind], set: adding(caseDaily) }).getSQL())
    // The same deltas summed per county: what a city's reads take (see countyDaily).
    const byCounty = new Map<string, { countyCode: string; day: string; kind: string } & DailyCounters>()
    for (const r of byRow.values()) {
      const k = `${r.day}|${countyOf(r.communityCode)}|${r.kind}`
      let row = byCounty.get(k)
      if (!row) byCounty.set(k, (row = { countyCode: countyOf(r.communityCode), day: r.day, kind: r.kind, ...emptyDaily() }))
      for (const f of DAILY_FIELDS) row[f] += r[f]
    }
    out.push(tx.insert(countyDaily).values(ordered(byCounty)).onConflictDoUpdate({ target: [countyDaily.day, countyDaily.countyCode, countyDaily.kind], set: adding(countyDaily) }).getSQL())
  }
  // One row per key: an upsert may not touch a row twice (many cases in one batch share rows).
  const dims = ordered(dimRows(deltas.dims, (community) => community))
  if (dims.length) {
    const counties = ordered(dimRows(deltas.dims, countyOf))
    out.push(tx.insert(caseDimDaily).values(dims.map(({ place, ...r }) => ({ ...r, communityCode: place })))
      .onConflictDoUpdate({ target: [caseDimDaily.day, caseDimDaily.communityCode, caseDimDaily.kind, caseDimDaily.dim, caseDimDaily.value], set: { count: sql`${caseDimDaily.count} + excluded.count` } }).getSQL())
    out.push(tx.insert(countyDimDaily).values(counties.map(({ place, ...r }) => ({ ...r, countyCode: place })))
      .onConflictDoUpdate({ target: [countyDimDaily.day, countyDimDaily.countyCode, countyDimDaily.kind, countyDimDaily.dim, countyDimDaily.value], set: { count: sql`${countyDimDaily.count} + excluded.count` } }).getSQL())
  }
  return out
}

/** Dimension deltas summed per (day, place, kind, dim, value), the place a community or its county. */
function dimRows(dims: Deltas['dims'], placeOf: (community: string) => string) {
  const out = new Map<string, { place: string; day: string; kind: string; dim: string; value: string; count: number }>()
  for (const d of dims) {
    const place = placeOf(d.communityCode)
    const k = `${d.day}|${place}|${d.kind}|${d.dim}|${d.value}`
    const row = out.get(k)
    if (row) row.count += d.n
    else out.set(k, { place, day: d.day, kind: d.kind, dim: d.dim, value: d.value, count: d.n })
  }
  return out
}

export async function applyActivity(tx: Tx, a: { communityCode: string; day: string; team: string; minutes: number; peopleServed: number }) {
  await tx
    .insert(activityDaily)
    .values({ communityCode: a.communityCode, day: a.day, team: a.team, sessions: 1, minutes: a.minutes, peopleServed: a.peopleServed })
    .onConflictDoUpdate({
      target: [activityDaily.day, activityDaily.communityCode, activityDaily.team],
      set: {
        sessions: sql`${activityDaily.sessions} + 1`,
        minutes: sql`${activityDaily.minutes} + excluded.minutes`,
        peopleServed: sql`${activityDaily.peopleServed} + excluded.people_served`,
      },
    })
}

const day = (col: string) => `(${col} at time zone 'Asia/Shanghai')::date`
/** domain/counters.ts ladderKey, in SQL (the same key for the rebuild and for migration 0026's backfill). */
const rankOf = (col: string) => `(case ${col} ${LEVELS.map((l, i) => `when '${l}' then ${i}`).join(' ')} else -1 end)`
export const LADDER_KEY_SQL = `category || '|' || closing_level || '|' || greatest(${rankOf('closing_level')}, ${rankOf('escalated_level')}) || '|' || (complexity = 'simple')::int`
const fieldCols = DAILY_FIELDS.map((f) => caseDaily[f].name).join(', ')

/**
 * The case rollups from the cases, per community, day and kind (矛盾纠纷 / 民生诉求), then the
 * counties' rows from the communities'. Same rules as domain/counters.ts; migration 0015 runs
 * the same statements (written out there).
 */
export const REBUILD_CASE_ROLLUPS = `
      insert into rollup_case_daily (community_code, day, kind, accepted, resolved, successful, resolved_cohort, on_time, handling_minutes, visited, satisfied, level_village, level_town, level_county)
      select community_code, day, kind, sum(accepted), sum(resolved), sum(successful), sum(resolved_cohort), sum(on_time), sum(handling_minutes), sum(visited), sum(satisfied),
             sum(level_village), sum(level_town), sum(level_county) from (
        select community_code, ${day('accepted_at')} as day, kind, 1 as accepted, 0 as resolved,
               (resolved_at is not null and outcome = 'success')::int as successful,
               (resolved_at is not null)::int as resolved_cohort,
               (resolved_at is not null and (deadline_at is null or resolved_at <= deadline_at))::int as on_time,
               case when resolved_at is not null then greatest(0, round(extract(epoch from resolved_at - accepted_at) / 60))::int else 0 end as handling_minutes,
               (resolved_at is not null and satisfaction is not null)::int as visited,
               coalesce(resolved_at is not null and satisfaction in ('satisfied', 'neutral'), false)::int as satisfied,
               0 as level_village, 0 as level_town, 0 as level_county
          from cases where accepted_at is not null
        union all
        select community_code, ${day('resolved_at')}, kind, 0, 1, 0, 0, 0, 0, 0, 0,
               (closing_level = 'village')::int, (closing_level = 'town')::int, (closing_level = 'county')::int
          from cases where resolved_at is not null
      ) x group by community_code, day, kind;
      insert into rollup_case_dim_daily (community_code, day, kind, dim, value, count)
      select community_code, day, kind, dim, value, count(*) from (
        select community_code, ${day('accepted_at')} as day, kind, 'category' as dim, category as value from cases where accepted_at is not null
        union all select community_code, ${day('accepted_at')}, kind, 'source', source from cases where accepted_at is not null
        union all select community_code, ${day('accepted_at')}, kind, 'kind', kind from cases where accepted_at is not null
        union all select community_code, ${day('resolved_at')}, kind, 'level', closing_level from cases where resolved_at is not null and closing_level is not null
        union all select community_code, ${day('resolved_at')}, kind, 'ladder', ${LADDER_KEY_SQL} from cases where resolved_at is not null and closing_level is not null
      ) x group by community_code, day, kind, dim, value;
      insert into rollup_county_daily (county_code, day, kind, ${fieldCols})
      select substr(community_code, 1, 6) || '000000', day, kind, ${DAILY_FIELDS.map((f) => `sum(${caseDaily[f].name})`).join(', ')}
        from rollup_case_daily group by 1, 2, 3;
      insert into rollup_county_dim_daily (county_code, day, kind, dim, value, count)
      select substr(community_code, 1, 6) || '000000', day, kind, dim, value, sum(count) from rollup_case_dim_daily group by 1, 2, 3, 4, 5`

/**
 * Recomputes every rollup from the source rows: the check and repair for the incremental path,
 * and the fast way to load history in bulk. Same rules as domain/counters.ts.
 */
export async function rebuildRollups(db: Db | Tx) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from rollup_case_daily`)
    await tx.execute(sql`delete from rollup_case_dim_daily`)
    await tx.execute(sql`delete from rollup_activity_daily`)
    await tx.execute(sql`delete from rollup_county_daily`)
    await tx.execute(sql`delete from rollup_county_dim_daily`)
    for (const statement of REBUILD_CASE_ROLLUPS.split(";")) await tx.execute(sql.raw(statement))
    await tx.execute(sql.raw(`
      insert into rollup_activity_daily (community_code, day, team, sessions, minutes, people_served)
      select community_code, ${day('started_at')}, team, count(*), sum(minutes), sum(people_served)
        from volunteer_activities group by 1, 2, 3`))
  })
}
