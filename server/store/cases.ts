import { notInArray, and, desc, eq, inArray, like, max, or, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { caseEvents, cases, teams, type CaseEventRow, type CaseRow } from '../../db/schema'
import { CASE_BATCH_MAX, type CaseCreate, type CaseTransition, type Complexity } from '../contract'
import type { Clock } from '../domain/clock'
import { caseDeltas } from '../domain/counters'
import { resolveUnit } from './units'
import { applyTransition, isOpen, OPEN_STATUSES, TransitionError } from '../domain/lifecycle'
import { handlingLevel, levelRank } from '../domain/levels'
import { caseColour, deadlineFor, lastBoundary, nextChangeAt, sameReasons, type ColourInputs } from '../domain/warnings'
import { appended, appendLog, noteAppended } from '../log/append'
import { beforeOf, type CaseChange } from '../log/entries'
import { communityOf, countyOf, townOf, within } from '../domain/regions'
import { badRequest, conflict, HttpError, notFound, unprocessable } from '../errors'
import type { Actor } from '../auth/principal'
import { aheadOfClock, isoLocal } from '../domain/time'

/** A deadline further than this from when it is set is a slip, not a plan. */
const MAX_DEADLINE_MS = 731 * 86_400_000
import type { Registry } from './registry'
import { insertCases } from './caseInsert'
import { caseDeltaStatements, execAll } from './rollups'
import type { RulesStore } from './rules'

export type { CaseChange } from '../log/entries'

/** Colour columns for a case as it will be stored: computed on every write, never sent by a client. */
export function colourColumns(
  c: ColourInputs & { colour?: string; colourReasons?: unknown; colourSince?: Date; colourNextAt?: Date | null },
  now: Date,
  rules: RulesStore,
) {
  const { colour, reasons } = caseColour(c, now, rules.current)
  const colourNextAt = nextChangeAt(c, now, rules.current)
  const same = c.colour === colour && Array.isArray(c.colourReasons) && sameReasons(c.colourReasons, reasons) && +(c.colourNextAt ?? 0) === +(colourNextAt ?? 0)
  return { colour, colourReasons: reasons, colourSince: c.colour === colour && c.colourSince ? c.colourSince : now, colourNextAt, same }
}

/** `logId`: the last change-log entry of the transaction that stored it (0: nothing logged). */
type CreateResult = { ok: true; created: boolean; row: CaseRow; logId: number } | { ok: false; error: HttpError }

/**
 * The one module that writes `cases` and their ledger (`case_events`): reports, transitions,
 * colour changes by time, and the supervision level notices set. Each write commits the row,
 * its ledger row, its rollup deltas and its change-log entry in one transaction.
 */
export class CaseStore {
  constructor(private db: Db, private registry: Registry, private rules: RulesStore, private clock: Clock, private groupCommit = true) {}

  private checkCodes(input: Pick<CaseCreate, 'source' | 'kind' | 'category' | 'scale' | 'riskLevel'>) {
    const checks = [['source', 'source'], ['kind', 'caseKind'], ['category', 'category'], ['scale', 'scale'], ['riskLevel', 'riskLevel']] as const
    for (const [field, kind] of checks) {
      if (!this.registry.has(kind, input[field])) throw badRequest(field, `unknown code '${input[field]}' (see GET /api/v1/codes)`)
    }
  }

  defaultDeadline(complexity: string, from: Date) {
    return deadlineFor(complexity as Complexity, from, this.rules.current)
  }

  /**
   * Idempotent on (source, externalId): a retry returns the stored case and changes nothing.
   *
   * Reports that arrive while a transaction is committing wait for it and then commit together
   * (group commit): appends to the change log follow each other in commit order (see
   * log/append.ts), so one transaction per report would make every report wait for the disk
   * in turn. A lone report commits at once; each is answered after its commit.
   */
  async create(input: CaseCreate): Promise<{ created: boolean; row: CaseRow }> {
    const r = await new Promise<CreateResult>((resolve, reject) => {
      this.pending.push({ input, resolve, reject })
      this.flush()
    })
    if (!r.ok) throw r.error
    noteAppended(r.logId)
    return r
  }

  private pending: { input: CaseCreate; resolve: (r: CreateResult) => void; reject: (e: unknown) => void }[] = []
  private flushing = false

  private flush() {
    if (this.flushing || !this.pending.length) return
    this.flushing = true
    const group = this.pending.splice(0, this.groupCommit ? CASE_BATCH_MAX : 1)
    // Outside any one request's context: each request notes the log entry it waits for itself.
    appended.exit(() => this.createMany(group.map((g) => g.input)))
      .then(
        (results) => results.forEach((r, i) => group[i]!.resolve(r)),
        (e) => group.forEach((g) => g.reject(e)),
      )
      .finally(() => {
        this.flushing = false
        this.flush()
      })
  }

  /** A case's stored columns from a report, checked against the code tables and the region tree. */
  prepare(input: CaseCreate) {
    this.checkCodes(input)
    const region = this.registry.region(input.regionCode)
    if (!region || (region.level !== 'community' && region.level !== 'grid')) {
      throw unprocessable('regionCode', `no community or grid with code ${input.regionCode}`)
    }
    const reportedAt = new Date(input.reportedAt)
    const acceptedAt = input.acceptedAt ? new Date(input.acceptedAt) : null
    const now = this.clock.now()
    for (const [field, at] of [['reportedAt', reportedAt], ['acceptedAt', acceptedAt]] as const) {
      const ahead = at && aheadOfClock(at, now)
      if (ahead) throw badRequest(field, ahead)
    }
    if (acceptedAt && acceptedAt < reportedAt) throw badRequest('acceptedAt', 'must not be before reportedAt')
    const complexity = input.complexity ?? this.registry.complexityOf(input.category)
    const deadlineAt = input.deadlineAt ? new Date(input.deadlineAt) : acceptedAt ? this.defaultDeadline(complexity, acceptedAt) : null
    if (deadlineAt && deadlineAt <= reportedAt) throw badRequest('deadlineAt', 'must be after reportedAt')
    if (deadlineAt && +deadlineAt > +(acceptedAt ?? reportedAt) + MAX_DEADLINE_MS) throw badRequest('deadlineAt', 'must be within two years of the report')
    const status = acceptedAt ? 'accepted' : 'reported'
    const { same: _, ...colour } = colourColumns(
      { status, reportedAt, acceptedAt, deadlineAt, scale: input.scale, peopleInvolved: input.peopleInvolved, riskLevel: input.riskLevel, supervisionLevel: 0, failedMediations: 0, repeatVisits: input.repeatVisits },
      this.clock.now(),
      this.rules,
    )
    return {
      externalId: input.externalId, source: input.source, kind: input.kind, category: input.category, complexity, repeatVisits: input.repeatVisits,
      ...colour,
      regionCode: input.regionCode, communityCode: communityOf(input.regionCode), townCode: townOf(input.regionCode),
      title: input.title, description: input.description, peopleInvolved: input.peopleInvolved, scale: input.scale, riskLevel: input.riskLevel,
      status, reportedAt, acceptedAt, deadlineAt,
    }
  }

  /**
   * Reports many cases in one transaction (a system syncing in bulk): one answer per report, in
   * order. A report that fails its checks is answered with its error and stores nothing; the
   * others are stored. Idempotent per report on (source, externalId).
   */
  async createMany(inputs: CaseCreate[]): Promise<CreateResult[]> {
    const prepared = inputs.map((input) => {
      try {
        return { values: this.prepare(input) }
      } catch (e) {
        if (e instanceof HttpError) return { error: e }
        throw e
      }
    })
    const valid = prepared.flatMap((p) => (p.values ? [p.values] : []))
    let logId = 0
    const key = (r: { source: string; externalId: string }) => `${r.source}\u0000${r.externalId}`
    // One statement for the new ones (see caseInsert.ts); the reports that existed are read after.
    const stored = new Map<string, { row: CaseRow; created: boolean }>()
    if (valid.length) {
      // A report repeated within the batch is inserted (and counted) once.
      const keys = new Set<string>()
      const firsts = valid.filter((v) => !keys.has(key(v)) && !!keys.add(key(v)))
      const inserted = await insertCases(this.db, firsts, firsts.map((v) => caseDeltas(null, v as never)))
      logId = inserted.logId
      for (const r of inserted.rows) stored.set(key(r), { row: r, created: true })
      const missing = valid.filter((v) => !stored.has(key(v)))
      if (missing.length) {
        const found = await this.db.select().from(cases).where(or(...missing.map((m) => and(eq(cases.source, m.source), eq(cases.externalId, m.externalId)))))
        for (const r of found) stored.set(key(r), { row: r, created: false })
      }
    }
    // A report repeated within the batch is stored once: the first is created, the rest find it.
    const seen = new Set<string>()
    return prepared.map((p) => {
      if (!p.values) return { ok: false as const, error: p.error! }
      const k = key(p.values)
      const s = stored.get(k)!
      const created = s.created && !seen.has(k)
      seen.add(k)
      return { ok: true as const, created, row: s.row, logId }
    })
  }

  /**
   * Moves a case along. `actor` is who acts, by identity (the caller; none: the system); a name
   * a system sends in the body is kept in the ledger row's data, not as the actor. The time may
   * not lie ahead of the server's clock nor before the case's last recorded change.
   */
  async transition(id: number, given: CaseTransition, actor?: Actor): Promise<CaseChange> {
    const now = this.clock.now()
    const t = { ...given, at: given.at ?? now.toISOString(), actor: actor?.name ?? given.actor }
    const ahead = aheadOfClock(new Date(t.at), now)
    if (ahead) throw badRequest('at', ahead)
    if ('deadlineAt' in t && t.deadlineAt) {
      const deadline = new Date(t.deadlineAt)
      if (+deadline <= Date.parse(t.at)) throw badRequest('deadlineAt', 'must be after the time of the action')
      if (+deadline > Date.parse(t.at) + MAX_DEADLINE_MS) throw badRequest('deadlineAt', 'must be within two years of the action')
    }
    if (t.action === 'resolve') {
      if (!this.registry.has('outcome', t.outcome)) throw badRequest('outcome', `unknown code '${t.outcome}'`)
      if (!this.registry.has('closingLevel', t.level)) throw badRequest('level', `unknown code '${t.level}'`)
    }
    if (t.action === 'report_up' && (!this.registry.has('closingLevel', t.to) || levelRank(t.to) < 0)) throw badRequest('to', `unknown level '${t.to}' (village, town or county)`)
    if (t.action === 'visit' && !this.registry.has('satisfaction', t.satisfaction)) {
      throw badRequest('satisfaction', `unknown code '${t.satisfaction}'`)
    }
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(cases).where(eq(cases.id, id)).for('update')
      if (!before) throw notFound(`case ${id}`)

      if (t.expectedVersion !== undefined && t.expectedVersion !== before.version) {
        throw conflict('expectedVersion', `the case changed meanwhile (now version ${before.version}, status ${before.status}); reload it and decide again`)
      }
      // 分流: to a unit of the directory that serves the case's place; the ledger keeps its name and id.
      const unit = t.action === 'dispatch' ? await this.unitFor(tx, before.communityCode, t) : null
      // A team that mediated it: one of the case's county (a community's, a town's or the county's own).
      if (t.action === 'resolve' && t.teamId !== undefined) {
        const [team] = await tx.select({ regionCode: teams.regionCode }).from(teams).where(eq(teams.id, t.teamId))
        if (!team || !within(before.communityCode, countyOf(team.regionCode))) throw badRequest('teamId', `no volunteer team ${t.teamId} of the case's county (GET /api/v1/teams)`)
      }
      if (t.action === 'dispatch') Object.assign(t, { unit: unit!.name, unitId: unit!.id })
      // The ledger keeps both rungs of an escalation.
      if (t.action === 'report_up') Object.assign(t, { from: handlingLevel(before) })
      let next
      try {
        next = applyTransition(before, t, (at) => this.defaultDeadline(before.complexity, at))
      } catch (e) {
        if (e instanceof TransitionError) throw conflict(e.field, e.message)
        throw e
      }
      // In time order: not before the case's last recorded change.
      const [last] = await tx.select({ at: max(caseEvents.at) }).from(caseEvents).where(eq(caseEvents.caseId, id))
      if (last?.at && Date.parse(t.at) < +last.at) throw conflict('at', `must not be before the case's last recorded change (${isoLocal(last.at)})`)
      const { same: _, ...colour } = colourColumns({ ...before, ...next }, this.clock.now(), this.rules)
      const [after] = await tx
        .update(cases)
        .set({ ...next, ...(unit ? { assignedUnitId: unit.id } : {}), ...(t.action === 'resolve' && t.teamId !== undefined ? { teamId: t.teamId } : {}), ...colour, version: sql`${cases.version} + 1`, updatedAt: this.clock.now() })
        .where(eq(cases.id, id))
        .returning()
      const { action, at, actor: name, expectedVersion: _expected, ...data } = t
      // A system's own word for who acted is data, not identity.
      if (actor?.keyId && given.actor && given.actor !== 'system') Object.assign(data, { reportedActor: given.actor })
      const deltas = caseDeltas(before, after!)
      const ledger = { caseId: id, at: new Date(at), actor: name, actorUserId: actor?.userId ?? null, actorKeyId: actor?.keyId ?? null, action, fromStatus: before.status, toStatus: next.status, data }
      await execAll(tx, [tx.insert(caseEvents).values(ledger).getSQL(), ...caseDeltaStatements(tx, deltas)])
      const change: CaseChange = { type: 'case', before: beforeOf(before), after: after!, deltas }
      await appendLog(tx, [{ kind: 'case', change }])
      return change
    })
  }

  /** The unit of the directory a case of `communityCode` may be dispatched or supervised to (a 400 otherwise). */
  unitFor(tx: Db | Tx, communityCode: string, ref: { unitId?: number; unit?: string }) {
    return resolveUnit(tx, this.registry, communityCode, ref)
  }

  /**
   * Re-reads the case under lock and stores its colour as of `now`. A change that time caused is
   * stamped with the boundary that caused it (the deadline, the window opening), even when found
   * late after a restart; a change caused by new rules is stamped now. `nextAt`: when time next
   * matters for the case (null: never, or it is closed).
   */
  async recolour(id: number, now: Date): Promise<{ change: CaseChange | null; nextAt: Date | null }> {
    const rules = this.rules.current
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(cases).where(eq(cases.id, id)).for('update')
      if (!before || !isOpen(before.status)) return { change: null, nextAt: null }
      const { same, ...colour } = colourColumns(before, now, this.rules)
      if (same) return { change: null, nextAt: colour.colourNextAt }
      const b = lastBoundary(before, now, rules)
      const byTime = b && caseColour(before, new Date(+b - 1), rules).colour !== colour.colour && caseColour(before, b, rules).colour === colour.colour
      const at = byTime ? b : now
      const [after] = await tx
        .update(cases)
        .set({ ...colour, colourSince: colour.colour === before.colour ? before.colourSince : at, version: before.version + 1, updatedAt: now })
        .where(eq(cases.id, id))
        .returning()
      await tx.insert(caseEvents).values({
        caseId: id, at, actor: 'system', action: 'warning', fromStatus: before.status, toStatus: before.status,
        data: { from: before.colour, to: colour.colour, reasons: colour.colourReasons, late: +now - +at > 1000 },
      })
      const change: CaseChange = { type: 'case', before: beforeOf(before), after: after!, deltas: { daily: [], dims: [] } }
      await appendLog(tx, [{ kind: 'case', change }])
      return { change, nextAt: colour.colourNextAt }
    })
  }

  /** Locks a case for a change made inside another store's transaction (a supervision notice). */
  async lock(tx: Tx, id: number): Promise<CaseRow> {
    const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update')
    if (!row) throw notFound(`case ${id}`)
    return row
  }

  /**
   * A supervision step on a locked case: its ledger row, then its supervision level (from its
   * open notices) and colour. The caller appends the change to the log with its notice.
   */
  async supervise(tx: Tx, before: CaseRow, supervisionLevel: number, ledger: { at: Date; actor: string; action: string; data: Record<string, unknown> }): Promise<CaseChange> {
    return this.amend(tx, before, { supervisionLevel }, ledger)
  }

  /**
   * A change to a locked case's warning inputs made inside another store's transaction (a
   * supervision step, a repeat visit): its ledger row, the new values and its colour. The caller
   * appends the change to the log.
   */
  async amend(tx: Tx, before: CaseRow, patch: Partial<Pick<CaseRow, 'supervisionLevel' | 'repeatVisits'>>, ledger: { at: Date; actor: string; actorUserId?: number | null; action: string; data: Record<string, unknown> }): Promise<CaseChange> {
    await tx.insert(caseEvents).values({ caseId: before.id, at: ledger.at, actor: ledger.actor, actorUserId: ledger.actorUserId ?? null, action: ledger.action, fromStatus: before.status, toStatus: before.status, data: ledger.data })
    const now = this.clock.now()
    const { same: _, ...colour } = colourColumns({ ...before, ...patch }, now, this.rules)
    const [after] = await tx
      .update(cases)
      .set({ ...patch, ...colour, version: sql`${cases.version} + 1`, updatedAt: now })
      .where(eq(cases.id, before.id))
      .returning()
    return { type: 'case', before: beforeOf(before), after: after!, deltas: { daily: [], dims: [] } }
  }

  async get(id: number): Promise<{ row: CaseRow; timeline: CaseEventRow[] } | null> {
    const [row] = await this.db.select().from(cases).where(eq(cases.id, id))
    if (!row) return null
    const timeline = await this.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(caseEvents.id)
    return { row, timeline }
  }

  /** Open red and yellow cases of a region (the duty queue, before ordering by urgency). */
  async warned(prefix: string, limit: number): Promise<CaseRow[]> {
    return this.db
      .select()
      .from(cases)
      .where(and(like(cases.communityCode, `${prefix}%`), inArray(cases.status, [...OPEN_STATUSES]), inArray(cases.colour, ['red', 'yellow'])))
      .orderBy(desc(eq(cases.colour, 'red')), sql`${cases.deadlineAt} asc nulls last`)
      .limit(limit)
  }

  /**
   * Within a region: newest first (all, or `open: true` only the open ones), or with `open: false`
   * only the closed ones, the most recently closed first (the desk's 已办结).
   */
  async list(q: { prefix: string; open?: boolean; limit: number }): Promise<CaseRow[]> {
    const where = [like(cases.communityCode, `${q.prefix}%`)]
    if (q.open === true) where.push(inArray(cases.status, [...OPEN_STATUSES]))
    if (q.open === false) where.push(notInArray(cases.status, [...OPEN_STATUSES]))
    const order = q.open === false ? [sql`${cases.resolvedAt} desc nulls last`, desc(cases.id)] : [desc(cases.id)]
    return this.db.select().from(cases).where(and(...where)).orderBy(...order).limit(q.limit)
  }
}
