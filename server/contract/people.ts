/** 双报到: organisations reporting to communities, party members to where they live. */
import { z } from 'zod'
import { isoDateTime, text } from './fields'

const region = z.string().regex(/^\d{12}$/, 'a 12-digit division code')

export const ORGANISATION_KINDS = ['party_org', 'paired_unit'] as const

export const OrganisationCreate = z
  .object({
    name: text(80).min(1),
    /** 机关党组织 (party_org) or 包联单位 (paired_unit). */
    kind: z.enum(ORGANISATION_KINDS),
    /** The county (or town) it belongs to. */
    regionCode: region,
    /** 双报到: the community it reported to, and when (omitted: now). Without it, not yet reported. */
    communityCode: region.optional(),
    reportedAt: isoDateTime.optional(),
  })
  .strict()
  .refine((v) => v.reportedAt === undefined || v.communityCode !== undefined, { path: ['reportedAt'], message: 'a report needs the community (communityCode)' })
export type OrganisationCreate = z.infer<typeof OrganisationCreate>

/** An organisation reports to the community it is paired with (双报到), or its report is withdrawn (`communityCode` null). */
export const OrganisationReport = z.object({ communityCode: region.nullable(), reportedAt: isoDateTime.optional() }).strict()
export type OrganisationReport = z.infer<typeof OrganisationReport>

export const OrganisationsQuery = z
  .object({
    region: region.optional(),
    /** Part of the name. */
    q: text(40).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(200),
  })
  .strict()

/** A CSV (UTF-8; the page decodes GBK first): every row checked, nothing stored when one is bad. */
export const PeopleImport = z.object({ csv: z.string().max(4 * 2 ** 20, 'at most 4 MB of text'), dryRun: z.boolean().default(false) }).strict()

export interface OrganisationView {
  id: number
  name: string
  kind: (typeof ORGANISATION_KINDS)[number]
  regionCode: string
  regionName: string
  communityCode: string | null
  communityName: string | null
  reportedAt: string | null
  /** Its party members: on its roll, and reported to where they live. */
  members: { registered: number; reported: number }
}

/** A count of 双报到: how many should report, how many have, and the rate (%; null with none). */
export interface ReportCount {
  registered: number
  reported: number
  rate: number | null
}

/**
 * 双报到 in a region: organisations (组织数: those reported to its communities) and party members
 * (党员数: those reported to the communities they live in), with the rates (报到率), and the same
 * for each area one level down (a county's towns, a town's communities).
 */
export interface DoubleReportingView {
  region: { code: string; name: string; level: string }
  organisations: ReportCount
  members: ReportCount
  areas: { code: string; name: string; organisations: number; members: number }[]
}

/** What a people import did (or, in a dry run, would do), and every bad row. */
export interface PeopleImportResult {
  dryRun: boolean
  rows: number
  created: number
  updated: number
  unchanged: number
  problems: { row: number; column: string; value: string; reason: string }[]
}

/** A volunteer team (七彩蒲公英): its colour (a `team` code), 专业 or 社会, where it is based, its leader. */
export const TeamCreate = z
  .object({
    name: text(80).min(1),
    colour: z.string().regex(/^[a-z]{2,20}$/, 'a team colour code (red, orange …)'),
    kind: z.enum(['professional', 'social']),
    /** The community, town or county it is based in. */
    regionCode: region,
    leader: text(40).default(''),
  })
  .strict()
export type TeamCreate = z.infer<typeof TeamCreate>

export const TeamsQuery = z
  .object({
    region: region.optional(),
    /** A dandelion colour (a `team` code). */
    colour: z.string().regex(/^[a-z]{2,20}$/, 'a team colour code (red, orange …)').optional(),
    q: text(40).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(200),
  })
  .strict()

/** A volunteer team (七彩蒲公英) and how many serve in it. */
export interface TeamView {
  id: number
  name: string
  colour: string
  kind: 'professional' | 'social'
  regionCode: string
  regionName: string
  leader: string
  volunteers: number
  /** Hours served in the team's activities, by the people who served (微光存折), all time. */
  hours: number
  /** Its service sessions (activities that name it) and the residents they served, all time. */
  sessions: number
  peopleServed: number
  /** Disputes it mediated (named when resolved), those closed, and the rate (%; null with none). */
  disputes: { handled: number; closed: number; rate: number | null }
}

/** A volunteer of a team, with the hours and sessions they served (微光存折). */
export interface TeamMemberView {
  id: number
  name: string
  postType: string | null
  partyMember: boolean
  hours: number
  sessions: number
}

/** The volunteer roster of a region: its teams (专业 / 社会), the volunteers in them, and both by colour. */
export interface RosterView {
  region: { code: string; name: string; level: string }
  teams: { total: number; professional: number; social: number }
  volunteers: number
  /** Service sessions of its teams, the residents served, and needs collected (需求清单), all time. */
  sessions: number
  peopleServed: number
  needs: number
  byColour: { colour: string; teams: number; volunteers: number }[]
}

const year = z.coerce.number().int().min(2000).max(2099)

/** 积分榜: organisations by 萤火能量值, or members by 微光存折 hours, in a year (default: this year). */
export const PointsQuery = z
  .object({
    region: region.optional(),
    year: year.optional(),
    of: z.enum(['organisations', 'members']).default('organisations'),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
  })
  .strict()

/** 评优: the year's award list, as JSON or a CSV to print. */
export const AwardsQuery = z.object({ region: region.optional(), year: year.optional(), format: z.enum(['json', 'csv']).default('json') }).strict()

/** An organisation's year: what it did (the counts) and its 萤火能量值 by part (docs/POINTS.md). */
export interface OrganisationPoints {
  rank: number
  id: number
  name: string
  regionName: string
  communityName: string | null
  inputs: { resourcesClaimed: number; projectsDone: number; whistlesOnTime: number; whistlesLate: number; memberHours: number; satisfied: number; neutral: number; unsatisfied: number }
  energy: { resources: number; results: number; hours: number; feedback: number; total: number }
}

/** A member's 微光存折 for a year: hours and sessions served, and the points. */
export interface MemberPoints {
  rank: number
  id: number
  name: string
  communityName: string
  organisationName: string | null
  teamName: string | null
  hours: number
  sessions: number
  points: number
}

export interface PointsView {
  region: { code: string; name: string; level: string }
  year: number
  of: 'organisations' | 'members'
  /** How many were ranked in all (the rows are the first `limit`). */
  total: number
  rows: (OrganisationPoints | MemberPoints)[]
}

/** 评优: those who reached the year's bars (docs/POINTS.md), best first. */
export interface AwardsView {
  region: { code: string; name: string; level: string }
  year: number
  rules: { organisationEnergy: number; memberHours: number }
  organisations: OrganisationPoints[]
  members: MemberPoints[]
}

/**
 * What a region's people did this month (by activities in its communities that name who served)
 * and its teams with most hours this year: counts and team names only, so a wall reads them.
 */
export interface PeopleActivityView {
  region: { code: string; name: string; level: string }
  month: string
  /** This month: volunteers who served (named as participants), of them party members, their hours, and all sessions. */
  active: { people: number; partyMembers: number; hours: number; sessions: number }
  /** This year's teams with most hours served. */
  topTeams: { id: number; name: string; colour: string; hours: number; sessions: number }[]
}
