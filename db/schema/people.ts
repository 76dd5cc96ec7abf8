import { relations } from 'drizzle-orm'
import { boolean, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core'
import { regions } from './regions'

/** 机关党组织 and 包联单位; `communityCode` is where it reported (双报到). */
export const organisations = pgTable('organisations', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: ['party_org', 'paired_unit'] }).notNull(),
  communityCode: text('community_code').references(() => regions.code),
})

/** Volunteers and in-service party members, with their dandelion team and post (五类岗位). */
export const volunteers = pgTable(
  'volunteers',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    team: text('team').notNull(),
    postType: text('post_type'),
    partyMember: boolean('party_member').notNull().default(false),
    organisationId: integer('organisation_id').references(() => organisations.id),
    communityCode: text('community_code').notNull().references(() => regions.code),
  },
  (t) => [index('volunteers_community_idx').on(t.communityCode)],
)

export const organisationsRelations = relations(organisations, ({ many }) => ({ members: many(volunteers) }))
export const volunteersRelations = relations(volunteers, ({ one }) => ({
  organisation: one(organisations, { fields: [volunteers.organisationId], references: [organisations.id] }),
}))

export type Organisation = typeof organisations.$inferSelect
export type Volunteer = typeof volunteers.$inferSelect
