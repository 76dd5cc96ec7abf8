import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { cases } from './cases'
import { organisations } from './people'
import { regions } from './regions'
import { wishes } from './wishes'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * 吹哨派单 → 接单: a community blows the whistle on a need (from a wish, a visit's case, or its own
 * list) to its paired unit (包联单位), which must take it (接单) by `takeBy` and report it done
 * by `doneBy`. Not taken in time: 点名哨 (`escalatedAt`), by the clock.
 */
export const whistles = pgTable(
  'whistles',
  {
    id: serial('id').primaryKey(),
    communityCode: text('community_code').notNull().references(() => regions.code),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    title: text('title').notNull(),
    source: text('source', { enum: ['wish', 'visit', 'list', 'manual'] }).notNull(),
    wishId: integer('wish_id').references(() => wishes.id),
    caseId: integer('case_id').references(() => cases.id),
    status: text('status', { enum: ['whistled', 'taken', 'done'] }).notNull().default('whistled'),
    whistledAt: tz('whistled_at').notNull(),
    takeBy: tz('take_by').notNull(),
    doneBy: tz('done_by').notNull(),
    takenAt: tz('taken_at'),
    takenBy: text('taken_by'),
    doneAt: tz('done_at'),
    report: text('report').notNull().default(''),
    escalatedAt: tz('escalated_at'),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    index('whistles_community_idx').on(t.communityCode),
    index('whistles_organisation_idx').on(t.organisationId),
    index('whistles_due_idx').on(t.takeBy),
  ],
)

export type Whistle = typeof whistles.$inferSelect
