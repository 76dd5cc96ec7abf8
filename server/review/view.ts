import type { BriefingBefore, ReviewRankBlock, ReviewRankRow, ReviewView, TrendFlagView } from '../contract'
import { indicatorBlock, countersOf } from '../domain/counters'
import { quarterId, quarterLabel, quarterRange, shiftQuarter } from '../domain/quarters'
import { childDepth, prefixOf } from '../domain/regions'
import { addDays, dayOf, isoLocal } from '../domain/time'
import type { Registry } from '../store/registry'
import type { Period, ReviewStore } from '../store/review'
import type { CaseKindFilter } from '../store/indicators'
import { unitView } from '../store/units'
import { rate } from '../domain/counters'

type Region = NonNullable<ReturnType<Registry['region']>>

const empty = (): ReviewRankBlock => ({ ...indicatorBlock(countersOf({})), overdue: 0 })
/** A region's row of a ranking read, keyed by its code's first `len` digits (empty when it had no case). */
const row = (r: Region, blocks: Map<string, ReviewRankBlock>, len: number): ReviewRankRow => ({ code: r.code, name: r.name, block: blocks.get(r.code.slice(0, len)) ?? empty() })

/**
 * A comparison period: the whole quarter, or, while `base` is the current quarter (to date),
 * the same number of days from the other quarter's start, so QoQ and YoY compare like with like.
 */
function comparable(q: string, base: { from: string; to: string; current: boolean }, now: Date): Period {
  const r = quarterRange(q, now)
  if (!base.current) return r
  const days = Math.round((Date.parse(base.to) - Date.parse(base.from)) / 86_400_000)
  const to = addDays(r.from, days)
  return { from: r.from, to: to < r.to ? to : r.to }
}

/** Everything /review shows for a region and quarter, assembled from the review store. */
export async function reviewView(
  store: ReviewStore,
  registry: Registry,
  region: Region,
  quarter: string | undefined,
  now: Date,
  successTarget: number,
  kind: CaseKindFilter = 'dispute',
  trendsIn: (region: string, from: string, to: string) => Promise<TrendFlagView[]> = async () => [],
): Promise<ReviewView> {
  const q = quarter ?? quarterId(dayOf(now))
  const range = quarterRange(q, now)
  const prevQ = shiftQuarter(q, -1)
  const yearQ = shiftQuarter(q, -4)
  const children = registry.children(region.code)
  const depth = childDepth(region.level)
  // The map: a county's or town's communities; above the county, the children themselves (a
  // city's counties), as the boundaries of /geo draw them.
  const mapByChildren = region.level === 'city' || region.level === 'province'
  const communities = mapByChildren ? [] : region.level === 'community' ? [region] : registry.regions().filter((r) => r.level === 'community' && r.code.startsWith(prefixOf(region.code)))
  const trendFrom = quarterRange(shiftQuarter(q, -7), now).from

  const [indicators, previous, lastYear, ranks, perCommunity, byCategory, bySource, quarters, unitRows, dataFrom, trends, ladder] = await Promise.all([
    store.indicators(region.code, range, now, kind),
    store.indicators(region.code, comparable(prevQ, range, now), now, kind),
    store.indicators(region.code, comparable(yearQ, range, now), now, kind),
    // A town's children are its communities: the map's per-community read serves both.
    children.length && depth < 12 ? store.ranking(region.code, depth, range, now, kind) : Promise.resolve(null),
    mapByChildren ? Promise.resolve(null) : store.ranking(region.code, 12, range, now, kind),
    store.breakdown(region.code, 'category', range, kind),
    store.breakdown(region.code, 'source', range, kind),
    store.quarters(region.code, { from: trendFrom, to: range.to }, kind),
    store.units(region.code, range, now, kind),
    store.firstDay(region.code),
    trendsIn(region.code, range.from, range.to),
    store.ladder(region.code, range, kind),
  ])
  // A comparison period that starts before the region's first case is not a whole quarter of data.
  const partial = (q: string) => !dataFrom || quarterRange(q, now).from < dataFrom
  return {
    region: { code: region.code, name: region.name, level: region.level },
    kind,
    quarter: q,
    label: quarterLabel(q),
    from: range.from,
    to: range.to,
    current: range.current,
    generatedAt: isoLocal(now),
    indicators,
    dataFrom,
    successTarget,
    previous: { quarter: prevQ, indicators: previous, partial: partial(prevQ) },
    lastYear: { quarter: yearQ, indicators: lastYear, partial: partial(yearQ) },
    children: children.map((c) => row(c, (ranks ?? perCommunity)!, depth)),
    byCategory,
    bySource,
    trend: Array.from({ length: 8 }, (_, i) => shiftQuarter(q, i - 7)).map((k) => ({ quarter: k, block: quarters.get(k) ?? indicatorBlock(countersOf({})), partial: partial(k) || (k === q && range.current) })),
    // Most cases first: a rate over a handful of cases is shown, not ranked on (the page sorts).
    units: unitRows
      .map(({ unit, parentName, ...n }) => ({ unit: unitView(unit, parentName, registry), ...n, onTimeRate: rate(n.onTime, n.resolved) }))
      .sort((a, b) => b.dispatched - a.dispatched || b.notices - a.notices || a.unit.name.localeCompare(b.unit.name, 'zh-CN')),
    map: mapByChildren ? children.map((c) => row(c, ranks!, depth)) : communities.map((c) => row(c, perCommunity!, 12)),
    trends,
    leaks: ladder
      .map((r) => ({ category: r.category, resolved: r.resolved, closed: { grid: r.grid, village: r.village, town: r.town, county: r.county }, past: { grid: r.pastGrid, village: r.pastVillage, town: r.pastTown } }))
      .sort((a, b) => b.resolved - a.resolved || a.category.localeCompare(b.category)),
  }
}

/**
 * What the briefing (研判报告) sets the quarter's categories and places against: the quarter before,
 * over the same days while this one runs (as the review's QoQ), and nothing else of it.
 */
export async function reviewBefore(store: ReviewStore, registry: Registry, region: Region, v: ReviewView, now: Date): Promise<BriefingBefore> {
  const p = comparable(v.previous.quarter, v, now)
  const children = registry.children(region.code)
  const depth = childDepth(region.level)
  const [byCategory, ranks] = await Promise.all([store.breakdown(region.code, 'category', p, v.kind), children.length ? store.ranking(region.code, depth, p, now, v.kind) : Promise.resolve(null)])
  return { byCategory, children: ranks ? children.map((c) => row(c, ranks, depth)) : [] }
}

