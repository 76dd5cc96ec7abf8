/** 三张清单: needs, resources and projects; 双向认领; the council's list (萤火议事会). */
import { z } from 'zod'
import { isoDateTime, text } from './fields'

const region = z.string().regex(/^\d{12}$/, 'a 12-digit division code')
const day = z.iso.date().refine((v) => v >= '2000-01-01' && v <= '2099-12-31', 'a day between the years 2000 and 2099')

/** A need of a community (需求清单), or a resource a unit offers (资源清单). Projects come from claims. */
export const ListItemCreate = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('need'), communityCode: region, title: text(200).min(1), detail: text(2000).default('') }).strict(),
  z
    .object({
      kind: z.literal('resource'),
      /** The unit offering it (GET /api/v1/organisations). */
      organisationId: z.int().min(1),
      title: text(200).min(1),
      detail: text(2000).default(''),
    })
    .strict(),
])
export type ListItemCreate = z.infer<typeof ListItemCreate>

/** 双向认领: a unit claims a need (`organisationId`), a community claims a resource (`communityCode`). */
export const ListClaim = z
  .object({ organisationId: z.int().min(1).optional(), communityCode: region.optional(), at: isoDateTime.optional() })
  .strict()
  .refine((c) => (c.organisationId === undefined) !== (c.communityCode === undefined), { path: ['organisationId'], message: 'a need is claimed by a unit (organisationId), a resource by a community (communityCode): one of the two' })
export type ListClaim = z.infer<typeof ListClaim>

/** A project reported done, with the residents' verdict (群众反馈, a `satisfaction` code). */
export const ProjectDone = z
  .object({
    report: text(2000).min(1),
    peopleServed: z.int().min(0).max(100_000).default(0),
    satisfaction: z.enum(['satisfied', 'neutral', 'unsatisfied']),
    at: isoDateTime.optional(),
  })
  .strict()
export type ProjectDone = z.infer<typeof ProjectDone>

export const ListsQuery = z
  .object({
    region: region.optional(),
    kind: z.enum(['need', 'resource', 'project']).optional(),
    status: z.enum(['open', 'claimed', 'done']).optional(),
    organisation: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(2000).default(200),
  })
  .strict()

/** The council's list of a community for a meeting (default: the next 15th). */
export const CouncilQuery = z
  .object({
    community: region,
    /** The meeting's day (YYYY-MM-DD); the list covers what changed since the month before. */
    date: day.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict()

export interface ListItemView {
  id: number
  kind: 'need' | 'resource' | 'project'
  regionCode: string
  regionName: string
  communityCode: string | null
  communityName: string | null
  organisationId: number | null
  organisationName: string | null
  title: string
  detail: string
  status: 'open' | 'claimed' | 'done'
  fromId: number | null
  createdAt: string
  claimedAt: string | null
  doneAt: string | null
  report: string
  peopleServed: number
  satisfaction: string | null
}

/** A claim's answer: the need or resource, now claimed, and the project it opened. */
export interface ListClaimResult {
  item: ListItemView
  project: ListItemView
}

/** The counts of a region's three lists. */
export interface ListsSummary {
  needs: { total: number; open: number; claimed: number }
  resources: { total: number; open: number; claimed: number }
  projects: { total: number; open: number; done: number; peopleServed: number }
}

/**
 * The list for one community's council (萤火议事会) on `date`: needs still open, resources it may
 * claim, projects under way, and what was claimed or finished since the last council (a month before).
 */
export interface CouncilAgenda {
  community: { code: string; name: string }
  date: string
  since: string
  openNeeds: ListItemView[]
  openResources: ListItemView[]
  projectsUnderWay: ListItemView[]
  claimedSince: ListItemView[]
  doneSince: ListItemView[]
}
