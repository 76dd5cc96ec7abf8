import type { Tx } from '../../db/client'
import type { PeopleImportResult } from '../contract'
import { audit, type AuditActor } from './audit'

/**
 * The write half of a checked CSV import, in the caller's transaction: each parsed row is new
 * (inserted, a thousand at a time), the same as the stored row with its key (unchanged), or
 * different (updated); a dry run only counts. One audit entry for the file.
 */
export async function applyRows<P, B>(
  tx: Tx,
  rows: P[],
  o: {
    known: Map<string, B>
    key: (p: P) => string
    same: (before: B, p: P) => boolean
    insert: (fresh: P[]) => Promise<unknown>
    update: (before: B, p: P) => Promise<unknown>
    result: PeopleImportResult
    audit: { by: AuditActor; action: string; target: string; regionCode: string }
  },
): Promise<void> {
  const { result } = o
  const fresh: P[] = []
  for (const p of rows) {
    const before = o.known.get(o.key(p))
    if (before === undefined) fresh.push(p)
    else if (o.same(before, p)) result.unchanged++
    else {
      result.updated++
      if (!result.dryRun) await o.update(before, p)
    }
  }
  result.created = fresh.length
  if (result.dryRun) return
  for (let i = 0; i < fresh.length; i += 1000) await o.insert(fresh.slice(i, i + 1000))
  await audit(tx, o.audit.by, { action: o.audit.action, target: o.audit.target, regionCode: o.audit.regionCode, after: { rows: result.rows, created: result.created, updated: result.updated, unchanged: result.unchanged } })
}
