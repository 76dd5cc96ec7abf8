import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { organisations } from './people'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * 三张清单: a community's needs (需求清单), the resources units offer (资源清单), and the projects
 * made when the two meet (项目清单). 双向认领: a unit claims a need, or a community claims a
 * resource; either claim opens a project (`fromId`), which the unit carries out and reports done,
 * with the residents' verdict (群众反馈). The month's council (萤火议事会, the 15th) goes through
 * the lists.
 *
 * A need: `communityCode` its community, `organisationId` the unit that claimed it (null until then).
 * A resource: `organisationId` the unit offering it, `regionCode` where it is offered (its county
 * or town), `communityCode` the community that claimed it (null until then).
 * A project: both, from the claim.
 */
export const listItems = pgTable(
  'list_items',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['need', 'resource', 'project'] }).notNull(),
    /** The region the item is listed in: a need's community, a resource's county or town, a project's community. */
    regionCode: text('region_code').notNull().references(() => regions.code),
    communityCode: text('community_code').references(() => regions.code),
    organisationId: integer('organisation_id').references(() => organisations.id),
    title: text('title').notNull(),
    detail: text('detail').notNull().default(''),
    status: text('status', { enum: ['open', 'claimed', 'done'] }).notNull().default('open'),
    /** A project: the need or resource whose claim made it. */
    fromId: integer('from_id'),
    createdAt: tz('created_at').notNull(),
    claimedAt: tz('claimed_at'),
    doneAt: tz('done_at'),
    /** A project done: what was done, how many residents it served, and their verdict (a `satisfaction` code). */
    report: text('report').notNull().default(''),
    peopleServed: integer('people_served').notNull().default(0),
    satisfaction: text('satisfaction'),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    index('list_items_region_idx').on(t.regionCode, t.kind),
    index('list_items_community_idx').on(t.communityCode),
    index('list_items_organisation_idx').on(t.organisationId),
  ],
)

export type ListItem = typeof listItems.$inferSelect
