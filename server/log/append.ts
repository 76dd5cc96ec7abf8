import { sql } from 'drizzle-orm'
import type { Tx } from '../../db/client'
import { communityOf, type LogEntry } from './entries'

/** pg_advisory_xact_lock key of the log: held from an append until its transaction ends. */
export const LOG_LOCK = 8_250_002
/** The LISTEN/NOTIFY channel that wakes every node's tailer when entries commit. */
export const LOG_CHANNEL = 'govscreen_log'

/**
 * Appends entries to the change log: the last statement of a write transaction.
 *
 * Ids from a sequence are handed out when a row is inserted, not when its transaction commits,
 * so a reader that takes "every id above the last I saw" can skip a row committed late with a
 * smaller id. Here the insert first takes a transaction-level advisory lock, which is released
 * only when the transaction has committed (or rolled back): appends, and so ids, follow each
 * other in commit order, and a reader that sees id N committed has seen every smaller id there
 * will ever be. The lock is held only from the append to the commit. `pg_notify` in the same
 * statement is delivered at commit, once per transaction.
 */
export async function appendLog(tx: Tx, entries: LogEntry[]) {
  if (!entries.length) return
  const rows = entries.map((e) => {
    const { kind, ...payload } = e
    return { kind, community: communityOf(e), payload }
  })
  await tx.execute(sql`
    insert into change_log (kind, community, payload)
    select x.e->>'kind', x.e->>'community', x.e->'payload'
    from (select pg_advisory_xact_lock(${LOG_LOCK}), pg_notify(${LOG_CHANNEL}, '')) as locked,
         jsonb_array_elements(${JSON.stringify(rows)}::jsonb) with ordinality as x(e, n)
    order by x.n`)
}
