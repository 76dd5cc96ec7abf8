import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { caseEvents, cases } from '../../db/schema'
import type { Clock } from '../domain/clock'
import { isOpen, OPEN_STATUSES } from '../domain/lifecycle'
import { startOfDay, addDays, dayOf } from '../domain/time'
import { caseColour, lastBoundary, nextChangeAt, sameReasons, type ColourInputs } from '../domain/warnings'
import type { LiveModel } from '../live/model'
import type { Hub } from '../realtime/hub'
import { colourColumns, type CaseChange } from '../store/cases'
import type { NoticeChange, NoticeStore } from '../store/notices'
import type { RulesStore } from '../store/rules'
import { TimerQueue } from './timerQueue'

export interface EngineDeps {
  db: Db
  clock: Clock
  rules: RulesStore
  notices: NoticeStore
  hub: Hub
  model: LiveModel
  /** How often the stored rules are checked for a direct edit of the settings table. */
  rulesPollMs?: number
}

const inputColumns = {
  id: cases.id, status: cases.status, reportedAt: cases.reportedAt, acceptedAt: cases.acceptedAt, deadlineAt: cases.deadlineAt,
  scale: cases.scale, peopleInvolved: cases.peopleInvolved, riskLevel: cases.riskLevel, supervisionLevel: cases.supervisionLevel,
  failedMediations: cases.failedMediations, repeatVisits: cases.repeatVisits, colour: cases.colour, colourReasons: cases.colourReasons,
}

const RETRY_MS = 5_000
const DAY_KEY = 'day'

/**
 * 三色预警 driven by the clock. Every open case has one entry in a timer queue: the next instant
 * at which time alone changes its colour (its warning window opening, then its deadline); every
 * open supervision notice has one at its due time. One timer waits for the earliest entry, so an
 * idle county costs nothing and a change lands the moment it falls due. When an entry fires the
 * case is re-read under a row lock, its colour recomputed, persisted with a ledger row, and
 * published. At start the engine recomputes every open case, so transitions that fell due while
 * it was down are caught up, stamped with the time they fell due.
 */
export class WarningEngine {
  private queue = new TimerQueue<string>()
  private armed: { at: number; cancel(): void } | null = null
  private poll: { cancel(): void } | null = null
  private work: Promise<unknown> = Promise.resolve()
  private stopped = false
  readonly stats = { rechecks: 0, changes: 0, escalations: 0, autoNotices: 0, errors: 0 }

  constructor(private d: EngineDeps) {
    d.hub.onCase = (ch) => this.track(ch)
  }

  get scheduled() {
    return this.queue.size
  }

  /** Loads every open case and notice, catches up, then waits for the next due time. */
  async start() {
    await this.schedule()
    this.queue.set(DAY_KEY, +this.nextMidnight())
    this.pollRules()
    await this.run(() => this.processDue())
  }

  /** Recomputes every open case against the rules in force now; changed ones fall due at once. */
  private async schedule() {
    const now = this.d.clock.now()
    const rules = this.d.rules.current
    const rows = await this.d.db.select(inputColumns).from(cases).where(inArray(cases.status, [...OPEN_STATUSES]))
    for (const row of rows) {
      const { colour, reasons } = caseColour(row, now, rules)
      const stale = colour !== row.colour || !sameReasons(reasons, row.colourReasons)
      this.queue.set(`c${row.id}`, stale ? +(lastBoundary(row, now, rules) ?? now) : (nextChangeAt(row, now, rules)?.getTime() ?? null))
    }
    for (const n of await this.d.notices.openDue()) this.queue.set(`n${n.id}`, +n.dueAt)
  }

  /** New rules: re-evaluate every open case now, and every region (targets may have moved). */
  async reconfigure() {
    await this.run(async () => {
      await this.schedule()
      this.d.hub.touchAll()
      await this.processDue()
    })
  }

  /** After every published case change: when does time next matter for it? */
  track(ch: CaseChange) {
    const row = ch.after
    const key = `c${row.id}`
    if (!isOpen(row.status)) this.queue.set(key, null)
    else this.queue.set(key, nextChangeAt(row, this.d.clock.now(), this.d.rules.current)?.getTime() ?? null)
    const turnedYellow = row.colour === 'yellow' && (ch.before?.colour !== 'yellow' || !isOpen(ch.before.status))
    if (this.d.rules.current.autoNotice && turnedYellow && isOpen(row.status) && row.assignedUnit && row.supervisionLevel === 0) {
      void this.run(() => this.autoNotice(row.id))
    }
    this.arm()
  }

  /** After every notice change: an open notice escalates at its due time. */
  trackNotice(nc: NoticeChange) {
    this.queue.set(`n${nc.notice.id}`, nc.notice.status === 'open' ? +nc.notice.dueAt : null)
    this.arm()
  }

  /** Resolves once all queued work is done (tests and shutdown wait on it). */
  async idle() {
    let w
    do {
      w = this.work
      await w
    } while (w !== this.work)
  }

  async stop() {
    this.stopped = true
    this.armed?.cancel()
    this.poll?.cancel()
    this.armed = null
    await this.idle()
  }

  private run<T>(job: () => Promise<T>) {
    const next = this.work.then(() => (this.stopped ? undefined : job()))
    this.work = next.catch((e) => {
      this.stats.errors++
      console.error('warning engine:', e)
    })
    return next
  }

  private arm() {
    if (this.stopped) return
    const next = this.queue.peek()
    if (this.armed && this.armed.at === next) return
    this.armed?.cancel()
    this.armed = null
    if (next === null) return
    const timer = this.d.clock.setTimer(next - +this.d.clock.now(), () => {
      if (this.armed === handle) this.armed = null
      void this.run(() => this.processDue())
    })
    const handle = { at: next, cancel: timer.cancel }
    this.armed = handle
  }

  private async processDue() {
    for (;;) {
      const due = this.queue.popDue(+this.d.clock.now())
      if (!due.length) break
      for (const { key, at } of due) {
        try {
          if (key === DAY_KEY) this.newDay()
          else if (key[0] === 'c') await this.recheck(Number(key.slice(1)), new Date(at))
          else await this.escalate(Number(key.slice(1)), new Date(at))
        } catch (e) {
          // The database may be briefly away: try again shortly rather than lose the transition.
          this.stats.errors++
          console.error(`warning engine: ${key} failed, retrying in ${RETRY_MS / 1000}s:`, e)
          this.queue.set(key, +this.d.clock.now() + RETRY_MS)
        }
      }
    }
    this.arm()
  }

  private newDay() {
    this.d.model.rollover()
    this.d.hub.touchAll()
    this.queue.set(DAY_KEY, +this.nextMidnight())
  }

  private nextMidnight() {
    return startOfDay(addDays(dayOf(this.d.clock.now()), 1))
  }

  /** Re-reads the case under lock and stores its colour as of now, stamped with when it fell due. */
  private async recheck(id: number, dueAt: Date) {
    this.stats.rechecks++
    const now = this.d.clock.now()
    const change = await this.d.db.transaction(async (tx): Promise<CaseChange | null> => {
      const [before] = await tx.select().from(cases).where(eq(cases.id, id)).for('update')
      if (!before || !isOpen(before.status)) return null
      const { same, ...colour } = colourColumns(before as ColourInputs & typeof before, now, this.d.rules)
      if (same) return null
      const at = dueAt <= now ? dueAt : now
      const [after] = await tx
        .update(cases)
        .set({ ...colour, colourSince: colour.colour === before.colour ? before.colourSince : at, version: before.version + 1, updatedAt: now })
        .where(eq(cases.id, id))
        .returning()
      await tx.insert(caseEvents).values({
        caseId: id, at, actor: 'system', action: 'warning', fromStatus: before.status, toStatus: before.status,
        data: { from: before.colour, to: colour.colour, reasons: colour.colourReasons, late: +now - +at > 1000 },
      })
      return { type: 'case', before, after: after!, deltas: { daily: [], dims: [] } }
    })
    if (change) {
      this.stats.changes++
      this.d.hub.case(change) // calls track(), which schedules the next transition
    } else {
      const [row] = await this.d.db.select(inputColumns).from(cases).where(eq(cases.id, id))
      this.queue.set(`c${id}`, row ? (nextChangeAt(row, now, this.d.rules.current)?.getTime() ?? null) : null)
    }
  }

  private async escalate(noticeId: number, dueAt: Date) {
    const nc = await this.d.notices.escalate(noticeId, 'system', '逾期未反馈，自动升级', { dueAt })
    if (!nc) return
    this.stats.escalations++
    this.publishNotice(nc)
  }

  private async autoNotice(caseId: number) {
    const nc = await this.d.notices.issue(caseId, { issuedBy: 'system', note: '分流案件进入黄色预警，自动发出督办提示函' }, { auto: true }).catch(() => null)
    if (!nc) return
    this.stats.autoNotices++
    this.publishNotice(nc)
  }

  /** Publishes a notice change and schedules the notice's next escalation. */
  publishNotice(nc: NoticeChange) {
    this.d.hub.notice(nc)
    this.trackNotice(nc)
  }

  private pollRules() {
    const ms = this.d.rulesPollMs ?? 30_000
    if (this.stopped || ms <= 0) return
    this.poll = this.d.clock.setTimer(ms, () => {
      void this.run(async () => {
        if (await this.d.rules.refresh()) {
          await this.schedule()
          this.d.hub.touchAll()
          await this.processDue()
        }
      }).finally(() => this.pollRules())
    })
  }
}
