import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Every admin action and every login, append-only (a trigger refuses UPDATE, DELETE and
 * TRUNCATE): who (`actor`, and the user or key behind it), when, from where, what (`action` on
 * `target`), in which region (the target's: a town's admin reads its town's entries), and what
 * changed (`before` / `after`, never a password or a secret).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    actorUserId: integer('actor_user_id'),
    actorKeyId: integer('actor_key_id'),
    address: text('address'),
    action: text('action').notNull(),
    target: text('target'),
    regionCode: text('region_code'),
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    after: jsonb('after').$type<Record<string, unknown> | null>(),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_region_idx').on(t.regionCode, t.at)],
)

export type AuditRow = typeof auditLog.$inferSelect
