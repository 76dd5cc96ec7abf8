/** What outside systems and screens send: cases, transitions, activities, wishes and queries. */
import { z } from 'zod'
import { code, externalId, isoDateTime, text } from './fields'
export const CaseCreate = z
  .object({
    externalId,
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

/** At most this many reports in one `POST /cases:batch`. */
export const CASE_BATCH_MAX = 1000
/** Reports for `POST /cases:batch`: each is checked on its own and answered on its own. */
export const CaseBatch = z.object({ cases: z.array(z.unknown()).min(1).max(CASE_BATCH_MAX) }).strict()

const transitionBase = {
  /** When it happened; omitted, the server's time of receipt (a person acting now). */
  at: isoDateTime.optional(),
  actor: text(80).min(1).default('system'),
  note: text(2000).optional(),
  /** The case version the caller acted on: if the case changed since, the action is refused (409), not lost. */
  expectedVersion: z.int().min(1).optional(),
}

export const CaseTransition = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), ...transitionBase, deadlineAt: isoDateTime.optional() }).strict(),
  /** To a unit of the directory (承办单位): by `unitId` (GET /units?for=…), or by its exact name. */
  z.object({ action: z.literal('dispatch'), ...transitionBase, unitId: z.int().min(1).optional(), unit: text(120).min(1).optional(), deadlineAt: isoDateTime.optional() }).strict(),
  z.object({ action: z.literal('start'), ...transitionBase }).strict(),
  /** `teamId`: the volunteer team (七彩蒲公英) that mediated it, if one did (GET /api/v1/teams). */
  z.object({ action: z.literal('resolve'), ...transitionBase, outcome: code, level: code, teamId: z.int().min(1).optional() }).strict(),
  z.object({ action: z.literal('visit'), ...transitionBase, satisfaction: code }).strict(),
  z.object({ action: z.literal('archive'), ...transitionBase }).strict(),
  /** A mediation attempt failed; the case stays open (调解未成功). */
  z.object({ action: z.literal('fail'), ...transitionBase }).strict(),
  /** The party came back about the same matter (重复来访); the case stays open. */
  z.object({ action: z.literal('revisit'), ...transitionBase }).strict(),
  /** 重新办理: a resolved case is opened again; its resolution no longer counts anywhere. */
  z.object({ action: z.literal('reopen'), ...transitionBase }).strict(),
  /** 签收: the duty desk has taken the case; its current red flag is no longer unacknowledged. */
  z.object({ action: z.literal('ack'), ...transitionBase }).strict(),
  /** 上报: the case goes up the closing-level ladder (网格 → 村社区 → 乡镇 → 县), to a level above the one it is handled at. */
  z.object({ action: z.literal('report_up'), ...transitionBase, to: code, note: text(2000).optional() }).strict(),
  /** A note on the record (台账), nothing else changes. */
  z.object({ action: z.literal('note'), ...transitionBase, note: text(2000).min(1) }).strict(),
])
export type CaseTransition = z.infer<typeof CaseTransition>
export type CaseAction = CaseTransition['action']

export const ActivityCreate = z
  .object({
    externalId,
    team: code,
    kind: code,
    title: text(200).min(1),
    communityCode: z.string().regex(/^\d{12}$/, 'must be a 12-digit division code'),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    startedAt: isoDateTime,
    endedAt: isoDateTime,
    /** One team's turn-out: the seeds' largest teams have a few hundred members. Omitted: the participants, or 1. */
    volunteers: z.int().min(1).max(300).optional(),
    peopleServed: z.int().min(0).max(100000).default(0),
    /** The roster's team that served (GET /api/v1/teams), of the activity's colour and county. */
    teamId: z.int().min(1).optional(),
    /** Who served (volunteer ids of the roster, the activity's county): each is credited its duration (微光存折). */
    participants: z.array(z.int().min(1)).min(1).max(300).optional(),
  })
  .strict()
  .refine((a) => !a.participants || new Set(a.participants).size === a.participants.length, { path: ['participants'], message: 'each volunteer once' })
  .refine((a) => !a.participants || a.volunteers === undefined || a.volunteers === a.participants.length, { path: ['volunteers'], message: 'must equal the number of participants (or be left out)' })
  .refine((a) => Date.parse(a.endedAt) > Date.parse(a.startedAt), { path: ['endedAt'], message: 'must be after startedAt' })
  .refine((a) => Date.parse(a.endedAt) - Date.parse(a.startedAt) <= 12 * 3600_000, { path: ['endedAt'], message: 'an activity lasts at most 12 hours (record a longer one as several)' })
export type ActivityCreate = z.infer<typeof ActivityCreate>

export const WishCreate = z
  .object({
    externalId,
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
  .object({ region: z.string().regex(/^\d{12}$/), from: day, to: day, kind: z.enum(['dispute', 'appeal', 'all']).default('dispute') })
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
  level: z.enum(['province', 'city', 'county', 'town', 'community', 'grid']).optional(),
  parent: z.string().regex(/^\d{12}$/).optional(),
})
