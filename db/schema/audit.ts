import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import type { PresenceSocket } from '../../server/contract/admin'

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

/**
 * Each node's connected walls and desks, as it last published them (every 10 s, and soon after
 * a connect or disconnect): /admin lists every node's whose `seenAt` is recent, so a dead node's
 * sockets drop out by themselves.
 */
export const nodePresence = pgTable('node_presence', {
  node: text('node').primaryKey(),
  seenAt: timestamp('seen_at', { withTimezone: true, mode: 'date' }).notNull(),
  sockets: jsonb('sockets').$type<PresenceSocket[]>().notNull(),
})
