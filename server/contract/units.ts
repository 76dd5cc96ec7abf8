/** 承办单位: the units directory (requests and views). */
import { z } from 'zod'
import { text } from './fields'

const region = z.string().regex(/^\d{12}$/, 'a 12-digit division code')
/** A phone as a person writes it: digits, spaces, + - ( ), up to 24 characters. */
const phone = z.string().trim().regex(/^[0-9+\-() ]{0,24}$/, "digits, spaces and + - ( ) only, at most 24")
const id = z.number().int().positive()

export const UnitCreate = z
  .object({
    name: text(80).min(1),
    /** The county, town or community (or city) the unit serves. */
    regionCode: region,
    /** The unit above it (县司法局 above 龙兴镇司法所); in the same region or one above. */
    parentId: id.nullable().optional(),
    contactName: text(40).optional(),
    contactPhone: phone.optional(),
  })
  .strict()
export type UnitCreate = z.infer<typeof UnitCreate>

export const UnitPatch = z
  .object({ name: text(80).min(1).optional(), parentId: id.nullable().optional(), contactName: text(40).optional(), contactPhone: phone.optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' })
export type UnitPatch = z.infer<typeof UnitPatch>

const flag = z.enum(['true', 'false']).transform((v) => v === 'true')
export const UnitsQuery = z
  .object({
    /** Part of the name. */
    q: text(40).optional(),
    /** Units that can take a case of this community or grid: its own and those above it. */
    for: z.string().regex(/^\d{12}(\d{3})?$/, 'a 12- or 15-digit division code').optional(),
    disabled: flag.optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(50),
  })
  .strict()

/** One row of a units CSV (承办单位导入), after the header is matched. */
export interface UnitImportProblem {
  /** 1-based line of the file, the header being line 1. */
  row: number
  column: string
  value: string
  reason: string
}

export interface UnitView {
  id: number
  name: string
  regionCode: string
  regionName: string
  level: 'province' | 'city' | 'county' | 'town' | 'community'
  parentId: number | null
  parentName: string | null
  contactName: string
  contactPhone: string
  disabledAt: string | null
}

export interface UnitImportResult {
  dryRun: boolean
  rows: number
  created: number
  updated: number
  unchanged: number
  /** Cases and notices that named a unit by text and now reference it. */
  linked: number
  problems: UnitImportProblem[]
}

/** A unit's record over a quarter: the cases dispatched to it that were accepted in the quarter, and its notices. */
export interface UnitRankRow {
  unit: UnitView
  dispatched: number
  resolved: number
  /** Resolved by the deadline. */
  onTime: number
  /** Past the deadline: resolved late, or open and past it at the quarter's end (or now). */
  overdue: number
  open: number
  onTimeRate: number | null
  /** 督办提示函 issued to it in the quarter, and how many of those climbed the ladder. */
  notices: number
  escalated: number
}
