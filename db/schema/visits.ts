import { boolean, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { cases } from './cases'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * 来访登记: people who came to the centre's window. A visitor's name and phone are kept only as
 * keyed hashes (to find their earlier visits) and masked (张*三, 138****5678) for the screen.
 */
export const visits = pgTable(
  'visits',
  {
    id: serial('id').primaryKey(),
    communityCode: text('community_code').notNull().references(() => regions.code),
    visitedAt: tz('visited_at').notNull(),
    /** 人次: how many came together. */
    people: integer('people').notNull(),
    nameHash: text('name_hash'),
    phoneHash: text('phone_hash'),
    nameMasked: text('name_masked').notNull().default(''),
    phoneMasked: text('phone_masked').notNull().default(''),
    /** 来访事由, as the visitor put it (citizen text). */
    purpose: text('purpose').notNull(),
    /** The matter: the case the visit is about (new or existing). */
    caseId: integer('case_id').references(() => cases.id),
    /** The visits on this matter within the repeat window, this one included (3 = the third time). */
    matterVisits: integer('matter_visits').notNull().default(1),
    /** A visit on a matter already brought within the window (重复访). */
    repeat: boolean('repeat').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('visits_community_idx').on(t.communityCode, t.visitedAt),
    index('visits_case_idx').on(t.caseId, t.visitedAt),
    index('visits_phone_idx').on(t.phoneHash),
    index('visits_name_idx').on(t.nameHash),
  ],
)

export type VisitRow = typeof visits.$inferSelect
