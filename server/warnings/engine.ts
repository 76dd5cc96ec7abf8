import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/client'
import type { Clock } from '../domain/clock'
import type { WarningReason } from '../contract'
import { isOpen } from '../domain/lifecycle'
import { startOfDay, addDays, dayOf } from '../domain/time'
import { caseColour, nextChangeAt, sameReasons } from '../domain/warnings'
import type { LiveModel } from '../live/model'
import { describeError, HttpError } from '../errors'
import type { CaseChange, NoticeChange } from '../log/entries'
import type { CaseRow } from '../../db/schema'
import type { CaseStore } from '../store/cases'
import type { NoticeStore } from '../store/notices'
import type { RulesStore } from '../store/rules'
import { TimerQueue } from './timerQueue'

export interface EngineDeps {
  db: Db
  clock: Clock
  rules: RulesStore
  notices: NoticeStore
  cases: CaseStore
  model: LiveModel
  /** Every region's colour and indicators need recomputing (a new day, new rules). */
  touchAll: () => void
  /** How often the stored rules are checked for a direct edit of the settings table. */
  rulesPollMs?: number
}

/** Milliseconds since the epoch as text; '' for null (concat_ws would drop a null and shift the fields). */
const ms = (column: string) => sql.raw(`coalesce((extract(epoch from ${column}) * 1000)::bigint::text, '')`)
const date = (v: string) => (v === '' ? null : new Date(Number(v)))

function toInputs(a: string[]) {
  return {
    id: Number(a[0]), status: a[1]!, reportedAt: date(a[2]!)!, acceptedAt: date(a[3]!), deadlineAt: date(a[4]!), scale: a[5]!,
    peopleInvolved: Number(a[6]), riskLevel: a[7]!, supervisionLevel: Number(a[8]), failedMediations: Number(a[9]),
    repeatVisits: Number(a[10]), colour: a[11]!, colourNextAt: date(a[12]!), colourReasons: JSON.parse(a[13]!) as WarningReason[],
  }
}

const RETRY_MS = 5_000
const DAY_KEY = 'day'

/**
 * 三色预警 driven by the clock. Every open case has one entry in a timer queue: the next instant
 * at which time alone changes its colour (its warning window opening, then its deadline); every
 * open supervision notice has one at its due time. One timer waits for the earliest entry, so an
 * idle county costs nothing and a change lands the moment it falls due. When an entry fires the
 * case is recoloured by CaseStore (re-read under a row lock, persisted with a ledger row and a
 * change-log entry); the log brings the change back through `track`, as it brings every
 * change made anywhere, and the next due time is scheduled from it. At start the engine recomputes every open case, so transitions that fell due while
 * it was down are caught up, stamped with the time they fell due.
 */
export class WarningEngine {
  private queue = new TimerQueue<string>()
  private armed: { at: number; cancel(): void } | null = null
  private poll: { cancel(): void } | null = null
  private work: Promise<unknown> = Promise.resolve()
  private stopped = false
  readonly stats = { startMs: 0, openAtStart: 0, fullRecompute: false, rechecks: 0, changes: 0, escalations: 0, autoNotices: 0, errors: 0 }

  constructor(private d: EngineDeps) {}

  get scheduled() {
    return this.queue.size
  }

  /** Loads every open case and notice, catches up, then waits for the next due time. */
  async start() {
    // Again after a stop: this node leads once more (another node led meanwhile).
    this.stopped = false
    const t0 = performance.now()
    const current = await this.d.rules.coloursCurrent()
    this.stats.openAtStart = current ? await this.resume() : await this.schedule()
    this.stats.fullRecompute = !current
    this.queue.set(DAY_KEY, +this.nextMidnight())
    this.pollRules()
    await this.run(async () => {
      await this.processDue()
      if (!current) await this.d.rules.markApplied(this.d.clock.now())
    })
    this.stats.startMs = Math.round(performance.now() - t0)
  }

  /**
   * The usual start: colours were computed under these rules, so each open case's stored next
   * change time is all the queue needs. Times already past are the catch-up: they fall due at
   * once and are stamped with the time they fell due. One row of text instead of a row per case
   * keeps 100k open cases well inside a second, even embedded.
   */
  private async resume() {
    const [row] = await queryRows<{ s: string | null; n: number }>(this.d.db, sql`
      select string_agg(id::text || ':' || (extract(epoch from colour_next_at) * 1000)::bigint::text, ',') as s, count(*)::int as n
      from cases where status in ('reported', 'accepted', 'dispatched', 'in_progress') and colour_next_at is not null`)
    for (const pair of row?.s ? row.s.split(',') : []) {
      const i = pair.indexOf(':')
      this.queue.set(`c${pair.slice(0, i)}`, Number(pair.slice(i + 1)))
    }
    for (const n of await this.d.notices.openDue()) this.queue.set(`n${n.id}`, +n.dueAt)
    return row?.n ?? 0
  }

  /** Recomputes every open case against the rules in force now; changed ones fall due at once. */
  private async schedule() {
    const now = this.d.clock.now()
    const rules = this.d.rules.current
    // One text row rather than a row per case: row decoding dominates at 100k cases. Tabs and
    // newlines cannot occur unescaped in the fields (codes, numbers, jsonb text).
    const [agg] = await queryRows<{ t: string | null }>(this.d.db, sql`
      select string_agg(concat_ws(E'\t', id, status, ${ms('reported_at')}, ${ms('accepted_at')}, ${ms('deadline_at')}, scale, people_involved,
        risk_level, supervision_level, failed_mediations, repeat_visits, colour, ${ms('colour_next_at')}, colour_reasons::text), E'\n') as t
      from cases where status in ('reported', 'accepted', 'dispatched', 'in_progress')`)
    const rows = agg?.t ? agg.t.split('\n').map((line) => toInputs(line.split('\t'))) : []
    for (const row of rows) {
      const { colour, reasons } = caseColour(row, now, rules)
      const next = nextChangeAt(row, now, rules)
      const stale = colour !== row.colour || !sameReasons(reasons, row.colourReasons) || +(next ?? 0) !== +(row.colourNextAt ?? 0)
      this.queue.set(`c${row.id}`, stale ? +now : (next?.getTime() ?? null))
    }
    for (const n of await this.d.notices.openDue()) this.queue.set(`n${n.id}`, +n.dueAt)
    return rows.length
  }

  /** The change log says the rules changed (here or in another process): re-read them, and recompute if they differ. */
  refreshRules() {
    return this.run(async () => {
      if (await this.d.rules.refresh()) await this.recomputeAll()
    }).catch(() => {})
  }

  /** New rules: re-evaluate every open case now, and every region (targets may have moved). */
  async reconfigure() {
    await this.run(() => this.recomputeAll())
  }

  private async recomputeAll() {
    await this.schedule()
    this.d.touchAll()
    await this.processDue()
    await this.d.rules.markApplied(this.d.clock.now())
  }

  /** After every case change read from the log: when does time next matter for it? */
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

  /** Imported cases: the open ones wait for their next colour change like any other (no automatic notice for history). */
  trackImported(rows: CaseRow[]) {
    const now = this.d.clock.now()
    for (const row of rows) if (isOpen(row.status)) this.queue.set(`c${row.id}`, nextChangeAt(row, now, this.d.rules.current)?.getTime() ?? null)
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
      console.error(`warning engine: ${describeError(e)}`)
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
          else if (key[0] === 'c') await this.recheck(Number(key.slice(1)))
          else if (key[0] === 'a') await this.autoNotice(Number(key.slice(1)))
          else await this.escalate(Number(key.slice(1)), new Date(at))
        } catch (e) {
          // The database may be briefly away: try again shortly rather than lose the transition.
          this.stats.errors++
          console.error(`warning engine: ${key} failed (${describeError(e)}), retrying in ${RETRY_MS / 1000}s`)
          this.queue.set(key, +this.d.clock.now() + RETRY_MS)
        }
      }
    }
    this.arm()
  }

  private newDay() {
    this.d.model.rollover()
    this.d.touchAll()
    this.queue.set(DAY_KEY, +this.nextMidnight())
  }

  private nextMidnight() {
    return startOfDay(addDays(dayOf(this.d.clock.now()), 1))
  }

  private async recheck(id: number) {
    this.stats.rechecks++
    const { change, nextAt } = await this.d.cases.recolour(id, this.d.clock.now())
    if (change) this.stats.changes++
    // Until the log brings the change back (and track() schedules from it), the next due time stands.
    this.queue.set(`c${id}`, nextAt?.getTime() ?? null)
  }

  private async escalate(noticeId: number, dueAt: Date) {
    const nc = await this.d.notices.escalate(noticeId, 'system', '逾期未反馈，自动升级', { dueAt })
    if (!nc) return
    this.stats.escalations++
    this.trackNotice(nc)
  }

  private async autoNotice(caseId: number) {
    let nc: NoticeChange | null
    try {
      nc = await this.d.notices.issue(caseId, { issuedBy: 'system', note: '分流案件进入黄色预警，自动发出督办提示函' }, { auto: true })
    } catch (e) {
      // Closed or reassigned meanwhile (409) is expected; anything else is worth a line in the log.
      if (!(e instanceof HttpError)) {
        this.stats.errors++
        console.error(`warning engine: auto notice for case ${caseId} failed (${describeError(e)}), retrying in ${RETRY_MS / 1000}s`)
        this.queue.set(`a${caseId}`, +this.d.clock.now() + RETRY_MS)
        this.arm()
      }
      return
    }
    if (!nc) return
    this.stats.autoNotices++
    this.trackNotice(nc)
  }

  private pollRules() {
    const ms = this.d.rulesPollMs ?? 30_000
    if (this.stopped || ms <= 0) return
    this.poll = this.d.clock.setTimer(ms, () => {
      // run() logs a failure; the poll goes on whatever happened (a rejection here must not end the process).
      this.run(async () => {
        if (await this.d.rules.refresh()) await this.recomputeAll()
      })
        .catch(() => {})
        .finally(() => this.pollRules())
    })
  }
}
