import type { Db } from '../../db/client'
import { codes, regions, type CodeRow, type Region } from '../../db/schema'
import { COMPLEXITIES, type Complexity } from '../contract'
import { CODE_KINDS, type CodeKind } from '../domain/codes'

/**
 * Code tables and the region tree, read once and held in memory: every write validates against
 * them and they change rarely. `reload()` picks up edits made in the database.
 */
export class Registry {
  private codesByKind = new Map<string, Map<string, CodeRow>>()
  private regionMap = new Map<string, Region>()
  /** Goes up on every reload: what was derived from the tree before is to be derived again. */
  generation = 0

  constructor(private db: Db) {}

  async reload() {
    const rows = await this.db.select().from(codes)
    this.codesByKind = new Map()
    for (const r of rows.sort((a, b) => a.sort - b.sort)) {
      if (!this.codesByKind.has(r.kind)) this.codesByKind.set(r.kind, new Map())
      this.codesByKind.get(r.kind)!.set(r.code, r)
    }
    this.regionMap = new Map((await this.db.select().from(regions)).map((r) => [r.code, r]))
    this.generation++
  }

  has(kind: CodeKind, code: string) {
    return this.codesByKind.get(kind)?.has(code) ?? false
  }

  code(kind: CodeKind, code: string) {
    return this.codesByKind.get(kind)?.get(code)
  }

  allCodes() {
    return Object.fromEntries(CODE_KINDS.map((k) => [k, [...(this.codesByKind.get(k)?.values() ?? [])].map(({ code, zh, en, meta }) => ({ code, zh, en, ...meta }))]))
  }

  region(code: string) {
    return this.regionMap.get(code)
  }

  regions() {
    return [...this.regionMap.values()]
  }

  /** The top of the tree (a province, city or county): the whole deployment's region. */
  root(): Region {
    const tops = this.regions().filter((r) => r.parentCode === null || !this.regionMap.has(r.parentCode))
    if (tops.length !== 1) throw new Error(tops.length ? `the region tree has ${tops.length} tops (${tops.slice(0, 3).map((r) => r.code).join(', ')}…): add the region above them` : 'the database has no regions: run the seed (npm start loads the demo)')
    return tops[0]!
  }

  /** The regions one level below `code` (a city's counties, a county's towns …), by code. */
  children(code: string): Region[] {
    return this.regions().filter((r) => r.parentCode === code && r.level !== 'grid').sort((a, b) => a.code.localeCompare(b.code))
  }

  /** A category's usual complexity, which picks its default time limit (falls back to "ordinary"). */
  complexityOf(category: string): Complexity {
    const c = this.code('category', category)?.meta?.complexity
    return (COMPLEXITIES as readonly unknown[]).includes(c) ? (c as Complexity) : 'ordinary'
  }
}
