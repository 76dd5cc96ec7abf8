import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { and, desc, eq, gt, inArray, like, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { cases, settings, visits, type CaseRow, type VisitRow } from '../../db/schema'
import type { VisitCreate, VisitView } from '../contract'
import type { Clock } from '../domain/clock'
import { caseDeltas } from '../domain/counters'
import { isOpen } from '../domain/lifecycle'
import { prefixOf } from '../domain/regions'
import { aheadOfClock, dayOf, isoLocal } from '../domain/time'
import { badRequest, notFound, unprocessable } from '../errors'
import { appendLog } from '../log/append'
import type { CaseChange, LogEntry, VisitChange } from '../log/entries'
import { insertCases } from './caseInsert'
import type { CaseStore } from './cases'
import type { Registry } from './registry'
import type { RulesStore } from './rules'

/** The settings key of the installation's secret for visitors' hashes. */
const HASH_KEY = 'visitor_hash_key'

/** A name as people write it: full-width folded, blanks dropped. */
export const normalName = (name: string) => name.normalize('NFKC').replace(/\s+/g, '')
/** A phone's digits without the country code. */
export const normalPhone = (phone: string) => phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '')

/** 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明. */
export function maskName(name: string): string {
  const chars = [...normalName(name)]
  if (chars.length <= 1) return chars.length ? '*' : ''
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

/** 13812345678 → 138****5678; a short number keeps only its last two digits. */
export function maskPhone(phone: string): string {
  const d = normalPhone(phone)
  if (!d) return ''
  if (d.length >= 7) return `${d.slice(0, 3)}****${d.slice(-4)}`
  return `${'*'.repeat(Math.max(0, d.length - 2))}${d.slice(-2)}`
}

export type VisitorActor = { name: string; userId?: number | null }

/**
 * 来访登记. A visit is about a matter (a case, new or existing); the visits on the same matter
 * within the repeat window are counted on the case (`repeatVisits`), so the third one turns it
 * red (重复访) by the warning rules. Names and phones are kept only as keyed hashes, so a
 * visitor's earlier visits can be found without the database holding who they are.
 */
export class VisitStore {
  private key: Buffer | null = null

  constructor(private db: Db, private registry: Registry, private rules: RulesStore, private cases: CaseStore, private clock: Clock) {}

  /** The installation's secret: made once, kept in settings (a hash of a phone number without it is a lookup table away). */
  private async secret(): Promise<Buffer> {
    if (this.key) return this.key
    await this.db.insert(settings).values({ key: HASH_KEY, value: randomBytes(32).toString('base64'), updatedBy: 'system' }).onConflictDoNothing()
    const [row] = await this.db.select().from(settings).where(eq(settings.key, HASH_KEY))
    return (this.key = Buffer.from(String(row!.value), 'base64'))
  }

  private async hashes(name: string, phone: string) {
    const key = await this.secret()
    const h = (kind: string, v: string) => (v ? createHmac('sha256', key).update(`${kind}:${v}`).digest('hex') : null)
    return { nameHash: h('name', normalName(name)), phoneHash: h('phone', normalPhone(phone)) }
  }

  async create(input: VisitCreate, scope: string, by: VisitorActor): Promise<{ visit: VisitView; change: CaseChange | null }> {
    const now = this.clock.now()
    const at = input.visitedAt ? new Date(input.visitedAt) : now
    const ahead = aheadOfClock(at, now)
    if (ahead) throw badRequest('visitedAt', ahead)
    const community = this.registry.region(input.communityCode)
    if (!community || community.level !== 'community' || !community.code.startsWith(prefixOf(scope))) throw unprocessable('communityCode', `no community with code ${input.communityCode} in your region`)
    const { nameHash, phoneHash } = await this.hashes(input.name, input.phone)
    const rules = this.rules.current
    const prepared = input.newCase
      ? this.cases.prepare({
          externalId: `LF-${dayOf(at).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`, source: 'visit', kind: input.newCase.kind, category: input.newCase.category,
          regionCode: community.code, title: input.newCase.title, description: input.newCase.description, peopleInvolved: input.people,
          scale: input.people >= rules.groupSize ? 'group' : 'individual', riskLevel: 'low', repeatVisits: 1, reportedAt: at.toISOString(), acceptedAt: at.toISOString(),
        })
      : null
    return this.db.transaction(async (tx) => {
      let matter: CaseRow
      if (prepared) {
        const { rows } = await insertCases(tx, [prepared], [caseDeltas(null, prepared as never)])
        matter = rows[0]!
      } else {
        const [row] = await tx.select().from(cases).where(and(eq(cases.id, input.caseId!), like(cases.communityCode, `${prefixOf(scope)}%`))).for('update')
        if (!row) throw notFound(`case ${input.caseId}`)
        if (row.communityCode !== community.code) throw badRequest('communityCode', `case ${row.externalId} is in another community (${this.registry.region(row.communityCode)?.name ?? row.communityCode})`)
        matter = row
      }
      // The visits on the matter within the window before this one: this one is the (n + 1)th.
      const since = new Date(+at - rules.repeatVisitDays * 86_400_000)
      const earlier = prepared ? 0 : (await tx.select({ n: sql<number>`count(*)::int` }).from(visits).where(and(eq(visits.caseId, matter.id), gt(visits.visitedAt, since), lte(visits.visitedAt, at))))[0]!.n
      const matterVisits = earlier + 1
      const [row] = await tx
        .insert(visits)
        .values({
          communityCode: community.code, visitedAt: at, people: input.people, nameHash, phoneHash, nameMasked: maskName(input.name), phoneMasked: maskPhone(input.phone),
          purpose: input.purpose, caseId: matter.id, matterVisits, repeat: matterVisits > 1, createdBy: by.name,
        })
        .returning()
      const entries: LogEntry[] = []
      let change: CaseChange | null = null
      // A repeat visit on an open matter counts on its case (a closed one is the desk's to reopen).
      if (!prepared && isOpen(matter.status) && matterVisits > matter.repeatVisits) {
        change = await this.cases.amend(tx, matter, { repeatVisits: matterVisits }, { at, actor: by.name, actorUserId: by.userId ?? null, action: 'revisit', data: { visit: row!.id, matterVisits, people: input.people } })
        entries.push({ kind: 'case', change })
        matter = change.after
      }
      const visitChange: VisitChange = { type: 'visit', row: { ...row!, nameHash: null, phoneHash: null } }
      entries.push({ kind: 'visit', change: visitChange })
      await appendLog(tx, entries)
      return { visit: this.view(row!, matter), change }
    })
  }

  /** A person's earlier visits in the region (by name or phone), the newest first. */
  async lookup(q: { name: string; phone: string }, scope: string, limit = 20): Promise<VisitView[]> {
    const { nameHash, phoneHash } = await this.hashes(q.name, q.phone)
    const who = [nameHash && eq(visits.nameHash, nameHash), phoneHash && eq(visits.phoneHash, phoneHash)].filter((x) => !!x)
    const rows = await this.db.select().from(visits).where(and(like(visits.communityCode, `${prefixOf(scope)}%`), or(...who))).orderBy(desc(visits.visitedAt)).limit(limit)
    return this.withCases(rows)
  }

  /** The region's visits, the newest first. */
  async list(scope: string, limit = 50): Promise<VisitView[]> {
    const rows = await this.db.select().from(visits).where(like(visits.communityCode, `${prefixOf(scope)}%`)).orderBy(desc(visits.visitedAt), desc(visits.id)).limit(limit)
    return this.withCases(rows)
  }

  private async withCases(rows: VisitRow[]): Promise<VisitView[]> {
    const ids = [...new Set(rows.map((r) => r.caseId).filter((x): x is number => x !== null))]
    const found = ids.length ? await this.db.select().from(cases).where(inArray(cases.id, ids)) : []
    const byId = new Map(found.map((c) => [c.id, c]))
    return rows.map((r) => this.view(r, r.caseId ? byId.get(r.caseId) : undefined))
  }

  private view(r: VisitRow, c: CaseRow | undefined): VisitView {
    return {
      id: r.id, communityCode: r.communityCode, visitedAt: isoLocal(r.visitedAt), people: r.people, name: r.nameMasked, phone: r.phoneMasked, purpose: r.purpose,
      caseId: r.caseId, caseExternalId: c?.externalId ?? null, caseTitle: c?.title ?? null, caseStatus: c?.status ?? null, caseColour: c ? (isOpen(c.status) ? c.colour : 'green') : null,
      matterVisits: r.matterVisits, repeat: r.repeat, createdBy: r.createdBy,
    }
  }
}
