/** 来访登记: people who came to the centre's window, and the matter they came about. */
import { z } from 'zod'
import { code, isoDateTime, text } from './fields'

/** A phone as people write it: digits, with spaces, dashes or +86. */
const phone = z
  .string()
  .trim()
  .max(20)
  .refine((v) => v === '' || /^(\+?86)?[\d\s-]{5,16}$/.test(v), 'digits, spaces or dashes (5–16 digits)')

export const VisitCreate = z
  .object({
    /** The community the matter is in. */
    communityCode: z.string().regex(/^\d{12}$/, 'a 12-digit community code'),
    /** When they came; omitted, now. */
    visitedAt: isoDateTime.optional(),
    /** 人次: how many came together. */
    people: z.int().min(1).max(1000).default(1),
    /** Kept only hashed (to find earlier visits) and masked. */
    name: text(40).default(''),
    phone: phone.default(''),
    /** 来访事由. */
    purpose: text(500).min(1),
    /** The matter: an existing case … */
    caseId: z.int().min(1).optional(),
    /** … or a new one, accepted at the visit. */
    newCase: z
      .object({
        kind: code.default('dispute'),
        category: code,
        title: text(200).min(1),
        description: text(5000).default(''),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((v) => (v.caseId === undefined) !== (v.newCase === undefined), { path: ['caseId'], message: 'give either caseId (an existing matter) or newCase (a new one)' })
export type VisitCreate = z.infer<typeof VisitCreate>

/** Earlier visits of a person, found by the hash of their name or phone. */
export const VisitLookup = z
  .object({ name: text(40).default(''), phone: phone.default('') })
  .strict()
  .refine((v) => v.name !== '' || v.phone !== '', { path: ['phone'], message: 'give a name or a phone' })

/** A visit as screens show it: never the name or phone in clear. */
export interface VisitView {
  id: number
  communityCode: string
  visitedAt: string
  people: number
  name: string
  phone: string
  purpose: string
  caseId: number | null
  caseExternalId: string | null
  caseTitle: string | null
  caseStatus: string | null
  caseColour: string | null
  /** The visits on this matter within the repeat window, this one included. */
  matterVisits: number
  repeat: boolean
  createdBy: string
}
