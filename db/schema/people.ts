import { relations } from 'drizzle-orm'
import { boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * 机关党组织 and 包联单位 of a region (`regionCode`: the county, or the town, they belong to).
 * 双报到: an organisation reports to the community it is paired with (`communityCode`, at
 * `reportedAt`; both null until it has).
 */
export const organisations = pgTable(
  'organisations',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['party_org', 'paired_unit'] }).notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    communityCode: text('community_code').references(() => regions.code),
    reportedAt: tz('reported_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisations_region_name_idx').on(t.regionCode, t.name), index('organisations_community_idx').on(t.communityCode)],
)

/**
 * Volunteers and in-service party members, with their dandelion team and post (五类岗位). 双报到:
 * a party member of an organisation (`organisationId`) reports to the community they live in
 * (`communityCode`) at `reportedAt` (null: not yet).
 */
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
    reportedAt: tz('reported_at'),
  },
  (t) => [index('volunteers_community_idx').on(t.communityCode), index('volunteers_organisation_idx').on(t.organisationId)],
)

export const organisationsRelations = relations(organisations, ({ many }) => ({ members: many(volunteers) }))
export const volunteersRelations = relations(volunteers, ({ one }) => ({
  organisation: one(organisations, { fields: [volunteers.organisationId], references: [organisations.id] }),
}))

export type Organisation = typeof organisations.$inferSelect
export type Volunteer = typeof volunteers.$inferSelect
