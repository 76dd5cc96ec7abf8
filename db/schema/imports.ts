import { customType, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/** A problem found in a ledger row: where (row number as the spreadsheet shows it, column), what, why. */
export interface ImportProblem {
  row: number
  column: string
  value: string
  reason: string
}

/** How the file's columns were read: each field's column, and the options of the import. */
export interface ImportOptions {
  /** Field → the column header it is read from. */
  columns: Record<string, string>
  /** Times without a zone are read as this zone's wall-clock time (null: refused). */
  zone: string | null
}

/**
 * 台账导入: an uploaded ledger (.xlsx or .csv) of a centre's earlier cases. The file is kept, so
 * an import stopped half way (a restart, a kill) resumes from `done` by itself: the rows are
 * stored in batches, each in one transaction with the progress, and stored at most once
 * (source + 受理编号). `status`: checked (a dry run: nothing stored), running, done, failed; expired (checked, never
 * started within CHECKED_KEEP_DAYS: its file dropped).
 */
export const imports = pgTable(
  'imports',
  {
    id: serial('id').primaryKey(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    fileName: text('file_name').notNull(),
    fileHash: text('file_hash').notNull(),
    content: bytea('content').notNull(),
    options: jsonb('options').$type<ImportOptions>().notNull(),
    status: text('status', { enum: ['checked', 'running', 'done', 'failed', 'expired'] }).notNull(),
    total: integer('total').notNull().default(0),
    /** Rows gone through (stored, found already stored, or skipped for a problem). */
    done: integer('done').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    existing: integer('existing').notNull().default(0),
    problems: jsonb('problems').$type<ImportProblem[]>().notNull().default([]),
    problemCount: integer('problem_count').notNull().default(0),
    error: text('error'),
    createdBy: text('created_by').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    startedAt: tz('started_at'),
    /** The last stored batch: a running import whose heartbeat is old has lost its process. */
    heartbeatAt: tz('heartbeat_at'),
    finishedAt: tz('finished_at'),
  },
  (t) => [index('imports_region_idx').on(t.regionCode, t.id), index('imports_running_idx').on(t.status)],
)

export type ImportRow = typeof imports.$inferSelect
