/** Payloads the server sends (types only; the server builds them). */
import type { Colour, RegionColour, NoticeView, WarningReason } from './warnings'

export interface CaseSummary {
  id: number
  externalId: string
  source: string
  kind: string
  category: string
  regionCode: string
  communityCode: string
  townCode: string
  title: string
  peopleInvolved: number
  scale: string
  riskLevel: string
  status: string
  open: boolean
  reportedAt: string
  acceptedAt: string | null
  deadlineAt: string | null
  resolvedAt: string | null
  outcome: string | null
  closingLevel: string | null
  /** 上报: the highest level it was escalated to (null: handled where it started). */
  escalatedLevel: string | null
  /** 承办单位: its name as recorded at dispatch, and its id in the units directory (null: named before the directory knew it). */
  assignedUnit: string | null
  assignedUnitId: number | null
  supervisionLevel: number
  complexity: string
  version: number
  colour: Colour
  reasons: WarningReason[]
  /** When the colour last changed. */
  colourSince: string
  /** 签收: when the duty desk last took the case, and who. */
  acknowledgedAt: string | null
  acknowledgedBy: string | null
  /** Red, open, and not taken by the desk since it turned red: highlighted and counted until it is. */
  unacknowledged: boolean
  /** Recorded long after it was reported (a ledger import, a late sync): history, kept out of the latest cases. */
  late: boolean
}

export interface CaseEventView {
  id: number
  at: string
  actor: string
  action: string
  fromStatus: string | null
  toStatus: string
  data: Record<string, unknown>
}

export interface CaseDetail extends CaseSummary {
  description: string
  satisfaction: string | null
  failedMediations: number
  repeatVisits: number
  timeline: CaseEventView[]
  notices: NoticeView[]
}

/** Counters over a period; rates are percentages with two decimals, null when undefined (0 accepted). */
export interface IndicatorBlock {
  accepted: number
  resolved: number
  successful: number
  resolvedCohort: number
  onTime: number
  handlingMinutes: number
  visited: number
  satisfied: number
  successRate: number | null
  onTimeRate: number | null
  avgHandlingHours: number | null
  visitRate: number | null
  satisfactionRate: number | null
}

export interface OpenCounts {
  red: number
  yellow: number
  green: number
}

export interface IndicatorsResponse extends IndicatorBlock {
  region: string
  from: string
  to: string
  open: OpenCounts
}

export interface TeamStats {
  team: string
  sessions: number
  hours: number
  peopleServed: number
}

export interface LiveAggregates {
  asOf: string
  periods: { today: string; yesterday: string; month: string; quarter: string }
  /** 矛盾纠纷 (disputes), the headline the seeds use. */
  today: IndicatorBlock
  yesterday: IndicatorBlock
  month: IndicatorBlock
  quarter: IndicatorBlock
  /** 民生诉求 (appeals), counted apart. */
  appeals: { today: IndicatorBlock; month: IndicatorBlock; quarter: IndicatorBlock }
  /** Open cases of both kinds by warning colour (an appeal can run late too). */
  open: OpenCounts
  /** Quarter, accepted disputes by category / source; resolved disputes by closing level. */
  byCategory: Record<string, number>
  bySource: Record<string, number>
  byLevel: Record<string, number>
  volunteers: { today: TeamStats[]; quarter: TeamStats[] }
  wishes: { collected: number; claimed: number; fulfilled: number }
  /** 接待群众人次: people who came to the window (来访登记), today, this month, this quarter. */
  visitors: { today: number; month: number; quarter: number }
}

export interface RegionRef {
  code: string
  name: string
  level: 'province' | 'city' | 'county' | 'town' | 'community' | 'grid'
}

/** What a stream carries of a visit (来访登记): counts only, never who came or why. */
export interface VisitSummary {
  id: number
  communityCode: string
  visitedAt: string
  people: number
  caseId: number | null
  matterVisits: number
  repeat: boolean
}

export interface ActivitySummary {
  id: number
  team: string
  kind: string
  title: string
  communityCode: string
  lat: number
  lng: number
  startedAt: string
  hours: number
  peopleServed: number
}

export interface TrendResponse {
  region: string
  asOf: string
  /** Twelve months, oldest first; months without cases are present with zeros. */
  months: (IndicatorBlock & { month: string })[]
}

/** Volunteer service over the last `days`: where (lng, lat, hours) and when (weekday × hour). */
export interface VolunteerHeat {
  region: string
  days: number
  asOf: string
  /** [lng, lat, hours], places rounded to about 500 m. */
  points: [number, number, number][]
  /** hours[weekday 0 = Monday][hour 0–23], in Asia/Shanghai. */
  matrix: number[][]
}

export interface WishSummary {
  id: number
  communityCode: string
  title: string
  status: string
  collectedAt: string
}

export interface Snapshot {
  region: RegionRef
  /** The change log's epoch: it changes only when the log is started anew. */
  epoch: string
  /** The id of the last log entry on this region's stream that the snapshot holds. */
  seq: number
  aggregates: LiveAggregates
  /** The number of the stream's aggregates push these are (see IndicatorsPush); 0 for a plain read. */
  aggregatesVersion: number
  feed: CaseSummary[]
  /** Colours of the region itself, then of every town and community within it. */
  colours: RegionColour[]
  /** Open red cases in the region, most recent red first (bounded). */
  redFlags: CaseSummary[]
}

export const FEED_SIZE = 30
/** The duty queue holds at most this many warned cases, the most urgent (the server's list and the desk's live one). */
export const DUTY_QUEUE_LIMIT = 300
/** A stream's snapshot carries at most this many red flags; the wall pages through them all. */
export const RED_FLAG_LIMIT = 200

/** GET /duty/queue: open red and yellow cases, most urgent first. */
export interface DutyQueue {
  region: string
  cases: CaseSummary[]
  /** More cases are warned than the queue holds. */
  truncated: boolean
}
