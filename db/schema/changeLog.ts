import { sql } from 'drizzle-orm'
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * The change log: every committed change appends its entries here in the same transaction, and
 * every node publishes by reading it in id order. Ids are handed out in commit order (the
 * appender holds a transaction-level advisory lock from the insert until commit), so a reader
 * that has seen id N has seen every entry below N that will ever exist. See docs/ARCHITECTURE.md.
 */
export const changeLog = pgTable(
  'change_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** case | notice | activity | wish | rules | key_revoked | user_disabled | session_ended */
    kind: text('kind').notNull(),
    /** The community whose streams (and its town's and county's) carry the entry; null for system entries. */
    community: text('community'),
    payload: jsonb('payload').$type<unknown>().notNull(),
  },
  (t) => [index('change_log_community_idx').on(t.community, t.id), index('change_log_at_idx').on(t.at)],
)

/** One row: the log's epoch. It changes only when the log is started anew (ids would restart). */
export const changeLogMeta = pgTable('change_log_meta', {
  id: integer('id').primaryKey().default(1),
  epoch: uuid('epoch').notNull().default(sql`gen_random_uuid()`),
})

export type ChangeLogRow = typeof changeLog.$inferSelect
