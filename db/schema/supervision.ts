import { relations, sql } from 'drizzle-orm'
import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'
import { cases } from './cases'
import { units } from './units'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * 督办提示函: a notice to a unit to act on a case within a time limit. Unanswered by `dueAt`, it
 * climbs the ladder (督办 → 黄牌督办 → 红牌督办); each step is also written to the case's ledger.
 */
export const supervisionNotices = pgTable(
  'supervision_notices',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id),
    unit: text('unit').notNull(),
    unitId: integer('unit_id').references(() => units.id),
    /** 1-based ladder step. */
    step: integer('step').notNull().default(1),
    status: text('status', { enum: ['open', 'answered'] }).notNull().default('open'),
    issuedAt: tz('issued_at').notNull(),
    issuedBy: text('issued_by').notNull(),
    dueAt: tz('due_at').notNull(),
    note: text('note').notNull().default(''),
    answeredAt: tz('answered_at'),
    answeredBy: text('answered_by'),
    answer: text('answer'),
    escalations: integer('escalations').notNull().default(0),
  },
  (t) => [index('supervision_case_idx').on(t.caseId), index('supervision_unit_idx').on(t.unitId, t.issuedAt), index('supervision_open_due_idx').on(t.dueAt).where(sql`${t.status} = 'open'`)],
)

export const supervisionRelations = relations(supervisionNotices, ({ one }) => ({
  case: one(cases, { fields: [supervisionNotices.caseId], references: [cases.id] }),
}))

export type SupervisionNotice = typeof supervisionNotices.$inferSelect
