import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** County-wide settings edited at run time (the warning rules), one JSON document per key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull().default('system'),
})

export type SettingRow = typeof settings.$inferSelect
