import { levelOf, within } from '../domain/regions'
import type { Registry } from './registry'

/**
 * Names to codes within the reader's region, for the CSV imports: a place by its name (unique
 * there) or its 12-digit code, at one of `levels`; otherwise the reason, in Chinese, for the admin.
 */
export function placeFinder(registry: Registry, reader: string) {
  const byName = new Map<string, string[]>()
  for (const r of registry.regions()) if (r.level !== 'grid' && within(r.code, reader)) byName.set(r.name, [...(byName.get(r.name) ?? []), r.code])
  return (value: string, levels: string[]): { code: string } | { reason: string } => {
    const v = value.trim()
    if (!v) return { reason: '必填' }
    const codes = /^\d{12}$/.test(v) ? (registry.region(v) && within(v, reader) ? [v] : []) : (byName.get(v) ?? [])
    const fit = codes.filter((c) => levels.includes(levelOf(c)))
    if (fit.length > 1) return { reason: `本地区有 ${fit.length} 处同名地区，请填写12位区划代码` }
    if (!fit.length) return { reason: codes.length ? '不是此处要求的地区层级' : '本地区没有这个地名' }
    return { code: fit[0]! }
  }
}

/** A post (五型岗位) by its label (党建宣传岗), the label without 岗, or its code; empty: none; unknown: undefined. */
export function postFinder(registry: Registry) {
  const codes = (registry.allCodes().postType ?? []) as { code: string; zh: string }[]
  const posts = new Map(codes.flatMap((c) => [[c.zh, c.code], [c.zh.replace(/岗$/, ''), c.code], [c.code, c.code]] as const))
  return { find: (value: string): string | null | undefined => (value.trim() ? posts.get(value.trim()) : null), words: codes.map((c) => c.zh).join('、') }
}

const FORMULA = /^[=+\-@\t\r]/

/** A name in an import: 1–`max` characters, not starting like a spreadsheet formula; the trimmed name, or a problem noted. */
export function checkedName(value: string, max: number, column: string, bad: (column: string, value: string, reason: string) => void): string {
  const name = value.trim()
  if (!name || name.length > max) bad(column, value, `须为 1–${max} 个字符`)
  else if (FORMULA.test(name)) bad(column, value, '不能以 = + - @ 开头（会被表格软件当作公式）')
  return name
}

/** Rows by name (a name may be shared: the import then asks for the one meant). */
export function byName<T extends { name: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), r])
  return out
}
