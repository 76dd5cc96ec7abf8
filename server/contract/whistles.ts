/** 吹哨派单 → 接单: a community's need whistled to its paired unit, taken within a time limit. */
import { z } from 'zod'
import { isoDateTime, text } from './fields'

export const WhistleCreate = z
  .object({
    communityCode: z.string().regex(/^\d{12}$/, 'a 12-digit community code'),
    /** The paired unit (包联单位): an organisation reported to this community (GET /api/v1/organisations). */
    organisationId: z.int().min(1),
    title: text(200).min(1),
    /** Where the need came from: a wish (wishId), a visit's case (caseId), the 需求清单 or the community itself. */
    source: z.enum(['wish', 'visit', 'list', 'manual']).default('manual'),
    wishId: z.int().min(1).optional(),
    caseId: z.int().min(1).optional(),
    /** 接单时限: hours to take it (default 24). */
    takeWithinHours: z.int().min(1).max(168).default(24),
    /** Days to report it done (default 7). */
    doneWithinDays: z.int().min(1).max(90).default(7),
  })
  .strict()
  .refine((w) => (w.source === 'wish') === (w.wishId !== undefined), { path: ['wishId'], message: 'a wish is named by wishId, and only a wish' })
  .refine((w) => (w.source === 'visit') === (w.caseId !== undefined), { path: ['caseId'], message: "a visit's need is named by its caseId, and only a visit's" })
export type WhistleCreate = z.infer<typeof WhistleCreate>

/** 接单 (take) or 办结 (done), by the unit (recorded for it at the desk, or by its own system). */
export const WhistleStep = z
  .object({
    at: isoDateTime.optional(),
    /** Who took it (the unit's contact): required to take. */
    by: text(40).optional(),
    /** What was done: required to report it done. */
    report: text(2000).optional(),
  })
  .strict()
export type WhistleStep = z.infer<typeof WhistleStep>

export const WhistlesQuery = z
  .object({
    region: z.string().regex(/^\d{12}$/, 'a 12-digit division code').optional(),
    status: z.enum(['whistled', 'taken', 'done', 'escalated']).optional(),
    organisation: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict()

export interface WhistleView {
  id: number
  communityCode: string
  communityName: string
  organisationId: number
  organisationName: string
  title: string
  source: 'wish' | 'visit' | 'list' | 'manual'
  wishId: number | null
  caseId: number | null
  status: 'whistled' | 'taken' | 'done'
  whistledAt: string
  takeBy: string
  doneBy: string
  takenAt: string | null
  takenBy: string | null
  /** Taken after its time limit. */
  takenLate: boolean
  doneAt: string | null
  report: string
  /** 点名哨: when it was escalated for not being taken in time (null: it was not). */
  escalatedAt: string | null
}

/** The funnel of a region's whistles: whistled → taken → done, those taken in time, and 点名哨. */
export interface WhistleFunnel {
  whistled: number
  taken: number
  takenOnTime: number
  done: number
  escalated: number
  /** Not yet taken and past the time limit now. */
  overdue: number
}
