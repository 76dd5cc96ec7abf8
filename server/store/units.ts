import { and, asc, eq, inArray, isNotNull, isNull, like, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db, type Tx } from '../../db/client'
import { cases, supervisionNotices, units, type Unit } from '../../db/schema'
import type { UnitCreate, UnitImportProblem, UnitImportResult, UnitPatch, UnitView } from '../contract'
import { UnitCreate as UnitCreateSchema } from '../contract'
import type { Clock } from '../domain/clock'
import { levelOf, prefixOf, within } from '../domain/regions'
import { isoLocal } from '../domain/time'
import { badRequest, conflict, notFound } from '../errors'
import { iso } from '../live/summary'
import { audit, type AuditActor } from './audit'
import type { Registry } from './registry'

/** What the audit log keeps of a unit. */
const facts = (u: Unit) => ({ name: u.name, regionCode: u.regionCode, parentId: u.parentId, contactName: u.contactName, contactPhone: u.contactPhone, disabledAt: u.disabledAt ? isoLocal(u.disabledAt) : null })

/** A unit as the API shows it: with its region's name and level and its parent's name. */
export function unitView(u: Unit, parentName: string | null, registry: Registry): UnitView {
  return {
    id: u.id, name: u.name, regionCode: u.regionCode, regionName: registry.region(u.regionCode)?.name ?? u.regionCode, level: levelOf(u.regionCode) as UnitView['level'],
    parentId: u.parentId, parentName, contactName: u.contactName, contactPhone: u.contactPhone, disabledAt: iso(u.disabledAt),
  }
}

/** The regions a case in `code` climbs through: itself (as a community), its town, county … up to the tree's top. */
export function chainOf(registry: Registry, code: string): string[] {
  const out: string[] = []
  let r = registry.region(code.slice(0, 12))
  while (r) {
    if (r.level !== 'grid') out.push(r.code)
    r = r.parentCode ? registry.region(r.parentCode) : undefined
  }
  return out
}

/**
 * The unit a case of `communityCode` is dispatched or supervised to, by id or by its name as
 * written: one that serves the case's place (its own or a region above it) and is not disabled.
 * Otherwise a 400 naming the field: nothing is dispatched to a unit the directory does not know.
 */
export async function resolveUnit(tx: Db | Tx, registry: Registry, communityCode: string, ref: { unitId?: number; unit?: string }): Promise<Unit> {
  const chain = chainOf(registry, communityCode)
  const place = registry.region(communityCode)?.name ?? communityCode
  if (ref.unitId !== undefined) {
    const [u] = await tx.select().from(units).where(eq(units.id, ref.unitId))
    if (!u) throw badRequest('unitId', `no unit ${ref.unitId} in the units directory (承办单位)`)
    if (!chain.includes(u.regionCode)) throw badRequest('unitId', `${u.name} does not serve ${place}: pick a unit of the case's community, town or county`)
    if (u.disabledAt) throw badRequest('unitId', `${u.name} is disabled in the units directory`)
    if (ref.unit !== undefined && ref.unit !== u.name) throw badRequest('unit', `unit ${ref.unitId} is ${u.name}, not ${ref.unit}`)
    return u
  }
  if (ref.unit === undefined) throw badRequest('unitId', 'name the unit: unitId (from GET /api/v1/units) or its name')
  const found = await tx.select().from(units).where(and(eq(units.name, ref.unit), inArray(units.regionCode, chain), isNull(units.disabledAt)))
  if (!found.length) throw badRequest('unit', `${ref.unit} is not in the units directory (承办单位) for ${place}: pick one from GET /api/v1/units?for=${communityCode}, or add it in /admin`)
  // The same name at two levels: the one nearest the case.
  return found.sort((a, b) => chain.indexOf(a.regionCode) - chain.indexOf(b.regionCode))[0]!
}


/** The import's report is read by an admin: columns and reasons in the page's words. */
const IMPORT_FIELDS = {
  name: { column: '名称', key: 'name', reason: '须为 1–80 个字符的文本' },
  contactName: { column: '联系人', key: 'contactName', reason: '最多 40 个字符' },
  contactPhone: { column: '联系电话', key: 'contactPhone', reason: '只能含数字、空格和 + - ( )，最多 24 位' },
} as const

/** One row of an import as read from the file: the CSV's columns by their meaning. */
export interface UnitImportRow {
  line: number
  name: string
  region: string
  parent: string
  contactName: string
  contactPhone: string
}

/**
 * 承办单位: the directory of units cases are dispatched to. A unit serves a region (a county's
 * departments, a town's offices, a community's committee) and takes cases of that region and
 * below; a case references it by id and keeps its name as recorded. Every change is audited.
 */
export class UnitStore {
  constructor(
    private db: Db,
    private registry: Registry,
    private clock: Clock,
  ) {}

  chain(code: string): string[] {
    return chainOf(this.registry, code)
  }

  view(u: Unit, parentName: string | null): UnitView {
    return unitView(u, parentName, this.registry)
  }

  async views(rows: Unit[]): Promise<UnitView[]> {
    const parentIds = [...new Set(rows.map((u) => u.parentId).filter((x): x is number => x !== null))]
    const parents = parentIds.length ? await this.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, parentIds)) : []
    const names = new Map(parents.map((p) => [p.id, p.name]))
    return rows.map((u) => this.view(u, u.parentId ? (names.get(u.parentId) ?? null) : null))
  }

  byId(id: number) {
    return this.db.query.units.findFirst({ where: eq(units.id, id) })
  }

  /**
   * Units as a reader in `reader` sees them: those of its region and below, and (`withAbove`)
   * those above it that serve it too (a town's desk dispatches to the county's departments).
   * `forCode`: only the units that can take a case of that community (its own and those above).
   */
  async list(f: { reader: string; withAbove?: boolean; forCode?: string; q?: string; disabled?: boolean; limit: number; order?: 'nearest' | 'tree' }): Promise<Unit[]> {
    const scope: SQL[] = [like(units.regionCode, `${prefixOf(f.reader)}%`)]
    if (f.withAbove) scope.push(inArray(units.regionCode, this.chain(f.reader).length ? this.chain(f.reader) : [f.reader]))
    const where: (SQL | undefined)[] = [scope.length > 1 ? sql`(${sql.join(scope, sql` or `)})` : scope[0]]
    if (f.forCode) where.push(inArray(units.regionCode, this.chain(f.forCode)))
    if (f.q) where.push(sql`${units.name} ilike ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`)
    if (f.disabled !== true) where.push(isNull(units.disabledAt))
    // For dispatch, nearest first (a community's committee before the town's offices before the
    // county's); for /admin, in tree order (the county's, then each town's followed by its villages').
    const order = f.order === 'tree' ? [asc(units.regionCode), asc(units.name)] : [sql`length(rtrim(${units.regionCode}, '0')) desc`, asc(units.regionCode), asc(units.name)]
    return this.db.select().from(units).where(and(...where)).orderBy(...order).limit(f.limit)
  }

  /** The parent must exist, and serve the unit's region or one above it. */
  private async checkParent(tx: Db | Tx, regionCode: string, parentId: number | null | undefined, self?: number) {
    if (parentId === null || parentId === undefined) return
    if (parentId === self) throw badRequest('parentId', 'a unit cannot be its own parent')
    const [p] = await tx.select().from(units).where(eq(units.id, parentId))
    if (!p) throw badRequest('parentId', `no unit ${parentId}`)
    if (!this.chain(regionCode).includes(p.regionCode)) throw badRequest('parentId', `${p.name} is not in ${this.registry.region(regionCode)?.name ?? regionCode} or a region above it`)
  }

  private checkRegion(regionCode: string) {
    const r = this.registry.region(regionCode)
    if (!r || r.level === 'grid') throw badRequest('regionCode', `no city, county, town or community with code ${regionCode}`)
  }

  async create(input: UnitCreate, by: AuditActor): Promise<Unit> {
    this.checkRegion(input.regionCode)
    return this.db.transaction(async (tx) => {
      await this.checkParent(tx, input.regionCode, input.parentId)
      const [row] = await tx
        .insert(units)
        .values({ name: input.name, regionCode: input.regionCode, parentId: input.parentId ?? null, contactName: input.contactName ?? '', contactPhone: input.contactPhone ?? '' })
        .onConflictDoNothing({ target: [units.regionCode, units.name] })
        .returning()
      if (!row) throw conflict('name', `${input.name} exists in ${this.registry.region(input.regionCode)?.name}`)
      const linked = await this.link(tx, row)
      await audit(tx, by, { action: 'unit.create', target: `unit:${row.id}`, regionCode: row.regionCode, after: { ...facts(row), linked } })
      return row
    })
  }

  async update(id: number, patch: UnitPatch, by: AuditActor): Promise<Unit> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(units).where(eq(units.id, id)).for('update')
      if (!before) throw notFound(`unit ${id}`)
      if (patch.parentId !== undefined) await this.checkParent(tx, before.regionCode, patch.parentId, id)
      if (patch.parentId && (await this.descendsFrom(tx, patch.parentId, id))) throw badRequest('parentId', 'the parent is below this unit')
      if (patch.name && patch.name !== before.name) {
        const [same] = await tx.select({ id: units.id }).from(units).where(and(eq(units.regionCode, before.regionCode), eq(units.name, patch.name)))
        if (same) throw conflict('name', `${patch.name} exists in ${this.registry.region(before.regionCode)?.name}`)
      }
      const [after] = await tx.update(units).set({ ...patch, updatedAt: this.clock.now() }).where(eq(units.id, id)).returning()
      await audit(tx, by, { action: 'unit.update', target: `unit:${id}`, regionCode: before.regionCode, before: facts(before), after: facts(after!) })
      return after!
    })
  }

  private async descendsFrom(tx: Db | Tx, candidate: number, ancestor: number): Promise<boolean> {
    const [r] = await queryRows<{ found: boolean }>(tx, sql`
      with recursive up(id, parent_id) as (select id, parent_id from units where id = ${candidate}
        union select u.id, u.parent_id from units u join up on u.id = up.parent_id)
      select exists(select 1 from up where id = ${ancestor}) as found`)
    return !!r?.found
  }

  /** Disabled units stay on the cases that name them and in the review; they take no new case. */
  async setDisabled(id: number, disabled: boolean, by: AuditActor): Promise<Unit> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(units).where(eq(units.id, id)).for('update')
      if (!before) throw notFound(`unit ${id}`)
      const [after] = await tx.update(units).set({ disabledAt: disabled ? (before.disabledAt ?? this.clock.now()) : null, updatedAt: this.clock.now() }).where(eq(units.id, id)).returning()
      await audit(tx, by, { action: disabled ? 'unit.disable' : 'unit.enable', target: `unit:${id}`, regionCode: before.regionCode, before: facts(before), after: facts(after!) })
      return after!
    })
  }

  /**
   * Cases and notices of the unit's region that named it in text before the directory knew it
   * (free text from before, or an import) now reference it: the review counts them.
   */
  private async link(tx: Tx, u: Unit): Promise<number> {
    const prefix = `${prefixOf(u.regionCode)}%`
    const c = await tx.update(cases).set({ assignedUnitId: u.id }).where(and(eq(cases.assignedUnit, u.name), isNull(cases.assignedUnitId), like(cases.communityCode, prefix))).returning({ id: cases.id })
    const n = await tx
      .update(supervisionNotices)
      .set({ unitId: u.id })
      .where(and(eq(supervisionNotices.unit, u.name), isNull(supervisionNotices.unitId), sql`${supervisionNotices.caseId} in (select id from cases where community_code like ${prefix})`))
      .returning({ id: supervisionNotices.id })
    return c.length + n.length
  }

  /**
   * Imports units from CSV rows (名称, 所属地区, 上级单位, 联系人, 联系电话), every row checked
   * first: with any problem nothing is stored and every problem is listed (line, column, value,
   * reason, in Chinese: the report is for the admin); `dryRun` checks only. A unit that exists (same region and name) is updated; the
   * parent is named, in the file or the directory, in the unit's region or above. Only units
   * within `reader` may be written. One transaction, one audit entry.
   */
  async importRows(rows: UnitImportRow[], reader: string, dryRun: boolean, by: AuditActor): Promise<UnitImportResult> {
    const problems: UnitImportProblem[] = []
    const bad = (row: number, column: string, value: string, reason: string) => problems.push({ row, column, value: value.slice(0, 200), reason })
    const byName = new Map<string, string[]>()
    for (const r of this.registry.regions()) if (r.level !== 'grid' && within(r.code, reader)) byName.set(r.name, [...(byName.get(r.name) ?? []), r.code])
    const parsed: { line: number; regionCode: string; name: string; parent: string; contactName: string; contactPhone: string }[] = []
    const seen = new Map<string, number>()
    for (const row of rows) {
      const region = row.region.trim()
      let regionCode = /^\d{12}$/.test(region) ? region : ''
      if (!regionCode) {
        const codes = byName.get(region) ?? []
        if (codes.length > 1) bad(row.line, '所属地区', row.region, `本地区有 ${codes.length} 处同名地区，请填写12位区划代码`)
        else if (!codes.length) bad(row.line, '所属地区', row.region, region ? '本地区没有这个地名' : '必填')
        regionCode = codes.length === 1 ? codes[0]! : ''
      } else if (!this.registry.region(regionCode) || this.registry.region(regionCode)!.level === 'grid') {
        bad(row.line, '所属地区', row.region, '没有这个区划代码的市、县、乡镇或村（社区）')
        regionCode = ''
      } else if (!within(regionCode, reader)) {
        bad(row.line, '所属地区', row.region, '不在您管理的地区内')
        regionCode = ''
      }
      const check = UnitCreateSchema.safeParse({ name: row.name, regionCode: regionCode || '000000000000', contactName: row.contactName, contactPhone: row.contactPhone })
      if (!check.success) {
        for (const i of check.error.issues) {
          const field = IMPORT_FIELDS[String(i.path[0]) as keyof typeof IMPORT_FIELDS]
          if (field) bad(row.line, field.column, row[field.key], field.reason)
        }
      }
      if (/^[=+\-@\t\r]/.test(row.name.trim())) bad(row.line, '名称', row.name, '不能以 = + - @ 开头（会被表格软件当作公式）')
      if (!regionCode || !check.success) continue
      const k = `${regionCode}|${check.data.name}`
      if (seen.has(k)) {
        bad(row.line, '名称', row.name, `与第 ${seen.get(k)} 行是同一单位`)
        continue
      }
      seen.set(k, row.line)
      parsed.push({ line: row.line, regionCode, name: check.data.name, parent: row.parent.trim(), contactName: check.data.contactName ?? '', contactPhone: check.data.contactPhone ?? '' })
    }
    const result: UnitImportResult = { dryRun, rows: rows.length, created: 0, updated: 0, unchanged: 0, linked: 0, problems }
    const run = async (tx: Tx) => {
      // Parents: a unit of this file or of the directory, named, in the unit's region or above.
      const existing = await tx.select().from(units).where(inArray(units.regionCode, [...new Set(parsed.flatMap((p) => this.chain(p.regionCode)))]))
      const known = new Map(existing.map((u) => [`${u.regionCode}|${u.name}`, u]))
      const parentOf = (p: (typeof parsed)[number]) => {
        if (!p.parent) return null
        for (const code of this.chain(p.regionCode)) {
          const k = `${code}|${p.parent}`
          if (k === `${p.regionCode}|${p.name}`) continue
          if (known.has(k) || seen.has(k)) return k
        }
        bad(p.line, '上级单位', p.parent, `${this.registry.region(p.regionCode)?.name}及其上级地区没有这个单位`)
        return undefined
      }
      const parents = parsed.map(parentOf)
      if (problems.length || dryRun) {
        // A dry run counts what the import would do.
        for (const p of parsed) {
          if (known.has(`${p.regionCode}|${p.name}`)) result.updated++
          else result.created++
        }
        return
      }
      // Units first, parents after: a parent may come later in the file.
      const ids = new Map<string, Unit>()
      for (const p of parsed) {
        const k = `${p.regionCode}|${p.name}`
        const before = known.get(k)
        if (!before) {
          const [row] = await tx.insert(units).values({ name: p.name, regionCode: p.regionCode, contactName: p.contactName, contactPhone: p.contactPhone }).returning()
          ids.set(k, row!)
          result.created++
          result.linked += await this.link(tx, row!)
        } else ids.set(k, before)
      }
      for (const [i, p] of parsed.entries()) {
        const k = `${p.regionCode}|${p.name}`
        const u = ids.get(k)!
        const pk = parents[i]
        const parentId = pk ? (ids.get(pk) ?? known.get(pk))!.id : null
        const before = known.get(k)
        if (before && before.parentId === parentId && before.contactName === p.contactName && before.contactPhone === p.contactPhone) {
          result.unchanged++
          continue
        }
        await tx.update(units).set({ parentId, contactName: p.contactName, contactPhone: p.contactPhone, updatedAt: this.clock.now() }).where(eq(units.id, u.id))
        if (before) result.updated++
      }
      await audit(tx, by, { action: 'unit.import', target: `units:${parsed.length}`, regionCode: reader, after: { rows: rows.length, created: result.created, updated: result.updated, unchanged: result.unchanged, linked: result.linked } })
    }
    if (!parsed.length && !problems.length) throw badRequest('(file)', 'no rows: the file has a header line and no units')
    await this.db.transaction(async (tx) => {
      await run(tx)
      if (problems.length) tx.rollback()
    }).catch((e) => {
      if (!(e instanceof Error && e.constructor.name === 'TransactionRollbackError')) throw e
    })
    return result
  }

  /** Units whose cases exist: used by the review's unit ranking. */
  unitsOf(ids: number[]) {
    return ids.length ? this.db.select().from(units).where(and(inArray(units.id, ids), isNotNull(units.id))) : Promise.resolve([])
  }
}
