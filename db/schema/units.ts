import { relations, sql } from 'drizzle-orm'
import { type AnyPgColumn, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * 承办单位: the units a case is dispatched to and supervised in (县司法局, 龙兴镇司法所, a
 * community's 调委会), each at a level of the tree (`regionCode`: the county, town or community
 * it serves), under a parent unit, with a contact. A unit is never deleted (cases name it):
 * `disabledAt` takes it out of dispatch.
 */
export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    parentId: integer('parent_id').references((): AnyPgColumn => units.id),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    disabledAt: tz('disabled_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('units_region_name_idx').on(t.regionCode, t.name),
    index('units_name_idx').on(t.name),
    index('units_active_region_idx').on(t.regionCode).where(sql`${t.disabledAt} is null`),
  ],
)

export const unitsRelations = relations(units, ({ one }) => ({
  parent: one(units, { fields: [units.parentId], references: [units.id] }),
  region: one(regions, { fields: [units.regionCode], references: [regions.code] }),
}))

export type Unit = typeof units.$inferSelect
export type NewUnit = typeof units.$inferInsert
