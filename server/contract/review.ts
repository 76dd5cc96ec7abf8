/** 季度研判: the quarterly review's queries and views (definitions in docs/INDICATORS.md). */
import { z } from 'zod'
import type { UnitRankRow } from './units'
import type { TrendFlagView } from './warnings'
import type { CaseSummary, IndicatorBlock } from './views'

const quarter = z.string().regex(/^\d{4}Q[1-4]$/, 'a quarter like 2026Q1')
const region = z.string().regex(/^\d{12}$/, 'a 12-digit division code')

/** Which cases a figure counts: 矛盾纠纷 (dispute, the default and the seeds' headline), 民生诉求 (appeal), or both (all). */
export const caseKindFilter = z.enum(['dispute', 'appeal', 'all']).default('dispute')
export const ReviewQuery = z.object({ region: region.optional(), quarter: quarter.optional(), kind: caseKindFilter }).strict()
export type ReviewQuery = z.infer<typeof ReviewQuery>

/** Which cases stand behind a number (the drill-down from a card or a ranking cell). */
export const REVIEW_CASE_SETS = ['accepted', 'resolved', 'successful', 'overdue', 'open', 'unsatisfied'] as const
export const ReviewCasesQuery = z
  .object({ region: region.optional(), quarter: quarter.optional(), set: z.enum(REVIEW_CASE_SETS), kind: caseKindFilter, unit: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(1000).default(500) })
  .strict()
export type ReviewCasesQuery = z.infer<typeof ReviewCasesQuery>

/** Everything the review shows for one region and quarter. */
export interface ReviewIndicators extends IndicatorBlock {
  /** 超期数: cohort cases resolved after their deadline, or open past it now. */
  overdue: number
  /** Cohort cases still open now. */
  open: number
  /** Resolved in the quarter, by closing level; 就地化解率 = village / all three. */
  levels: { village: number; town: number; county: number }
  localRate: number | null
  notices: { issued: number; answered: number; answeredOnTime: number; onTimeRate: number | null }
  volunteers: { sessions: number; hours: number; peopleServed: number; byTeam: { team: string; sessions: number; hours: number; peopleServed: number }[] }
  wishes: { collected: number; claimed: number; fulfilled: number; fulfilRate: number | null }
  /** 来访登记: 接待群众人次 (people), visits, and visits on a matter brought again within the window (重复访). */
  visitors: { people: number; visits: number; repeat: number }
  /** 双报到 at the period's end: organisations and party members reported to the region's communities by then. */
  reporting: { organisations: number; members: number }
  /**
   * The people side in the period (docs/INDICATORS.md): volunteers and party members named as
   * participants of its activities (active), whistles blown and done, the share of those blown
   * that were taken within their limit, needs listed (需求清单) and projects done (项目清单).
   */
  people: { active: number; whistled: number; whistlesDone: number; takenOnTimeRate: number | null; needs: number; projectsDone: number }
  /**
   * The closing-level ladder of the cases resolved in the period (docs/INDICATORS.md): closed at
   * each level, how many rose past each, and the seeds' two promises. 小事不出小区率: simple cases
   * closed in their grid, never escalated, of the simple cases; 大事不出社区率: the other cases
   * that never rose past their village or community, of those cases.
   */
  ladder: {
    closed: { grid: number; village: number; town: number; county: number }
    past: { grid: number; village: number; town: number }
    small: number
    smallInGrid: number
    smallStayRate: number | null
    big: number
    bigInCommunity: number
    bigStayRate: number | null
  }
}

/** One category on the ladder: resolved, closed at each level, and how many rose past each (the leak chart). */
export interface LeakRow {
  category: string
  resolved: number
  closed: { grid: number; village: number; town: number; county: number }
  past: { grid: number; village: number; town: number }
}

export interface ReviewRankRow {
  code: string
  name: string
  block: ReviewRankBlock
}
/** The ranking's columns: the case indicators that are sums over the region's communities. */
export type ReviewRankBlock = IndicatorBlock & { overdue: number }

export interface ReviewView {
  region: { code: string; name: string; level: string }
  /** Which cases the case figures count (the visitors, volunteers and wishes are the region's whatever the kind). */
  kind: 'dispute' | 'appeal' | 'all'
  quarter: string
  label: string
  from: string
  to: string
  /** The current quarter is shown to date. */
  current: boolean
  generatedAt: string
  indicators: ReviewIndicators
  /** The first day the region has a case (null: none): what was recorded before it is unknown, not zero. */
  dataFrom: string | null
  /** The warning rules' success target (%) the map and the colours are judged against (docs/WARNINGS.md). */
  successTarget: number
  /**
   * The previous quarter (QoQ) and the same quarter a year before (YoY), over whole quarters, or
   * to the same day when this one is current. `partial`: the records start within or after it,
   * so it is not compared (no change is computed against a part of a quarter).
   */
  previous: { quarter: string; indicators: ReviewIndicators; partial: boolean }
  lastYear: { quarter: string; indicators: ReviewIndicators; partial: boolean }
  /** Towns of a county, communities of a town; empty for a community. */
  children: ReviewRankRow[]
  byCategory: Record<string, number>
  bySource: Record<string, number>
  /** The 8 quarters ending with this one; `partial`: before the records start, or this quarter still running. */
  trend: { quarter: string; block: IndicatorBlock; partial: boolean }[]
  /** Per community, for the map: success rate and overdue count. */
  map: ReviewRankRow[]
  /** 承办单位: the units the region's cases of the quarter were dispatched to, most cases first. */
  units: UnitRankRow[]
  /** 趋势预警 raised in the quarter in the region (its communities and towns), the latest first, cleared or not. */
  trends: TrendFlagView[]
  /** The leak chart: the quarter's resolved cases by category, most resolved first. */
  leaks: LeakRow[]
}

export interface ReviewCases {
  set: (typeof REVIEW_CASE_SETS)[number]
  total: number
  cases: CaseSummary[]
}

/** 研判报告: a region's quarter in sentences built from its numbers by rule (docs/INDICATORS.md), with its charts and tables. */
export const BriefingQuery = ReviewQuery
export type BriefingBlock =
  | { type: 'p'; text: string }
  | { type: 'list'; items: string[] }
  /** A chart: its ECharts option (plain data, drawn the same on the server and in the preview) and its caption. */
  | { type: 'chart'; id: string; caption: string; width: number; height: number; option: Record<string, unknown> }
  | { type: 'table'; caption: string; head: string[]; rows: string[][]; numeric: boolean[] }

/** The quarter before, as far as the briefing compares with it (its categories and its places). */
export type BriefingBefore = Pick<ReviewView, 'byCategory' | 'children'>

export interface Briefing {
  region: { code: string; name: string; level: string }
  quarter: string
  kind: 'dispute' | 'appeal' | 'all'
  title: string
  /** 统计区间 and 数据截至, in words. No time of generation: the same data gives the same report. */
  subtitle: string
  sections: { heading: string; blocks: BriefingBlock[] }[]
}
