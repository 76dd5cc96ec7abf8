import { relations, sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import type { WarningReason } from '../../server/contract'
import { regions } from './regions'
import { teams } from './people'
import { units } from './units'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const cases = pgTable(
  'cases',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').notNull(),
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    /** simple / ordinary / complex / mediation: picks the default time limit. */
    complexity: text('complexity').notNull().default('ordinary'),
    /** Where it happened: a grid or a community. */
    regionCode: text('region_code').notNull().references(() => regions.code),
    /** Denormalised ancestors, so region filters are equality or prefix checks on one row. */
    communityCode: text('community_code').notNull(),
    townCode: text('town_code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    peopleInvolved: integer('people_involved').notNull().default(1),
    scale: text('scale').notNull(),
    riskLevel: text('risk_level').notNull(),
    status: text('status').notNull(),
    reportedAt: tz('reported_at').notNull(),
    acceptedAt: tz('accepted_at'),
    deadlineAt: tz('deadline_at'),
    resolvedAt: tz('resolved_at'),
    outcome: text('outcome'),
    closingLevel: text('closing_level'),
    /** 上报: the highest level the case was escalated to (null: never escalated); see server/domain/levels.ts. */
    escalatedLevel: text('escalated_level'),
    /** The unit it was dispatched to (承办单位), by name as recorded then and by id in the directory. */
    assignedUnit: text('assigned_unit'),
    assignedUnitId: integer('assigned_unit_id').references(() => units.id),
    /** The volunteer team (七彩蒲公英) that mediated it, named when it was resolved. */
    teamId: integer('team_id').references(() => teams.id),
    supervisionLevel: integer('supervision_level').notNull().default(0),
    satisfaction: text('satisfaction'),
    failedMediations: integer('failed_mediations').notNull().default(0),
    repeatVisits: integer('repeat_visits').notNull().default(0),
    /** 签收: the last time the duty desk took the case, and who. A red flag raised after it is unacknowledged. */
    acknowledgedAt: tz('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    /** Derived by the warning rules, never written by a client; persisted so restarts and reports agree. */
    colour: text('colour', { enum: ['red', 'yellow', 'green'] }).notNull().default('green'),
    colourReasons: jsonb('colour_reasons').$type<WarningReason[]>().notNull().default([]),
    colourSince: tz('colour_since').notNull().defaultNow(),
    /** When time alone next changes the colour (window opening, deadline); null when it cannot. */
    colourNextAt: tz('colour_next_at'),
    /** Bumped on every change: orders concurrent updates and guards against lost updates. */
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_source_external_idx').on(t.source, t.externalId),
    index('cases_community_accepted_idx').on(t.communityCode, t.acceptedAt),
    index('cases_open_idx').on(t.communityCode).where(sql`${t.status} in ('reported','accepted','dispatched','in_progress')`),
    index('cases_created_idx').on(t.createdAt),
    // The closing-level ladder of a period reads the cases resolved in it.
    index('cases_resolved_idx').on(t.resolvedAt, t.communityCode).where(sql`${t.resolvedAt} is not null`),
    index('cases_team_idx').on(t.teamId).where(sql`${t.teamId} is not null`),
    index('cases_unit_accepted_idx').on(t.assignedUnitId, t.acceptedAt).where(sql`${t.assignedUnitId} is not null`),
    // The review's "open now" of a quarter's cohort: an index-only range over the open cases.
    index('cases_open_accepted_idx').on(t.acceptedAt, t.communityCode, t.deadlineAt).where(sql`${t.status} in ('reported','accepted','dispatched','in_progress')`),
    index('cases_red_idx').on(t.communityCode).where(sql`${t.colour} = 'red' and ${t.status} in ('reported','accepted','dispatched','in_progress')`),
  ],
)

/** The ledger (台账): append-only, one row per change, never updated. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id),
    at: tz('at').notNull(),
    /** Who acted, by name as recorded then; by identity in actorUserId / actorKeyId (none: the system itself). */
    actor: text('actor').notNull(),
    actorUserId: integer('actor_user_id'),
    actorKeyId: integer('actor_key_id'),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
)

export const casesRelations = relations(cases, ({ one, many }) => ({
  region: one(regions, { fields: [cases.regionCode], references: [regions.code] }),
  events: many(caseEvents),
}))

export const caseEventsRelations = relations(caseEvents, ({ one }) => ({
  case: one(cases, { fields: [caseEvents.caseId], references: [cases.id] }),
}))

export type CaseRow = typeof cases.$inferSelect
export type NewCaseRow = typeof cases.$inferInsert
export type CaseEventRow = typeof caseEvents.$inferSelect
