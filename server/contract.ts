/**
 * The one contract between server, screens and outside systems: REST payloads (zod schemas,
 * which validate at the edge and generate docs/openapi.json) and Socket.IO events (`domain:verb`).
 * The client imports this file for types only.
 */
import { z } from 'zod'

const isoDateTime = z.iso.datetime({ offset: true })
const code = z.string().min(1).max(40)
const text = (max: number) => z.string().max(max)

export const CaseCreate = z
  .object({
    externalId: z.string().min(1).max(64),
    source: code,
    kind: code,
    category: code,
    regionCode: z.string().regex(/^\d{12}(\d{3})?$/, 'must be a 12-digit division code or a 15-digit grid code'),
    title: text(200).min(1),
    description: text(5000).default(''),
    peopleInvolved: z.int().min(1).max(100000).default(1),
    scale: code.default('individual'),
    riskLevel: code.default('low'),
    /** Chooses the default time limit (简易/一般/复杂/人民调解); defaults to the category's. */
    complexity: z.enum(['simple', 'ordinary', 'complex', 'mediation']).optional(),
    /** Times the same matter was raised before (重复来访), when the source knows it. */
    repeatVisits: z.int().min(0).max(1000).default(0),
    reportedAt: isoDateTime,
    /** When given, the case is created already accepted (受理) at that time. */
    acceptedAt: isoDateTime.optional(),
    deadlineAt: isoDateTime.optional(),
  })
  .strict()
export type CaseCreate = z.infer<typeof CaseCreate>

const transitionBase = {
  at: isoDateTime,
  actor: text(80).min(1).default('system'),
  note: text(2000).optional(),
  /** The case version the caller acted on: if the case changed since, the action is refused (409), not lost. */
  expectedVersion: z.int().min(1).optional(),
}

export const CaseTransition = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), ...transitionBase, deadlineAt: isoDateTime.optional() }).strict(),
  z.object({ action: z.literal('dispatch'), ...transitionBase, unit: text(120).min(1), deadlineAt: isoDateTime.optional() }).strict(),
  z.object({ action: z.literal('start'), ...transitionBase }).strict(),
  z.object({ action: z.literal('resolve'), ...transitionBase, outcome: code, level: code }).strict(),
  z.object({ action: z.literal('visit'), ...transitionBase, satisfaction: code }).strict(),
  z.object({ action: z.literal('archive'), ...transitionBase }).strict(),
  /** A mediation attempt failed; the case stays open (调解未成功). */
  z.object({ action: z.literal('fail'), ...transitionBase }).strict(),
  /** The party came back about the same matter (重复来访); the case stays open. */
  z.object({ action: z.literal('revisit'), ...transitionBase }).strict(),
])
export type CaseTransition = z.infer<typeof CaseTransition>
export type CaseAction = CaseTransition['action']

export const ActivityCreate = z
  .object({
    externalId: z.string().min(1).max(64),
    team: code,
    kind: code,
    title: text(200).min(1),
    communityCode: z.string().regex(/^\d{12}$/, 'must be a 12-digit division code'),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    startedAt: isoDateTime,
    endedAt: isoDateTime,
    volunteers: z.int().min(1).max(10000).default(1),
    peopleServed: z.int().min(0).max(1000000).default(0),
  })
  .strict()
  .refine((a) => Date.parse(a.endedAt) > Date.parse(a.startedAt), { path: ['endedAt'], message: 'must be after startedAt' })
  .refine((a) => Date.parse(a.endedAt) - Date.parse(a.startedAt) <= 24 * 3600_000, { path: ['endedAt'], message: 'an activity lasts at most 24 hours' })
export type ActivityCreate = z.infer<typeof ActivityCreate>

export const WishCreate = z
  .object({
    externalId: z.string().min(1).max(64),
    channel: code,
    communityCode: z.string().regex(/^\d{12}$/, 'must be a 12-digit division code'),
    title: text(200).min(1),
    description: text(2000).default(''),
    collectedAt: isoDateTime,
  })
  .strict()
export type WishCreate = z.infer<typeof WishCreate>

export const WishTransition = z.discriminatedUnion('action', [
  z.object({ action: z.literal('claim'), at: isoDateTime, organisation: text(120).min(1) }).strict(),
  z.object({ action: z.literal('fulfil'), at: isoDateTime }).strict(),
  z.object({ action: z.literal('feedback'), at: isoDateTime, feedback: text(2000).min(1) }).strict(),
])
export type WishTransition = z.infer<typeof WishTransition>

const day = z.iso.date()
export const IndicatorsQuery = z
  .object({ region: z.string().regex(/^\d{12}$/), from: day, to: day })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
export const RegionQuery = z.object({ region: z.string().regex(/^\d{12}$/).optional() })
export const CaseListQuery = z.object({
  region: z.string().regex(/^\d{12}$/).optional(),
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})
export const HeatQuery = z.object({
  region: z.string().regex(/^\d{12}$/).optional(),
  days: z.coerce.number().int().min(1).max(366).default(7),
})
export const RegionsQuery = z.object({
  level: z.enum(['county', 'town', 'community', 'grid']).optional(),
  parent: z.string().regex(/^\d{12}$/).optional(),
})

export const COMPLEXITIES = ['simple', 'ordinary', 'complex', 'mediation'] as const
export type Complexity = (typeof COMPLEXITIES)[number]

const hours = z.number().positive().max(24 * 365)
const days = z.number().positive().max(3650)
/** One step of the supervision ladder (督办 → 黄牌督办 → 红牌督办): its name and the unit's time to answer. */
export const LadderStep = z.object({ zh: text(20).min(1), en: text(40).min(1), hours }).strict()

/**
 * The county's warning rules (三色预警 + 双重督办). Stored in the database, edited through
 * PUT /api/v1/warning-rules, applied to every open case at once without a restart.
 */
export const WarningRules = z
  .object({
    /** People involved at or above which an individual case counts as a group (red). */
    groupSize: z.int().min(2).max(10000),
    /** Yellow when at most this many days are left … */
    warnDays: z.number().min(0).max(365),
    /** … or at most this fraction of the time limit is left, whichever comes first. */
    warnFraction: z.number().min(0).max(1),
    /** Red after this many failed mediations on the same matter. */
    failedMediations: z.int().min(1).max(100),
    /** Red after this many repeat visits about the same matter. */
    repeatVisits: z.int().min(1).max(100),
    /** Default time limit in days by complexity; a source's own deadline wins. */
    timeLimits: z.object({ simple: days, ordinary: days, complex: days, mediation: days }).strict(),
    /** Supervision ladder, lowest first; a notice unanswered in time climbs one step. */
    ladder: z.array(LadderStep).min(1).max(6),
    /** The ladder step (1-based) from which supervision makes a case red. */
    redFromStep: z.int().min(1).max(6),
    /** Issue a step-1 notice to the assigned unit when a dispatched case turns yellow. */
    autoNotice: z.boolean(),
    /** A region is yellow when its quarter success rate is under this percentage. */
    successTarget: z.number().min(0).max(100),
  })
  .strict()
  .refine((r) => r.redFromStep <= r.ladder.length, { path: ['redFromStep'], message: 'must not exceed the number of ladder steps' })
export type WarningRules = z.infer<typeof WarningRules>

export const NoticeCreate = z
  .object({
    /** The unit asked to act; defaults to the case's assigned unit. */
    unit: text(120).min(1).optional(),
    issuedBy: text(80).min(1),
    note: text(2000).default(''),
    /** Time to answer; defaults to the first ladder step's. */
    hours: hours.optional(),
  })
  .strict()
export type NoticeCreate = z.infer<typeof NoticeCreate>
export const NoticeAnswer = z.object({ answeredBy: text(80).min(1), answer: text(2000).min(1) }).strict()
export const NoticeEscalate = z.object({ by: text(80).min(1), note: text(2000).default('') }).strict()
export const NoticeListQuery = z.object({
  region: z.string().regex(/^\d{12}$/).optional(),
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const LoginBody = z.object({ username: text(60).min(1), password: text(200).min(1) }).strict()
export const PasswordChange = z
  .object({ current: text(200).min(1), next: text(200).min(10, 'at least 10 characters') })
  .strict()
  .refine((p) => p.next !== p.current, { path: ['next'], message: 'must differ from the current password' })

// ---- Payloads the server sends (types only; the server builds them) ----

export type Colour = 'red' | 'yellow' | 'green'

/**
 * Why a case has its colour. Times rather than counts ("超期2天" is rendered from `deadline` and
 * the screen's clock), so a reason stays true while time passes and needs no re-push.
 */
export type WarningReason =
  | { code: 'overdue'; deadline: string }
  | { code: 'due_soon'; deadline: string }
  | { code: 'group'; scale: string; people: number }
  | { code: 'risk'; level: 'high' | 'medium' }
  | { code: 'supervision'; step: number; zh: string; en: string }
  | { code: 'failed_mediations'; n: number }
  | { code: 'repeat_visits'; n: number }
  | { code: 'on_track'; deadline: string | null }
  | { code: 'closed' }

export interface RegionColour {
  code: string
  colour: Colour
  open: OpenCounts
  /** Quarter success rate, % (null: nothing accepted yet). */
  successRate: number | null
  reasons: ('open_red' | 'open_yellow' | 'below_target')[]
}

export interface NoticeView {
  id: number
  caseId: number
  unit: string
  step: number
  stepName: { zh: string; en: string }
  status: 'open' | 'answered'
  issuedAt: string
  issuedBy: string
  dueAt: string
  note: string
  answeredAt: string | null
  answeredBy: string | null
  answer: string | null
  escalations: number
}

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
  assignedUnit: string | null
  supervisionLevel: number
  complexity: string
  version: number
  colour: Colour
  reasons: WarningReason[]
  /** When the colour last changed. */
  colourSince: string
}

export interface SessionView {
  user: { username: string; displayName: string; role: 'admin' | 'leader' | 'duty'; regionCode: string; mustChangePassword: boolean }
  /** Send back as `x-csrf-token` on every write made with the session cookie. */
  csrfToken: string
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
  successRate: number | null
  onTimeRate: number | null
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
  today: IndicatorBlock
  yesterday: IndicatorBlock
  month: IndicatorBlock
  quarter: IndicatorBlock
  open: OpenCounts
  /** Quarter, accepted cases by category / source; resolved cases by closing level. */
  byCategory: Record<string, number>
  bySource: Record<string, number>
  byLevel: Record<string, number>
  volunteers: { today: TeamStats[]; quarter: TeamStats[] }
  wishes: { collected: number; claimed: number; fulfilled: number }
}

export interface RegionRef {
  code: string
  name: string
  level: 'county' | 'town' | 'community' | 'grid'
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
  /** Changes when the server restarts: sequence numbers restart with it. */
  epoch: string
  seq: number
  aggregates: LiveAggregates
  feed: CaseSummary[]
  /** Colours of the region itself, then of every town and community within it. */
  colours: RegionColour[]
  /** Open red cases in the region, most recent red first (bounded). */
  redFlags: CaseSummary[]
}

// ---- Socket.IO events ----

export interface StreamEnvelope {
  region: string
  epoch: string
  seq: number
}

export interface ServerToClientEvents {
  'case:created': (e: StreamEnvelope & { case: CaseSummary }) => void
  'case:updated': (e: StreamEnvelope & { case: CaseSummary }) => void
  'activity:recorded': (e: StreamEnvelope & { activity: ActivitySummary }) => void
  'wish:updated': (e: StreamEnvelope & { wish: WishSummary }) => void
  'indicators:updated': (e: StreamEnvelope & { aggregates: LiveAggregates }) => void
  /** A case changed colour (by time or by a write); `at` is when the rule fired. */
  'warning:changed': (e: StreamEnvelope & { caseId: number; from: Colour | null; to: Colour; reasons: WarningReason[]; at: string; case: CaseSummary }) => void
  /** A case turned red: the duty desk must act. */
  'redflag:raised': (e: StreamEnvelope & { case: CaseSummary; at: string }) => void
  /** A region's colour or the counts behind it changed (sent to the region and its ancestors). */
  'region:recoloured': (e: StreamEnvelope & { colour: RegionColour; from: Colour | null }) => void
  'supervision:issued': (e: StreamEnvelope & { notice: NoticeView }) => void
  'supervision:escalated': (e: StreamEnvelope & { notice: NoticeView; from: number }) => void
  'supervision:answered': (e: StreamEnvelope & { notice: NoticeView }) => void
}

export type SubscribeAck = { ok: true; snapshot: Snapshot } | { ok: false; error: string }

export interface ClientToServerEvents {
  'screen:subscribe': (req: { region: string }, ack: (res: SubscribeAck) => void) => void
}

export const FEED_SIZE = 30
export const RED_FLAG_LIMIT = 50
