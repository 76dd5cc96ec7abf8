import { audit, type AuditActor } from './audit'
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { settings } from '../../db/schema'
import { appendLog } from '../log/append'
import { WarningRules } from '../contract'
import { canonical, DEFAULT_WARNING_RULES } from '../domain/warnings'

const KEY = 'warning_rules'
/** The rules every stored colour was last computed with: a restart under other rules recomputes all. */
const APPLIED = 'warning_rules_applied'

/**
 * The county's warning rules: the `settings` row `warning_rules` over the defaults. Edited through
 * the API or directly in the table; `refresh()` notices a direct edit by its `updated_at`.
 */
export class RulesStore {
  current: WarningRules = DEFAULT_WARNING_RULES
  private stamp = 0

  constructor(private db: Db) {}

  /** Reads the stored rules; true when they differ from what was held. */
  async refresh(): Promise<boolean> {
    const [row] = await this.db.select().from(settings).where(eq(settings.key, KEY))
    const stamp = row ? +row.updatedAt : 0
    if (stamp === this.stamp) return false
    this.stamp = stamp
    const parsed = WarningRules.safeParse({ ...DEFAULT_WARNING_RULES, ...(row?.value as object | undefined) })
    if (!parsed.success) {
      // A bad hand edit must not take the engine down: keep the rules in force and say why.
      console.error(`settings.${KEY} is invalid and was ignored: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
      return false
    }
    const changed = canonical(parsed.data) !== canonical(this.current)
    this.current = parsed.data
    return changed
  }

  /** True when the stored colours were computed under the rules now in force. */
  async coloursCurrent(): Promise<boolean> {
    const [row] = await this.db.select().from(settings).where(eq(settings.key, APPLIED))
    return !!row && canonical(row.value) === canonical(this.current)
  }

  async markApplied(at: Date) {
    const value = this.current
    await this.db.insert(settings).values({ key: APPLIED, value, updatedAt: at }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: at } })
  }

  /** Saves new rules; the change log tells every node to re-read them. */
  /** Saves the rules, audited in the same transaction (`region`: the tree's, where rules apply). */
  async save(rules: WarningRules, by: AuditActor, at: Date, region?: string) {
    const before = this.current
    await this.db.transaction(async (tx) => {
      await tx
        .insert(settings)
        .values({ key: KEY, value: rules, updatedAt: at, updatedBy: by.name })
        .onConflictDoUpdate({ target: settings.key, set: { value: rules, updatedAt: at, updatedBy: by.name } })
      await appendLog(tx, [{ kind: 'rules' }])
      await audit(tx, by, { action: 'rules.update', target: 'warning-rules', regionCode: region ?? null, before: before as unknown as Record<string, unknown>, after: rules as unknown as Record<string, unknown> }, at)
    })
    this.current = rules
    this.stamp = +at
  }
}
