import { levelRank } from './levels'
import { dayOf } from './time'

/**
 * What one case contributes to the daily rollups. A change's delta is contribution(after) minus
 * contribution(before), applied both to the rollup tables (in the write transaction) and to the
 * live model (after commit): one rule, two places, never two implementations.
 */
export interface CaseCounterFields {
  communityCode: string
  acceptedAt: Date | null
  resolvedAt: Date | null
  deadlineAt: Date | null
  outcome: string | null
  closingLevel: string | null
  category: string
  source: string
  kind: string
  satisfaction: string | null
  /** For the closing-level ladder (server/domain/levels.ts): how far it was escalated, and whether it is a 小事. */
  escalatedLevel?: string | null
  complexity?: string
}

export const DAILY_FIELDS = ['accepted', 'resolved', 'successful', 'resolvedCohort', 'onTime', 'handlingMinutes', 'visited', 'satisfied', 'levelVillage', 'levelTown', 'levelCounty'] as const

/** Resolutions by closing level, filed under the resolution day (就地化解率). */
/** A grid (小区) is within its village or community: 就地化解 counts both (the ladder's own split is read from the cases). */
const LEVEL_FIELD: Record<string, DailyField> = { grid: 'levelVillage', village: 'levelVillage', town: 'levelTown', county: 'levelCounty' }
export type DailyField = (typeof DAILY_FIELDS)[number]
export type DailyCounters = Record<DailyField, number>

export interface DailyDelta {
  communityCode: string
  day: string
  /** The case's kind (dispute / appeal): every counter is kept per kind. */
  kind: string
  field: DailyField
  n: number
}
export interface DimDelta {
  communityCode: string
  day: string
  kind: string
  dim: 'category' | 'source' | 'kind' | 'level' | 'ladder'
  value: string
  n: number
}
export interface Deltas {
  daily: DailyDelta[]
  dims: DimDelta[]
}

/** 满意 and 基本满意 count as satisfied (满意率); 不满意 does not. */
export const SATISFIED = new Set(['satisfied', 'neutral'])

/** Whole minutes from acceptance to resolution; never negative. */
export const handlingMinutes = (acceptedAt: Date, resolvedAt: Date) => Math.max(0, Math.round((+resolvedAt - +acceptedAt) / 60_000))

function contribution(c: CaseCounterFields, sign: 1 | -1, out: Deltas) {
  const cc = c.communityCode
  const kind = c.kind
  if (c.acceptedAt) {
    const d = dayOf(c.acceptedAt)
    out.daily.push({ communityCode: cc, day: d, kind, field: 'accepted', n: sign })
    out.dims.push({ communityCode: cc, day: d, kind, dim: 'category', value: c.category, n: sign })
    out.dims.push({ communityCode: cc, day: d, kind, dim: 'source', value: c.source, n: sign })
    out.dims.push({ communityCode: cc, day: d, kind, dim: 'kind', value: c.kind, n: sign })
  }
  if (c.resolvedAt) {
    const r = dayOf(c.resolvedAt)
    out.daily.push({ communityCode: cc, day: r, kind, field: 'resolved', n: sign })
    if (c.closingLevel) {
      out.dims.push({ communityCode: cc, day: r, kind, dim: 'level', value: c.closingLevel, n: sign })
      out.dims.push({ communityCode: cc, day: r, kind, dim: 'ladder', value: ladderKey(c.category, c.closingLevel, c.escalatedLevel ?? null, c.complexity === 'simple'), n: sign })
    }
    const level = c.closingLevel ? LEVEL_FIELD[c.closingLevel] : undefined
    if (level) out.daily.push({ communityCode: cc, day: r, kind, field: level, n: sign })
    if (c.acceptedAt) {
      const d = dayOf(c.acceptedAt)
      out.daily.push({ communityCode: cc, day: d, kind, field: 'resolvedCohort', n: sign })
      if (c.outcome === 'success') out.daily.push({ communityCode: cc, day: d, kind, field: 'successful', n: sign })
      if (!c.deadlineAt || c.resolvedAt <= c.deadlineAt) out.daily.push({ communityCode: cc, day: d, kind, field: 'onTime', n: sign })
      out.daily.push({ communityCode: cc, day: d, kind, field: 'handlingMinutes', n: sign * handlingMinutes(c.acceptedAt, c.resolvedAt) })
      if (c.satisfaction) {
        out.daily.push({ communityCode: cc, day: d, kind, field: 'visited', n: sign })
        if (SATISFIED.has(c.satisfaction)) out.daily.push({ communityCode: cc, day: d, kind, field: 'satisfied', n: sign })
      }
    }
  }
}

const key = (d: { communityCode: string; day: string; kind: string }, extra: string) => `${d.communityCode}|${d.day}|${d.kind}|${extra}`

/** Net deltas, with entries that cancel out removed. */
export function caseDeltas(before: CaseCounterFields | null, after: CaseCounterFields): Deltas {
  const raw: Deltas = { daily: [], dims: [] }
  if (before) contribution(before, -1, raw)
  contribution(after, 1, raw)
  return sumDeltas(raw)
}

/** Deltas with the same (community, day, field) added up, and those that come to 0 left out. */
export function sumDeltas(raw: Deltas): Deltas {
  const daily = new Map<string, DailyDelta>()
  for (const d of raw.daily) {
    const k = key(d, d.field)
    const prev = daily.get(k)
    if (prev) prev.n += d.n
    else daily.set(k, { ...d })
  }
  const dims = new Map<string, DimDelta>()
  for (const d of raw.dims) {
    const k = key(d, `${d.dim}|${d.value}`)
    const prev = dims.get(k)
    if (prev) prev.n += d.n
    else dims.set(k, { ...d })
  }
  return { daily: [...daily.values()].filter((d) => d.n !== 0), dims: [...dims.values()].filter((d) => d.n !== 0) }
}

/** The daily counters out of any record of sums (missing ones are 0; SQL sums may come as strings). */
export const countersOf = (c: Record<string, number | string | null | undefined>): DailyCounters =>
  Object.fromEntries(DAILY_FIELDS.map((f) => [f, Number(c[f] ?? 0)])) as DailyCounters

export const emptyDaily = (): DailyCounters => countersOf({})

/** Percentage with two decimals; null when there is nothing to divide by (shown as "—"). */
export function rate(num: number, den: number): number | null {
  if (den <= 0) return null
  return Math.round((num / den) * 10000) / 100
}

/** Every indicator that follows from the counters; see docs/INDICATORS.md for the definitions. */
export function indicatorBlock(c: DailyCounters) {
  return {
    ...c,
    successRate: rate(c.successful, c.accepted),
    onTimeRate: rate(c.onTime, c.resolvedCohort),
    /** Average hours from acceptance to resolution over the resolved cohort, one decimal. */
    avgHandlingHours: c.resolvedCohort ? Math.round((c.handlingMinutes / c.resolvedCohort / 60) * 10) / 10 : null,
    visitRate: rate(c.visited, c.resolvedCohort),
    satisfactionRate: rate(c.satisfied, c.visited),
  }
}

/**
 * The closing-level ladder's rollup key of a resolved case: "category|closing level|peak rank|small"
 * (peak: the higher of where it was closed and where it was escalated to; small: 1 for a simple
 * case, 小事). The review sums these by category (docs/INDICATORS.md, 化解层级).
 */
export function ladderKey(category: string, closingLevel: string, escalatedLevel: string | null, simple: boolean): string {
  return `${category}|${closingLevel}|${Math.max(levelRank(closingLevel), levelRank(escalatedLevel))}|${simple ? 1 : 0}`
}

