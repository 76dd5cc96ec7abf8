import type { UnitRankRow } from '../contract'

import { MIN_SAMPLE } from './ranking'

/** Units are ranked on their on-time rate only with at least MIN_SAMPLE cases resolved (ranking.ts). */
export const MIN_RESOLVED = MIN_SAMPLE

export const isRanked = (r: UnitRankRow) => r.resolved >= MIN_RESOLVED

/** Ranked units by on-time rate (then more cases resolved), then the small ones by cases. */
export function byOnTimeRate(rows: readonly UnitRankRow[]): UnitRankRow[] {
  return [...rows].sort(
    (a, b) =>
      Number(isRanked(b)) - Number(isRanked(a)) ||
      (isRanked(a) ? b.onTimeRate! - a.onTimeRate! : 0) ||
      b.resolved - a.resolved ||
      b.dispatched - a.dispatched ||
      a.unit.name.localeCompare(b.unit.name, 'zh-CN'),
  )
}

export const UNIT_LEVELS: Record<string, string> = { community: '村/社区', town: '乡镇', county: '县直', city: '市直', province: '省直' }
