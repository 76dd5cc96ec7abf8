import { boolean, date, doublePrecision, index, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * 口径对账: a figure the centre has published (an indicator of a region over a period), kept so
 * the product can set beside it what it computes from its own records (docs/INDICATORS.md).
 */
export const publishedFigures = pgTable(
  'published_figures',
  {
    id: serial('id').primaryKey(),
    /** A key of the reconciliation catalogue (server/domain/reconcile.ts). */
    indicator: text('indicator').notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    /** For the case indicators: one category only (e.g. 邻里纠纷), or null for all. */
    category: text('category'),
    value: doublePrecision('value').notNull(),
    /** Published as a floor (“超460场”, “2580余名”): the records agree when they hold at least as many. */
    atLeast: boolean('at_least').notNull().default(false),
    /** Where it was published: a report, a newspaper, a date. */
    source: text('source').notNull(),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [index('published_figures_region_idx').on(t.regionCode)],
)
export type PublishedFigure = typeof publishedFigures.$inferSelect
