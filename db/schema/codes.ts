import { integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'

/**
 * Every code table in one place (categories, sources, scales, …), so a county can add a
 * category with one row instead of a migration. `meta` carries per-kind extras such as a
 * category's default time limit in days or a team's colour.
 */
export const codes = pgTable(
  'codes',
  {
    kind: text('kind').notNull(),
    code: text('code').notNull(),
    zh: text('zh').notNull(),
    en: text('en').notNull(),
    sort: integer('sort').notNull().default(0),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.kind, t.code] })],
)

export type CodeRow = typeof codes.$inferSelect
