import { and, desc, eq, gte, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { auditLog, type AuditRow } from '../../db/schema'
import { prefixOf } from '../domain/regions'

/** Who did it: a person, a machine key, a script or the system, and from where. */
export interface AuditActor {
  name: string
  userId?: number
  keyId?: number
  address?: string | null
}

/** What was done: `action` (user.create, key.revoke, login.failure …) on `target` (user:12), in `regionCode`, before → after. */
export interface AuditEntry {
  action: string
  target?: string
  regionCode?: string | null
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
}

/** The system itself (first start, the demo's accounts). */
export const SYSTEM: AuditActor = { name: 'system' }

/** Appends one entry, in the caller's transaction when given one: the action and its record commit together. */
export async function audit(db: Db | Tx, by: AuditActor, e: AuditEntry, at = new Date()) {
  await db.insert(auditLog).values({
    at, actor: by.name, actorUserId: by.userId ?? null, actorKeyId: by.keyId ?? null, address: by.address ?? null,
    action: e.action, target: e.target ?? null, regionCode: e.regionCode ?? null, before: e.before ?? null, after: e.after ?? null,
  })
}

export interface AuditFilter {
  /** The reader's region: entries about it and below; `withUnscoped` adds those about no region (failed logins of unknown names). */
  within: string
  withUnscoped?: boolean
  action?: string
  actor?: string
  from?: Date
  to?: Date
  limit: number
}

/** The audit log, newest first, as far as the reader's region reaches. */
export class AuditStore {
  constructor(private db: Db) {}

  async list(f: AuditFilter): Promise<AuditRow[]> {
    const scope = like(auditLog.regionCode, `${prefixOf(f.within)}%`)
    const where: (SQL | undefined)[] = [
      f.withUnscoped ? or(scope, isNull(auditLog.regionCode)) : scope,
      f.action ? (f.action.endsWith('.') ? like(auditLog.action, `${f.action}%`) : eq(auditLog.action, f.action)) : undefined,
      f.actor ? sql`${auditLog.actor} ilike ${`%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined,
      f.from ? gte(auditLog.at, f.from) : undefined,
      f.to ? lt(auditLog.at, f.to) : undefined,
    ]
    return this.db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(f.limit)
  }
}
