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
