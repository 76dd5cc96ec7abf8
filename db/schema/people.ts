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
 * 志愿服务队: a team with its dandelion colour (`colour`, a `team` code: 七彩蒲公英), professional
 * (专业) or social (社会), based in a region (`regionCode`: a community, a town or the county),
 * with its leader (队长).
 */
export const teams = pgTable(
  'teams',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    colour: text('colour').notNull(),
    kind: text('kind', { enum: ['professional', 'social'] }).notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    leader: text('leader').notNull().default(''),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('teams_region_name_idx').on(t.regionCode, t.name)],
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
    /** The team they serve in (七彩蒲公英), if any. */
    teamId: integer('team_id').references(() => teams.id),
    communityCode: text('community_code').notNull().references(() => regions.code),
    reportedAt: tz('reported_at'),
  },
  (t) => [index('volunteers_community_idx').on(t.communityCode), index('volunteers_organisation_idx').on(t.organisationId), index('volunteers_team_idx').on(t.teamId)],
)

export const organisationsRelations = relations(organisations, ({ many }) => ({ members: many(volunteers) }))
export const volunteersRelations = relations(volunteers, ({ one }) => ({
  organisation: one(organisations, { fields: [volunteers.organisationId], references: [organisations.id] }),
}))

export type Organisation = typeof organisations.$inferSelect
export type Team = typeof teams.$inferSelect
export type Volunteer = typeof volunteers.$inferSelect
