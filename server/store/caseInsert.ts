import { createHash } from 'node:crypto'
import { getTableColumns, sql } from 'drizzle-orm'
import { queryPrepared, type Tx, type Db } from '../../db/client'
import { caseDaily, caseDimDaily, caseEvents, cases, countyDaily, countyDimDaily, type CaseRow } from '../../db/schema'
import { DAILY_FIELDS, type Deltas } from '../domain/counters'
import { lockLog, noteAppended } from '../log/append'
import { caseFromDb } from '../log/entries'
import { OPEN_STATUSES } from '../domain/lifecycle'
import { LATE_RECORD_MS } from '../live/summary'

const caseCols = getTableColumns(cases)
/** A prepared statement's name per set of columns (a report and a ledger row store different ones). */
const statementKey = (keys: string[]) => createHash('sha1').update(keys.join(',')).digest('hex').slice(0, 16)
const dailyCols = getTableColumns(caseDaily)
const name = (c: { name: string }) => sql.raw(`"${c.name}"`)
const list = (cols: { name: string }[]) => sql.join(cols.map(name), sql`, `)

/**
 * New cases in one statement, one round trip: the rows, their ledger rows, their rollup deltas
 * (per community and per county) and their change-log entries. Reports that exist already (source, externalId) are skipped.
 *
 * Lock order is the same as every other write's: row locks first (the cases' unique index, the
 * rollup rows in (day, community) order), the log's advisory lock last. The lock's sub-select
 * reads the ledger and rollup inserts' outputs, so PostgreSQL must finish them before it takes
 * the lock; the log insert reads the lock's row.
 */
export async function insertCases(db: Db | Tx, values: Record<string, unknown>[], deltas: Deltas[]): Promise<{ rows: CaseRow[]; logId: number }> {
  const r = await insertStatement(db, values, deltas, true)
  const logId = Number(r?.log_id ?? 0)
  if (logId) noteAppended(logId)
  return { rows: (r?.rows ?? []).map(caseFromDb), logId }
}

/** A case inserted without its log entry: its key, and its whole row only when `held` (still open, or recent enough for the feed). */
export interface InsertedCase {
  id: number
  source: string
  externalId: string
  communityCode: string
  row: CaseRow | null
}

/**
 * The same insert for an import: the rows, their ledger rows and rollups, but no log entry (the
 * caller writes one per community and batch, see ImportChange); whole rows come back only for
 * the cases a screen holds.
 */
export async function insertCasesUnlogged(tx: Tx, values: Record<string, unknown>[], deltas: Deltas[]): Promise<InsertedCase[]> {
  const r = await insertStatement(tx, values, deltas, false)
  return (r?.inserted ?? []).map((x) => ({ id: x.id, source: x.source, externalId: x.external_id, communityCode: x.community_code, row: x.row ? caseFromDb(x.row) : null }))
}

type InsertResult = { rows?: Record<string, unknown>[]; log_id?: string | null; inserted?: { id: number; source: string; external_id: string; community_code: string; row: Record<string, unknown> | null }[] }

async function insertStatement(db: Db | Tx, values: Record<string, unknown>[], deltas: Deltas[], logged: boolean): Promise<InsertResult | undefined> {
  const keys = Object.keys(values[0]!) as (keyof typeof caseCols)[]
  const cols = keys.map((k) => caseCols[k]!)
  const input = JSON.stringify(values.map((v) => Object.fromEntries(keys.map((k) => [caseCols[k]!.name, v[k] instanceof Date ? (v[k] as Date).toISOString() : v[k]]))))
  const key = (v: Record<string, unknown>) => `${v.source}\u0001${v.externalId}`
  const daily = JSON.stringify(deltas.flatMap((d, i) => d.daily.map((x) => ({ key: key(values[i]!), community_code: x.communityCode, day: x.day, kind: x.kind, field: x.field, n: x.n }))))
  const dims = JSON.stringify(deltas.flatMap((d, i) => d.dims.map((x) => ({ key: key(values[i]!), community_code: x.communityCode, day: x.day, kind: x.kind, dim: x.dim, value: x.value, n: x.n }))))
  const perCase = !logged ? '[]' : JSON.stringify(deltas.map((d, i) => ({ key: key(values[i]!), deltas: d })))
  const fieldCols = DAILY_FIELDS.map((f) => dailyCols[f])
  const sums = sql.join(DAILY_FIELDS.map((f) => sql`sum(case when dv.field = ${f} then dv.n else 0 end)::int`), sql`, `)
  const adds = sql.join(fieldCols.map((c) => sql`${name(c)} = ${caseDaily}.${name(c)} + excluded.${name(c)}`), sql`, `)
  const countyAdds = sql.join(fieldCols.map((c) => sql`${name(c)} = ${countyDaily}.${name(c)} + excluded.${name(c)}`), sql`, `)
  const county = (col: string) => sql.raw(`substr(${col}, 1, 6) || '000000'`)
  const ckey = sql`c.source || E'\\u0001' || c.external_id`
  const held = sql`c.status in (${sql.join(OPEN_STATUSES.map((x) => sql`${x}`), sql`, `)}) or c.created_at - c.reported_at <= ${`${LATE_RECORD_MS / 1000} seconds`}::interval`
  const [r] = await queryPrepared<InsertResult>(db, `insert-cases-${logged ? 'logged' : 'unlogged'}-${statementKey(keys)}`, sql`
    with c as (
      insert into ${cases} (${list(cols)})
      select ${list(cols)} from jsonb_populate_recordset(null::${cases}, ${input}::jsonb) with ordinality as i
      order by i.ordinality
      on conflict (source, external_id) do nothing
      returning *
    ),
    e as (
      insert into ${caseEvents} (case_id, at, actor, action, from_status, to_status, data)
      select c.id, coalesce(c.accepted_at, c.reported_at), c.source, 'create', null, c.status, jsonb_build_object('source', c.source, 'category', c.category) from c
      returning 1
    ),
    dv as (select x.* from jsonb_to_recordset(${daily}::jsonb) as x(key text, community_code text, day date, kind text, field text, n int) join c on ${ckey} = x.key),
    d as (
      insert into ${caseDaily} (community_code, day, kind, ${list(fieldCols)})
      select dv.community_code, dv.day, dv.kind, ${sums} from dv group by dv.day, dv.community_code, dv.kind order by dv.day, dv.community_code, dv.kind
      on conflict (day, community_code, kind) do update set ${adds}
      returning 1
    ),
    dc as (
      insert into ${countyDaily} (county_code, day, kind, ${list(fieldCols)})
      select ${county('dv.community_code')}, dv.day, dv.kind, ${sums} from dv group by dv.day, 1, dv.kind order by dv.day, 1, dv.kind
      on conflict (day, county_code, kind) do update set ${countyAdds}
      returning 1
    ),
    mv as (select x.* from jsonb_to_recordset(${dims}::jsonb) as x(key text, community_code text, day date, kind text, dim text, value text, n int) join c on ${ckey} = x.key),
    m as (
      insert into ${caseDimDaily} (community_code, day, kind, dim, value, count)
      select mv.community_code, mv.day, mv.kind, mv.dim, mv.value, sum(mv.n)::int from mv group by mv.day, mv.community_code, mv.kind, mv.dim, mv.value order by mv.day, mv.community_code, mv.kind, mv.dim, mv.value
      on conflict (day, community_code, kind, dim, value) do update set count = ${caseDimDaily}.count + excluded.count
      returning 1
    ),
    mc as (
      insert into ${countyDimDaily} (county_code, day, kind, dim, value, count)
      select ${county('mv.community_code')}, mv.day, mv.kind, mv.dim, mv.value, sum(mv.n)::int from mv group by mv.day, 1, mv.kind, mv.dim, mv.value order by mv.day, 1, mv.kind, mv.dim, mv.value
      on conflict (day, county_code, kind, dim, value) do update set count = ${countyDimDaily}.count + excluded.count
      returning 1
    ),
    ${logged ? sql`
    l as (
      select ${lockLog}
      from (select (select count(*) from e) + (select count(*) from d) + (select count(*) from m) + (select count(*) from dc) + (select count(*) from mc) as n) as written
      where exists (select 1 from c)
    ),
    g as (
      insert into change_log (kind, community, payload)
      select 'case', c.community_code, jsonb_build_object('change', jsonb_build_object('type', 'case', 'before', null, 'after', to_jsonb(c), 'deltas', pc.deltas))
      from c join jsonb_to_recordset(${perCase}::jsonb) as pc(key text, deltas jsonb) on ${ckey} = pc.key, l
      order by c.id
      returning id
    )
    select (select coalesce(jsonb_agg(to_jsonb(c) order by c.id), '[]'::jsonb) from c) as rows, (select max(id) from g) as log_id` : sql`
    w as (select (select count(*) from e) + (select count(*) from d) + (select count(*) from m) + (select count(*) from dc) + (select count(*) from mc) as n)
    select (select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'source', c.source, 'external_id', c.external_id, 'community_code', c.community_code, 'row', case when ${held} then to_jsonb(c) end) order by c.id), '[]'::jsonb) from c) as inserted, (select n from w) as written`}`)
  return r
}
