import { sql } from 'drizzle-orm'
import { queryRows, type Db, type Tx } from '../../db/client'
import { prefixOf, streamsOf } from '../domain/regions'
import { revive, type LogRecord } from '../log/entries'

/** Where every stream stands when a node starts, read in the same snapshot as its live model. */
export interface StreamStart {
  epoch: string
  /** The last log id the snapshot holds. */
  position: number
  /** Below this the log has been pruned: a quiet stream stands here. */
  floor: number
  /** The last log id on each stream (community, town, county). */
  lastOn: Map<string, number>
}

export async function readStreamStart(tx: Db | Tx): Promise<StreamStart> {
  const [meta] = await queryRows<{ epoch: string; lo: string | null; hi: string | null }>(
    tx,
    sql`select (select epoch::text from change_log_meta where id = 1) as epoch, min(id) as lo, max(id) as hi from change_log`,
  )
  const position = Number(meta?.hi ?? 0)
  const floor = meta?.lo ? Number(meta.lo) - 1 : position
  const lastOn = new Map<string, number>()
  const rows = await queryRows<{ community: string; last: string }>(tx, sql`select community, max(id) as last from change_log where community is not null group by community`)
  for (const r of rows) {
    for (const region of streamsOf(r.community)) lastOn.set(region, Math.max(lastOn.get(region) ?? 0, Number(r.last)))
  }
  if (!meta?.epoch) throw new Error('change_log_meta has no epoch row: the migrations did not run')
  return { epoch: meta.epoch, position, floor, lastOn }
}

/** The entries of `region`'s stream in (after, upTo], and the log's current floor. */
export async function readStream(db: Db, region: string, after: number, upTo: number, limit: number): Promise<{ records: LogRecord[]; floor: number }> {
  const rows = await queryRows<{ id: string; at: Date; kind: string; payload: unknown; floor: string | null }>(
    db,
    sql`select id, at, kind, payload, (select min(id) - 1 from change_log) as floor from change_log
        where community like ${prefixOf(region) + '%'} and id > ${after} and id <= ${upTo} order by id limit ${limit}`,
  )
  let floor = rows[0]?.floor
  if (floor === undefined) floor = (await queryRows<{ floor: string | null }>(db, sql`select min(id) - 1 as floor from change_log`))[0]?.floor ?? null
  return { records: rows.map((r) => revive(Number(r.id), r.at, r.kind, r.payload)), floor: floor === null ? upTo : Number(floor) }
}
