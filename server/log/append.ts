import { sql } from 'drizzle-orm'
import { AsyncLocalStorage } from 'node:async_hooks'
import { queryRows, type Tx } from '../../db/client'
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
/**
 * The lock and the wake-up, as select-list items: every statement that inserts into the log
 * selects them in a sub-select of its FROM, before any id is drawn (here, and in
 * store/caseInsert.ts's one statement).
 */
export const lockLog = sql`pg_advisory_xact_lock(${LOG_LOCK}) as locked, pg_notify(${LOG_CHANNEL}, '') as notified`

export async function appendLog(tx: Tx, entries: LogEntry[]): Promise<number> {
  if (!entries.length) return 0
  const values = entries.map((e) => {
    const { kind, ...payload } = e
    return { kind, community: communityOf(e), payload }
  })
  const rows = await queryRows<{ id: string }>(tx, sql`
    insert into change_log (kind, community, payload)
    select x.e->>'kind', x.e->>'community', x.e->'payload'
    from (select ${lockLog}) as locked,
         jsonb_array_elements(${JSON.stringify(values)}::jsonb) with ordinality as x(e, n)
    order by x.n
    returning id`)
  const last = Math.max(...rows.map((r) => Number(r.id)))
  noteAppended(last)
  return last
}

/**
 * The last log id the current request appended (read your writes: the answer waits until this
 * node has read it back). Set per request by the API; a write outside a request notes nothing.
 */
export const appended = new AsyncLocalStorage<{ id: number }>()

export function noteAppended(id: number) {
  const s = appended.getStore()
  if (s && id > s.id) s.id = id
}
