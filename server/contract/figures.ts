/** 口径对账: published figures and their reconciliation with the records (docs/INDICATORS.md). */
import { z } from 'zod'
import { FIGURE_KEYS, type FigureKind } from '../domain/reconcile'
import { code, text } from './fields'

const region = z.string().regex(/^\d{12}$/, 'a 12-digit division code')
const day = z.iso.date().refine((v) => v >= '2000-01-01' && v <= '2099-12-31', 'a day between the years 2000 and 2099')

export const PublishedFigureCreate = z
  .object({
    indicator: z.enum(FIGURE_KEYS),
    regionCode: region,
    from: day,
    to: day,
    /** A case indicator of one category only (邻里纠纷 …). */
    category: code.optional(),
    /** As published: a count, or a rate in per cent (96.47). */
    value: z.number().min(0).max(1e9),
    /** Published as a floor (“超460场”, “2580余名”). */
    atLeast: z.boolean().default(false),
    source: text(200).min(1),
    note: text(1000).default(''),
  })
  .strict()
  .refine((f) => f.from <= f.to, { path: ['to'], message: 'must not be before from' })
export type PublishedFigureCreate = z.infer<typeof PublishedFigureCreate>

export const ReconciliationQuery = z.object({ region: region.optional() }).strict()

export interface PublishedFigureView {
  id: number
  indicator: string
  indicatorName: string
  unit: string
  kind: FigureKind
  regionCode: string
  regionName: string
  from: string
  to: string
  category: string | null
  categoryName: string | null
  value: number
  atLeast: boolean
  source: string
  note: string
  createdBy: string
  createdAt: string
}

/** A case behind a difference; `countedIn`: whether the product's count or the published 口径 holds it. */
export interface ReconciliationCase {
  id: number
  externalId: string
  kind: string
  category: string
  title: string
  communityName: string
  acceptedAt: string | null
  resolvedAt: string | null
  outcome: string | null
  countedIn: 'computed' | 'published'
}

export interface ReconciliationRow {
  figure: PublishedFigureView
  /** What the product computes for the figure's indicator, region and period. */
  computed: number | null
  /** Published − computed. */
  difference: number | null
  /** `match`: the same; `explained`: another 口径 gives the published figure; `unexplained`: none does, and the row says which side has more. */
  status: 'match' | 'explained' | 'unexplained'
  why: string
  /** Every way of counting tried, with its value. */
  ways: { key: string; label: string; value: number | null; agrees: boolean }[]
  /** The cases that make the difference (at most 50 listed), when the indicator counts cases. */
  cases: { total: number; rows: ReconciliationCase[] } | null
}
