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
    reportedAt: isoDateTime,
    /** When given, the case is created already accepted (受理) at that time. */
    acceptedAt: isoDateTime.optional(),
    deadlineAt: isoDateTime.optional(),
  })
  .strict()
export type CaseCreate = z.infer<typeof CaseCreate>

const transitionBase = { at: isoDateTime, actor: text(80).min(1).default('system'), note: text(2000).optional() }

export const CaseTransition = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), ...transitionBase, deadlineAt: isoDateTime.optional() }).strict(),
  z.object({ action: z.literal('dispatch'), ...transitionBase, unit: text(120).min(1), deadlineAt: isoDateTime.optional() }).strict(),
  z.object({ action: z.literal('start'), ...transitionBase }).strict(),
  z.object({ action: z.literal('resolve'), ...transitionBase, outcome: code, level: code }).strict(),
  z.object({ action: z.literal('visit'), ...transitionBase, satisfaction: code }).strict(),
  z.object({ action: z.literal('archive'), ...transitionBase }).strict(),
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
export const RegionsQuery = z.object({
  level: z.enum(['county', 'town', 'community', 'grid']).optional(),
  parent: z.string().regex(/^\d{12}$/).optional(),
})

// ---- Payloads the server sends (types only; the server builds them) ----

export type Colour = 'red' | 'yellow' | 'green'

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
  version: number
  colour: Colour
  reasons: string[]
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
  timeline: CaseEventView[]
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
}

export type SubscribeAck = { ok: true; snapshot: Snapshot } | { ok: false; error: string }

export interface ClientToServerEvents {
  'screen:subscribe': (req: { region: string }, ack: (res: SubscribeAck) => void) => void
}

export const FEED_SIZE = 30
