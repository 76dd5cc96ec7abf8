import { sql } from 'drizzle-orm'
import { doublePrecision, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * 趋势预警: a place (a community or a town) whose new cases of one category rose beyond its own
 * normal (docs/WARNINGS.md). Raised and cleared by the clock's evaluation; one open flag per place
 * and category (`clearedAt` null), its figures kept up to date while it stays.
 */
export const trendFlags = pgTable(
  'trend_flags',
  {
    id: serial('id').primaryKey(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    category: text('category').notNull(),
    raisedAt: tz('raised_at').notNull(),
    clearedAt: tz('cleared_at'),
    /** The window's days, its count, the count expected from the baseline, the flag's limit, and the normal a week. */
    windowDays: integer('window_days').notNull(),
    observed: integer('observed').notNull(),
    expected: doublePrecision('expected').notNull(),
    limit: integer('limit').notNull(),
    perWeek: doublePrecision('per_week').notNull(),
    /** The tail probability of the count (docs/WARNINGS.md). */
    p: doublePrecision('p').notNull(),
    reason: text('reason').notNull(),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('trend_flags_open_idx').on(t.regionCode, t.category).where(sql`${t.clearedAt} is null`),
    index('trend_flags_raised_idx').on(t.raisedAt),
  ],
)

export type TrendFlag = typeof trendFlags.$inferSelect
