import { and, desc, eq, inArray, like, max } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { cases, supervisionNotices, type CaseRow, type SupervisionNotice } from '../../db/schema'
import type { NoticeCreate } from '../contract'
import type { Clock } from '../domain/clock'
import { isOpen } from '../domain/lifecycle'
import { conflict, notFound } from '../errors'
import { appendLog } from '../log/append'
import type { NoticeChange } from '../log/entries'
import type { CaseStore } from './cases'
import type { RulesStore } from './rules'

export type { NoticeChange } from '../log/entries'

const HOUR = 3_600_000

/**
 * 双重督办: supervision notices and the ladder they climb. Every change writes the notice, the
 * case's ledger row, supervision level and colour (through CaseStore) and the change-log entry
 * in one transaction.
 */
export class NoticeStore {
  constructor(private db: Db, private rules: RulesStore, private clock: Clock, private cases: CaseStore) {}

  private stepName(step: number) {
    const ladder = this.rules.current.ladder
    return ladder[Math.min(step, ladder.length) - 1]!
  }

  /** Writes the ledger row and the case's supervision level (from its open notices), then logs the whole change. */
  private async commit(tx: Tx, c: CaseRow, nc: Omit<NoticeChange, 'case'>, ledger: { at: Date; actor: string; action: string; data: Record<string, unknown> }): Promise<NoticeChange> {
    const [open] = await tx
      .select({ level: max(supervisionNotices.step) })
      .from(supervisionNotices)
      .where(and(eq(supervisionNotices.caseId, c.id), eq(supervisionNotices.status, 'open')))
    const change: NoticeChange = { ...nc, case: await this.cases.supervise(tx, c, open?.level ?? 0, ledger) }
    await appendLog(tx, [{ kind: 'notice', change }])
    return change
  }

  private lockCase(tx: Tx, id: number) {
    return this.cases.lock(tx, id)
  }

  /** Issues a step-1 notice. `auto` notices skip a case that already has an open one. */
  async issue(caseId: number, input: NoticeCreate & { issuedBy: string }, opts: { auto?: boolean } = {}): Promise<NoticeChange | null> {
    return this.db.transaction(async (tx) => {
      const c = await this.lockCase(tx, caseId)
      if (!isOpen(c.status)) throw conflict('caseId', `case ${caseId} is ${c.status}; only open cases are supervised`)
      const named = input.unitId !== undefined || input.unit !== undefined
      if (!named && !c.assignedUnit) throw conflict('unit', 'the case has no assigned unit; name the unit to supervise')
      // A unit named now must be in the directory; the assigned unit is the case's (by id when it has one).
      const u = named ? await this.cases.unitFor(tx, c.communityCode, input) : null
      const unit = u ? u.name : c.assignedUnit!
      const unitId = u ? u.id : c.assignedUnitId
      if (opts.auto) {
        const [existing] = await tx.select({ id: supervisionNotices.id }).from(supervisionNotices).where(and(eq(supervisionNotices.caseId, caseId), eq(supervisionNotices.status, 'open')))
        if (existing) return null
      }
      const now = this.clock.now()
      const hours = input.hours ?? this.rules.current.ladder[0]!.hours
      const [notice] = await tx
        .insert(supervisionNotices)
        .values({ caseId, unit, unitId, step: 1, issuedAt: now, issuedBy: input.issuedBy, dueAt: new Date(+now + hours * HOUR), note: input.note })
        .returning()
      return this.commit(tx, c, { kind: 'issued', notice: notice!, from: 0 }, {
        at: now, actor: input.issuedBy, action: 'supervise',
        data: { noticeId: notice!.id, unit, unitId, step: 1, stepName: this.stepName(1).zh, dueAt: notice!.dueAt.toISOString(), auto: !!opts.auto },
      })
    })
  }

  async answer(noticeId: number, answeredBy: string, answer: string): Promise<NoticeChange> {
    return this.db.transaction(async (tx) => {
      const n = await this.lockNotice(tx, noticeId)
      if (n.status !== 'open') throw conflict('noticeId', `notice ${noticeId} was already answered`)
      const c = await this.lockCase(tx, n.caseId)
      const now = this.clock.now()
      const [notice] = await tx
        .update(supervisionNotices)
        .set({ status: 'answered', answeredAt: now, answeredBy, answer })
        .where(eq(supervisionNotices.id, noticeId))
        .returning()
      return this.commit(tx, c, { kind: 'answered', notice: notice!, from: n.step }, {
        at: now, actor: answeredBy, action: 'supervision_answered',
        data: { noticeId, unit: n.unit, step: n.step },
      })
    })
  }

  /**
   * Climbs one ladder step. `dueAt` is when the step fell due (a late engine records the true
   * time); the next step's limit runs from then. Null when there is nothing to do.
   */
  async escalate(noticeId: number, by: string, note: string, opts: { dueAt?: Date } = {}): Promise<NoticeChange | null> {
    return this.db.transaction(async (tx) => {
      const n = await this.lockNotice(tx, noticeId)
      const auto = !!opts.dueAt
      const ladder = this.rules.current.ladder
      if (n.status !== 'open') {
        if (auto) return null
        throw conflict('noticeId', `notice ${noticeId} was already answered`)
      }
      if (auto && +n.dueAt !== +opts.dueAt!) return null // answered or escalated meanwhile
      if (n.step >= ladder.length) {
        if (auto) return null
        throw conflict('step', `notice ${noticeId} is already at the top step (${this.stepName(n.step).zh})`)
      }
      const c = await this.lockCase(tx, n.caseId)
      if (auto && !isOpen(c.status)) return null
      const at = opts.dueAt ?? this.clock.now()
      const step = n.step + 1
      const [notice] = await tx
        .update(supervisionNotices)
        .set({ step, dueAt: new Date(+at + ladder[step - 1]!.hours * HOUR), escalations: n.escalations + 1 })
        .where(eq(supervisionNotices.id, noticeId))
        .returning()
      return this.commit(tx, c, { kind: 'escalated', notice: notice!, from: n.step }, {
        at, actor: by, action: 'escalate',
        data: { noticeId, unit: n.unit, from: n.step, step, stepName: this.stepName(step).zh, dueAt: notice!.dueAt.toISOString(), note, auto },
      })
    })
  }

  private async lockNotice(tx: Tx, id: number) {
    const [n] = await tx.select().from(supervisionNotices).where(eq(supervisionNotices.id, id)).for('update')
    if (!n) throw notFound(`notice ${id}`)
    return n
  }

  async get(id: number) {
    const [n] = await this.db.select().from(supervisionNotices).where(eq(supervisionNotices.id, id))
    return n ?? null
  }

  async ofCase(caseId: number): Promise<SupervisionNotice[]> {
    return this.db.select().from(supervisionNotices).where(eq(supervisionNotices.caseId, caseId)).orderBy(supervisionNotices.id)
  }

  /** Newest first within a region (by the case's community prefix). */
  async list(q: { prefix: string; open?: boolean; limit: number }): Promise<SupervisionNotice[]> {
    const where = [like(cases.communityCode, `${q.prefix}%`)]
    if (q.open) where.push(eq(supervisionNotices.status, 'open'))
    const rows = await this.db
      .select({ n: supervisionNotices })
      .from(supervisionNotices)
      .innerJoin(cases, eq(cases.id, supervisionNotices.caseId))
      .where(and(...where))
      .orderBy(desc(supervisionNotices.id))
      .limit(q.limit)
    return rows.map((r) => r.n)
  }

  /** Open notices of open cases, for the engine's schedule. */
  async openDue(): Promise<{ id: number; dueAt: Date }[]> {
    return this.db
      .select({ id: supervisionNotices.id, dueAt: supervisionNotices.dueAt })
      .from(supervisionNotices)
      .innerJoin(cases, eq(cases.id, supervisionNotices.caseId))
      .where(and(eq(supervisionNotices.status, 'open'), inArray(cases.status, ['reported', 'accepted', 'dispatched', 'in_progress'])))
  }
}
