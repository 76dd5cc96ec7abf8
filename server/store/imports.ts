import { createHash } from 'node:crypto'
import { and, desc, eq, inArray, isNull, like, lt, or, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { caseEvents, imports, units, type ImportOptions, type ImportProblem, type ImportRow } from '../../db/schema'
import type { Clock } from '../domain/clock'
import { caseDeltas, sumDeltas } from '../domain/counters'
import { prefixOf } from '../domain/regions'
import { caseColour, deadlineFor, lastBoundary, nextChangeAt, type ColourInputs } from '../domain/warnings'
import { badRequest, describeError, HttpError, notFound, unavailableCause } from '../errors'
import { checkLedger, LEDGER_FIELDS, mapColumns, type LedgerCase, type LedgerField } from '../imports/ledger'
import { FileError, readSheet } from '../imports/read'
import { audit, type AuditActor } from './audit'
import { insertCasesUnlogged } from './caseInsert'
import { chainOf } from './units'
import { appendLog } from '../log/append'
import type { ImportChange } from '../log/entries'
import type { Registry } from './registry'
import type { RulesStore } from './rules'

/** Rows stored per transaction: each batch commits with the import's progress (and goes to the walls as one frame). */
export const IMPORT_BATCH = 2000
/** A running import whose last batch is older than this has lost its process: another takes it over. */
const STALE_MS = 15_000
/** A checked import not started within this many days is expired: its file is dropped (a 40 MB ledger must not stay for ever). */
export const CHECKED_KEEP_DAYS = 7
/** The problems kept with an import for the report (the count is always whole). */
const KEEP_PROBLEMS = 10_000

/** What the page and the API show of an import (never the file). */
export interface ImportView {
  id: number
  fileName: string
  status: ImportRow['status']
  total: number
  done: number
  inserted: number
  existing: number
  problemCount: number
  problems: ImportProblem[]
  columns: Record<string, string>
  unknownColumns: string[]
  unmatched: { community: string[]; category: string[] }
  zone: string | null
  createdBy: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  /** Rows a second over the run so far, and the seconds left at that rate (null before a batch). */
  rate: number | null
  secondsLeft: number | null
  error: string | null
}

interface Checked {
  cases: LedgerCase[]
  problems: ImportProblem[]
  unmatched: { community: string[]; category: string[] }
  columns: Record<string, string>
  unknownColumns: string[]
}

/**
 * 台账导入: a ledger file checked row by row (a dry run stores nothing but the check), then stored
 * in batches that each commit with the import's progress, so a stopped import resumes where it
 * stopped, and every case at most once (its source and 受理编号). Cases keep their own timeline:
 * accepted, resolved, visited at the ledger's times, and a note of where they came from.
 */
export class ImportStore {
  /** Imports this process is running now, and their runs. */
  private running = new Set<number>()
  private runs = new Set<Promise<void>>()
  private closing = false
  /** The last check made here, kept for its start (a check of 100,000 rows is seconds of work); any other start reads its file again. One only: a check never started must not hold its rows for days. */
  private lastCheck: { id: number; checked: Checked } | null = null

  constructor(private db: Db, private registry: Registry, private rules: RulesStore, private clock: Clock) {}

  private async check(content: Buffer, region: string, opts: { mapping?: Partial<Record<LedgerField, string>>; zone: string | null }): Promise<Checked> {
    let sheet
    try {
      sheet = await readSheet(content)
    } catch (e) {
      if (e instanceof FileError) throw badRequest('file', e.message)
      throw e
    }
    const { columns, unknown, missing } = mapColumns(sheet.headers, opts.mapping)
    if (missing.length) {
      const reason = `表头缺少：${missing.map((f) => `${LEDGER_FIELDS[f].zh}（${f}）`).join('、')}；可用 mapping 指定对应的列`
      // The file's headers come back, so that the page can offer them to map.
      throw new HttpError(422, 'missing_columns', `columns: ${reason}`, [{ field: 'columns', reason }], { headers: sheet.headers, columns: Object.fromEntries(Object.entries(columns).map(([f, i]) => [f, sheet.headers[i]!])), missing })
    }
    const checked = checkLedger(sheet.rows, columns, sheet.headers, this.registry, region, { zone: opts.zone, now: this.clock.now() })
    return { ...checked, columns: Object.fromEntries(Object.entries(columns).map(([f, i]) => [f, sheet.headers[i]!])), unknownColumns: unknown }
  }

  /** Checks a file and keeps it as a checked import: every problem listed, nothing of it stored as cases. */
  async dryRun(content: Buffer, fileName: string, region: string, opts: { mapping?: Partial<Record<LedgerField, string>>; zone: string | null }, by: AuditActor): Promise<ImportView> {
    const checked = await this.check(content, region, opts)
    const options: ImportOptions = { columns: checked.columns, zone: opts.zone }
    const [row] = await this.db
      .insert(imports)
      .values({
        regionCode: region, fileName: fileName.slice(0, 200), fileHash: createHash('sha256').update(content).digest('hex'), content, options, status: 'checked',
        total: checked.cases.length, problems: checked.problems.slice(0, KEEP_PROBLEMS), problemCount: checked.problems.length, createdBy: by.name,
      })
      .returning()
    this.lastCheck = { id: row!.id, checked }
    return this.view(row!, checked)
  }

  /** Starts storing a checked import's good rows (its bad rows are skipped, as the check listed them). */
  async start(id: number, region: string, by: AuditActor): Promise<ImportView> {
    const now = this.clock.now()
    const [row] = await this.db.transaction(async (tx) => {
      const started = await tx
        .update(imports)
        .set({ status: 'running', startedAt: now, heartbeatAt: now })
        .where(and(eq(imports.id, id), like(imports.regionCode, `${prefixOf(region)}%`), eq(imports.status, 'checked')))
        .returning()
      if (!started.length) {
        const [x] = await tx.select({ status: imports.status, regionCode: imports.regionCode }).from(imports).where(eq(imports.id, id))
        if (!x || !x.regionCode.startsWith(prefixOf(region))) throw notFound(`import ${id}`)
        throw badRequest('status', `this import is ${x.status}: only a checked one can be started`)
      }
      await audit(tx, by, { action: 'import.start', target: `import:${id}`, regionCode: started[0]!.regionCode, after: { fileName: started[0]!.fileName, rows: started[0]!.total, problems: started[0]!.problemCount } }, now)
      return started
    })
    this.track(this.run(row!.id, false))
    return this.view(row!)
  }

  private track(p: Promise<void>) {
    this.runs.add(p)
    void p.finally(() => this.runs.delete(p))
  }

  /** Stops after the batch in hand (the app closing): the import stays running and resumes on the next start. */
  async idle() {
    this.closing = true
    await Promise.all([...this.runs])
  }

  async get(id: number, region: string): Promise<ImportView> {
    const [row] = await this.db.select().from(imports).where(and(eq(imports.id, id), like(imports.regionCode, `${prefixOf(region)}%`)))
    if (!row) throw notFound(`import ${id}`)
    return this.view(row)
  }

  async list(region: string, limit = 50): Promise<ImportView[]> {
    const rows = await this.db.select().from(imports).where(like(imports.regionCode, `${prefixOf(region)}%`)).orderBy(desc(imports.id)).limit(limit)
    return rows.map((r) => this.view(r))
  }

  /** Checked imports never started within CHECKED_KEEP_DAYS: expired, their files dropped. Returns their ids. */
  async expireChecked(): Promise<number[]> {
    const cutoff = new Date(this.clock.now().getTime() - CHECKED_KEEP_DAYS * 86_400_000)
    const rows = await this.db.update(imports).set({ status: 'expired', content: Buffer.alloc(0) }).where(and(eq(imports.status, 'checked'), lt(imports.createdAt, cutoff))).returning({ id: imports.id })
    return rows.map((r) => r.id)
  }

  /** Imports whose process stopped (a kill, a restart) half way: this process takes them over. */
  async resumeStale(): Promise<number[]> {
    const cutoff = new Date(this.clock.now().getTime() - STALE_MS)
    const stale = await this.db.select({ id: imports.id }).from(imports).where(and(eq(imports.status, 'running'), or(isNull(imports.heartbeatAt), lt(imports.heartbeatAt, cutoff))))
    for (const s of stale) this.track(this.run(s.id, true))
    return stale.map((s) => s.id)
  }

  /**
   * Stores the import's remaining good rows, a batch a transaction, each with its progress. The
   * process that last moved the heartbeat owns the import: a batch commits only if the heartbeat
   * is still the one this process set.
   */
  private async run(id: number, stale: boolean): Promise<void> {
    if (this.running.has(id) || this.closing) return
    this.running.add(id)
    try {
      const now0 = this.clock.now()
      const claimed = await this.db
        .update(imports)
        .set({ heartbeatAt: now0 })
        .where(and(eq(imports.id, id), eq(imports.status, 'running'), stale ? or(isNull(imports.heartbeatAt), lt(imports.heartbeatAt, new Date(+now0 - STALE_MS))) : undefined))
        .returning()
      const row = claimed[0]
      if (!row) return
      const checked = (this.lastCheck?.id === id ? this.lastCheck.checked : null) ?? (await this.check(row.content, row.regionCode, { mapping: row.options.columns as Partial<Record<LedgerField, string>>, zone: row.options.zone }))
      if (this.lastCheck?.id === id) this.lastCheck = null
      let beat = row.heartbeatAt!
      for (let from = row.done; from < checked.cases.length; from += IMPORT_BATCH) {
        if (this.closing) return
        const batch = checked.cases.slice(from, from + IMPORT_BATCH)
        const next = this.clock.now()
        const stored = await this.db.transaction(async (tx) => {
          // Still ours: the heartbeat is the one we set (else another process took it over).
          const mine = await tx.update(imports).set({ heartbeatAt: next }).where(and(eq(imports.id, id), eq(imports.status, 'running'), eq(imports.heartbeatAt, beat))).returning({ id: imports.id })
          if (!mine.length) return null
          const result = await this.storeBatch(tx, batch, row, next)
          await tx
            .update(imports)
            .set({ done: from + batch.length, inserted: sql`${imports.inserted} + ${result.inserted}`, existing: sql`${imports.existing} + ${batch.length - result.inserted}` })
            .where(eq(imports.id, id))
          return result
        })
        if (!stored) return
        beat = next
      }
      // Done: the file is no longer needed to resume, and is dropped.
      await this.db.update(imports).set({ status: 'done', finishedAt: this.clock.now(), heartbeatAt: this.clock.now(), content: Buffer.alloc(0) }).where(and(eq(imports.id, id), eq(imports.heartbeatAt, beat)))
    } catch (e) {
      console.error(`import ${id}: ${describeError(e)}`)
      // A database outage leaves the import running: it resumes when its heartbeat is stale.
      if (!unavailableCause(e)) {
        await this.db.update(imports).set({ status: 'failed', error: e instanceof Error ? e.message.slice(0, 500) : String(e), finishedAt: this.clock.now() }).where(eq(imports.id, id)).catch(() => undefined)
      }
    } finally {
      this.running.delete(id)
    }
  }

  /** One batch: the cases with their colours, rollups and change-log entries, then their own later steps and a note of where they came from. */
  private async storeBatch(tx: Tx, batch: LedgerCase[], imp: ImportRow, now: Date): Promise<{ inserted: number }> {
    const rules = this.rules.current
    // 承办单位 named in the ledger and known to the directory: linked, the nearest to the case of
    // that name (a disabled unit too: it did this work then). Others keep their name, and are linked
    // when the unit is added (UnitStore.link).
    const names = [...new Set(batch.map((c) => c.assignedUnit).filter((n): n is string => !!n))]
    const known = names.length ? await tx.select({ id: units.id, name: units.name, regionCode: units.regionCode }).from(units).where(inArray(units.name, names)) : []
    const unitOf = (c: LedgerCase): number | null => {
      if (!c.assignedUnit) return null
      const chain = chainOf(this.registry, c.communityCode)
      const fit = known.filter((u) => u.name === c.assignedUnit && chain.includes(u.regionCode)).sort((a, b) => chain.indexOf(a.regionCode) - chain.indexOf(b.regionCode))
      return fit[0]?.id ?? null
    }
    const values = batch.map((c) => {
      const complexity = this.registry.complexityOf(c.category)
      const deadlineAt = c.deadlineAt ?? deadlineFor(complexity, c.acceptedAt, rules)
      const status = c.visitedAt ? 'visited' : c.resolvedAt ? 'resolved' : 'accepted'
      const inputs: ColourInputs = { status, reportedAt: c.reportedAt, acceptedAt: c.acceptedAt, deadlineAt, scale: 'individual', peopleInvolved: c.peopleInvolved, riskLevel: 'low', supervisionLevel: 0, failedMediations: 0, repeatVisits: 0 }
      const { colour, reasons } = caseColour(inputs, now, rules)
      const last = c.visitedAt ?? c.resolvedAt ?? c.acceptedAt
      return {
        externalId: c.externalId, source: c.source, kind: c.kind, category: c.category, complexity,
        regionCode: c.regionCode, communityCode: c.communityCode, townCode: c.townCode,
        title: c.title, description: c.description, peopleInvolved: c.peopleInvolved, scale: c.peopleInvolved >= 5 ? 'group' : 'individual', riskLevel: 'low',
        status, reportedAt: c.reportedAt, acceptedAt: c.acceptedAt, deadlineAt, resolvedAt: c.resolvedAt, outcome: c.outcome, closingLevel: c.closingLevel,
        assignedUnit: c.assignedUnit, assignedUnitId: unitOf(c), satisfaction: c.satisfaction,
        colour, colourReasons: reasons, colourNextAt: nextChangeAt(inputs, now, rules), colourSince: colour === 'green' ? last : (lastBoundary(inputs, now, rules) ?? c.acceptedAt),
        version: 1 + (c.resolvedAt ? 1 : 0) + (c.visitedAt ? 1 : 0),
        createdAt: now, updatedAt: now,
      }
    })
    const deltas = values.map((v) => caseDeltas(null, v as never))
    const rows = await insertCasesUnlogged(tx, values, deltas)
    if (!rows.length) return { inserted: 0 }
    const byKey = new Map(batch.map((c) => [`${c.source}\u0000${c.externalId}`, c]))
    const of = (r: { source: string; externalId: string }) => byKey.get(`${r.source}\u0000${r.externalId}`)!
    // The create row says where the case stood when it was accepted, and where it came from (file, row, import).
    const origin = JSON.stringify(rows.map((r) => ({ id: r.id, note: `台账导入：${imp.fileName} 第 ${of(r).row} 行（导入 #${imp.id}）` })))
    await tx.execute(sql`
      update ${caseEvents} e set to_status = 'accepted', data = e.data || jsonb_build_object('import', ${imp.id}::int, 'note', o.note)
      from jsonb_to_recordset(${origin}::jsonb) as o(id int, note text)
      where e.case_id = o.id and e.action = 'create'`)
    // Its later steps at the ledger's own times.
    const events = rows.flatMap((r) => {
      const c = of(r)
      const out: (typeof caseEvents.$inferInsert)[] = []
      if (c.resolvedAt) out.push({ caseId: r.id, at: c.resolvedAt, actor: '台账', action: 'resolve', fromStatus: 'accepted', toStatus: 'resolved', data: { outcome: c.outcome, level: c.closingLevel, unit: c.assignedUnit } })
      if (c.visitedAt) out.push({ caseId: r.id, at: c.visitedAt, actor: '台账', action: 'visit', fromStatus: 'resolved', toStatus: 'visited', data: { satisfaction: c.satisfaction } })
      return out
    })
    for (let i = 0; i < events.length; i += 4000) await tx.insert(caseEvents).values(events.slice(i, i + 4000))
    // The log: one entry per community, its cases' deltas summed (see ImportChange), written last (its lock is the last taken).
    const deltaOf = new Map(values.map((v, i) => [`${v.source}\u0000${v.externalId}`, deltas[i]!]))
    const byCommunity = new Map<string, ImportChange>()
    for (const r of rows) {
      let ch = byCommunity.get(r.communityCode)
      if (!ch) byCommunity.set(r.communityCode, (ch = { type: 'import', import: imp.id, community: r.communityCode, count: 0, deltas: { daily: [], dims: [] }, rows: [] }))
      ch.count++
      const d = deltaOf.get(`${r.source}\u0000${r.externalId}`)!
      ch.deltas.daily.push(...d.daily)
      ch.deltas.dims.push(...d.dims)
      if (r.row) ch.rows.push(r.row)
    }
    for (const ch of byCommunity.values()) ch.deltas = sumDeltas(ch.deltas)
    await appendLog(tx, [...byCommunity.values()].sort((a, b) => a.community.localeCompare(b.community)).map((change) => ({ kind: 'import' as const, change })))
    return { inserted: rows.length }
  }

  private view(r: ImportRow, checked?: Checked): ImportView {
    const elapsed = r.startedAt ? ((r.finishedAt ?? r.heartbeatAt ?? r.startedAt).getTime() - r.startedAt.getTime()) / 1000 : 0
    const rate = r.startedAt && r.done > 0 && elapsed > 0 ? r.done / elapsed : null
    return {
      id: r.id, fileName: r.fileName, status: r.status, total: r.total, done: r.done, inserted: r.inserted, existing: r.existing,
      problemCount: r.problemCount, problems: r.problems, columns: r.options.columns, unknownColumns: checked?.unknownColumns ?? [],
      unmatched: checked?.unmatched ?? { community: [...new Set(r.problems.filter((p) => p.reason === '本地区没有这个村（社区）').map((p) => p.value))], category: [...new Set(r.problems.filter((p) => p.reason === '没有这个纠纷类别').map((p) => p.value))] },
      zone: r.options.zone, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
      rate: rate === null ? null : Math.round(rate), secondsLeft: rate && r.status === 'running' ? Math.round((r.total - r.done) / rate) : r.status === 'done' ? 0 : null, error: r.error,
    }
  }
}
