import { relations } from 'drizzle-orm'
import { doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core'

/** (Province →) (city →) county → town → community/village → grid, keyed by the 12-digit division code (grids: 15 digits). */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['province', 'city', 'county', 'town', 'community', 'grid'] }).notNull(),
    parentCode: text('parent_code'),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
)

export const regionsRelations = relations(regions, ({ one, many }) => ({
  parent: one(regions, { fields: [regions.parentCode], references: [regions.code], relationName: 'tree' }),
  children: many(regions, { relationName: 'tree' }),
}))

export type Region = typeof regions.$inferSelect
export type NewRegion = typeof regions.$inferInsert
