/** 三色预警 + 双重督办: the rules, supervision notices, and the colours and reasons the server derives. */
import { z } from 'zod'
import { text } from './fields'
import type { OpenCounts } from './views'

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
    /** Red when the same matter has been brought this many times (重复访: visits registered on it, or reported by its source). */
    repeatVisits: z.int().min(1).max(100),
    /** Visits on a matter count toward 重复访 when they fall within this many days of each other. */
    repeatVisitDays: z.int().min(1).max(3650).default(90),
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
    /** The unit asked to act, from the units directory by id or exact name; defaults to the case's assigned unit. */
    unitId: z.int().min(1).optional(),
    unit: text(120).min(1).optional(),
    /** Ignored: the notice is recorded as issued by the caller. */
    issuedBy: text(80).optional(),
    note: text(2000).default(''),
    /** Time to answer; defaults to the first ladder step's. */
    hours: hours.optional(),
  })
  .strict()
export type NoticeCreate = z.infer<typeof NoticeCreate>
/** `answeredBy` / `by` are ignored: the answer or escalation is recorded as the caller's. */
export const NoticeAnswer = z.object({ answeredBy: text(80).optional(), answer: text(2000).min(1) }).strict()
export const NoticeEscalate = z.object({ by: text(80).optional(), note: text(2000).default('') }).strict()
export const NoticeListQuery = z.object({
  region: z.string().regex(/^\d{12}$/).optional(),
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

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
  unitId: number | null
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

/** 趋势预警 of a region: open flags, and with `since` (a day) those cleared since then too. */
export const TrendsQuery = z
  .object({
    region: z.string().regex(/^\d{12}$/, 'a 12-digit division code').optional(),
    since: z.iso.date().refine((v) => v >= '2000-01-01' && v <= '2099-12-31', 'a day between the years 2000 and 2099').optional(),
  })
  .strict()

/** A place whose new cases of a category rose beyond its own normal (docs/WARNINGS.md, 趋势预警). */
export interface TrendFlagView {
  id: number
  regionCode: string
  regionName: string
  level: string
  category: string
  categoryName: string
  raisedAt: string
  clearedAt: string | null
  windowDays: number
  observed: number
  expected: number
  limit: number
  perWeek: number
  p: number
  /** In words: "四府街社区 物业服务 近7天 9 件，常态 2.1 件/周，超上限（9 件）". */
  reason: string
}
