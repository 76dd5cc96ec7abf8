import type { NewCaseRow } from '../schema'
import type { Complexity } from '../../server/contract'
import { DEFAULT_CODES } from '../../server/domain/codes'
import { caseColour, DEFAULT_WARNING_RULES, deadlineFor, lastBoundary, nextChangeAt, type ColourInputs } from '../../server/domain/warnings'
import { dayOf, startOfDay } from '../../server/domain/time'
import type { Rng } from './random'
import regionData from './regions.json' with { type: 'json' }
import { CASE_TITLES, CLOSING_LEVEL_WEIGHTS } from './vocabulary'
import { LEVELS, levelRank, startLevel } from '../../server/domain/levels'
import type { UnitPicker } from './units'

const DAY = 86_400_000
const HOUR = 3_600_000

/** How many whole years of history the demo has before the current quarter. */
export const DEMO_YEARS = 3

/** The first day of the demo's history: the start of the quarter `years` years before today's. */
export function historyStart(today: string, years: number): string {
  const y = +today.slice(0, 4) - years
  const m = Math.floor((+today.slice(5, 7) - 1) / 3) * 3 + 1
  return `${y}-${String(m).padStart(2, '0')}-01`
}

export interface Place {
  code: string
  communityCode: string
  townCode: string
  name: string
  weight: number
}

export interface GeneratedCase {
  row: NewCaseRow
  events: { at: Date; actor: string; action: string; fromStatus: string | null; toStatus: string; data: Record<string, unknown> }[]
}

/** A quarter's published figures (regions.json): cases accepted per month and how many succeeded. */
export interface Published {
  year: number
  accepted: number
  successful: number
  months: Record<string, number>
}

/**
 * The demo county's published first quarter of 2026: 765 disputes accepted (240 + 250 + 275),
 * of which 738 were resolved successfully (96.47 %). The demo adds its appeals (民生诉求) on top.
 */
export const PUBLISHED_Q1: Published = regionData.published[regionData.demoCounty as keyof typeof regionData.published]

const complexityOf = Object.fromEntries(DEFAULT_CODES.category.map((c) => [c.code, c.meta?.complexity as Complexity]))

const CATEGORY_WEIGHTS = [['neighbour', 26], ['family', 14], ['property', 14], ['sanitation', 10], ['wages', 9], ['road', 8], ['parking', 9], ['safety', 6], ['land', 4]] as const
const SOURCE_WEIGHTS = [['visit', 18], ['grid_daily', 30], ['grid_special', 8], ['grid_key', 5], ['hotline', 17], ['online', 16], ['wishbox', 6]] as const

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let y = +from.slice(0, 4)
  let m = +from.slice(5, 7)
  while (`${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    if (++m > 12) {
      m = 1
      y++
    }
  }
  return out
}

/**
 * `years` full years of cases before the current quarter, and the current quarter to `now`, with
 * their timelines: `perMonth` a month (drawn in that range), or the published months exactly,
 * with exactly their successes. Three years by default, so that the review's QoQ, YoY and eight
 * quarters of trend all compare whole quarters.
 */
export function generateCases(r: Rng, places: Place[], now: Date, opts: { published?: Published | null; perMonth?: [number, number]; idPrefix?: string; units?: UnitPicker; years?: number } = {}): GeneratedCase[] {
  const units: UnitPicker = opts.units ?? ((rng) => ({ id: null, name: rng.pick(['综治中心', '司法所']) }))
  const published = opts.published === undefined ? PUBLISHED_Q1 : opts.published
  const [low, high] = opts.perMonth ?? [235, 290]
  const today = dayOf(now)
  const firstMonth = historyStart(today, opts.years ?? DEMO_YEARS).slice(0, 7)
  const weighted = places.map((p) => [p, p.weight] as const)
  const out: GeneratedCase[] = []
  const q1: GeneratedCase[] = []
  let seq = 0
  for (const month of monthsBetween(`${firstMonth}-01`, today)) {
    const daysInMonth = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0)).getUTCDate()
    const lastDay = month === today.slice(0, 7) ? +today.slice(8, 10) : daysInMonth
    // Disputes (矛盾纠纷, what the seeds count: a published month's exactly), and appeals
    // (民生诉求) on top, three for every seven disputes.
    const disputes = published?.months[month] ?? Math.round(r.int(low, high) * (lastDay / daysInMonth))
    const count = disputes + Math.round((disputes * 3) / 7)
    for (let i = 0; i < count; i++) {
      const day = `${month}-${String(r.int(1, lastDay)).padStart(2, '0')}`
      const acceptedAt = new Date(+startOfDay(day) + r.int(8 * 60, 19 * 60) * 60_000)
      if (acceptedAt > now) continue
      const kind = i < disputes ? 'dispute' : 'appeal'
      const g = generateOne(r, units, r.weighted(weighted), acceptedAt, now, `HIST-${opts.idPrefix ?? ''}${String(++seq).padStart(6, '0')}`, kind)
      out.push(g)
      if (kind === 'dispute' && published?.months[month]) q1.push(g)
    }
  }
  // Exactly the published outcome: all first-quarter cases are long closed; 27 did not succeed.
  let unsuccessful = published ? q1.length - published.successful : 0
  for (const g of q1) {
    const bad = unsuccessful > 0 && r.chance(unsuccessful / (q1.length - q1.indexOf(g)))
    if (bad) unsuccessful--
    const outcome = bad ? r.pick(['failed', 'litigation']) : 'success'
    g.row.outcome = outcome
    const ev = g.events.find((e) => e.action === 'resolve')!
    ev.data = { ...ev.data, outcome }
  }
  return out
}

function generateOne(r: Rng, units: UnitPicker, place: Place, acceptedAt: Date, now: Date, externalId: string, kind: 'dispute' | 'appeal'): GeneratedCase {
  const category = r.weighted(CATEGORY_WEIGHTS)
  const source = r.weighted(SOURCE_WEIGHTS)
  const scale = r.weighted([['individual', 90], ['group', 8], ['major_group', 2]] as const)
  const peopleInvolved = scale === 'individual' ? r.int(1, 3) : scale === 'group' ? r.int(5, 20) : r.int(21, 60)
  const riskLevel = r.weighted([['low', 76], ['medium', 20], ['high', 4]] as const)
  const reportedAt = new Date(+acceptedAt - r.int(5, 120) * 60_000)
  const complexity = complexityOf[category]!
  const limit = +deadlineFor(complexity, acceptedAt, DEFAULT_WARNING_RULES) - +acceptedAt
  const deadlineAt = new Date(+acceptedAt + limit)
  // Most cases close well within their limit; a few run over.
  const took = r.chance(0.06) ? limit * (1 + r.next()) : limit * (0.1 + 0.85 * r.next())
  const resolvedAt = new Date(+acceptedAt + took)
  const actor = `${place.name}网格员`
  const events: GeneratedCase['events'] = [
    { at: acceptedAt, actor: source, action: 'create', fromStatus: null, toStatus: 'accepted', data: { source, category } },
  ]
  let status = 'accepted'
  const unit = units(r, category, place.communityCode)
  const dispatched = r.chance(0.35)
  const dispatchAt = new Date(+acceptedAt + r.int(1, 6) * HOUR)
  if (dispatched && dispatchAt <= now) {
    events.push({ at: dispatchAt, actor, action: 'dispatch', fromStatus: status, toStatus: 'dispatched', data: { unit: unit.name, unitId: unit.id } })
    status = 'dispatched'
  }
  const row: NewCaseRow = {
    externalId,
    source, kind, category, complexity,
    regionCode: place.code, communityCode: place.communityCode, townCode: place.townCode,
    title: `${place.name}${r.pick(CASE_TITLES[category]!)}`,
    description: '当事人到场陈述，网格员已登记并核实现场情况。',
    peopleInvolved, scale, riskLevel, status, reportedAt, acceptedAt, deadlineAt,
    assignedUnit: dispatched && dispatchAt <= now ? unit.name : null,
    assignedUnitId: dispatched && dispatchAt <= now ? unit.id : null,
    createdAt: acceptedAt, updatedAt: acceptedAt,
  }
  if (resolvedAt <= now) {
    const outcome = r.weighted([['success', 965], ['failed', 20], ['litigation', 15]] as const)
    const level = r.weighted(CLOSING_LEVEL_WEIGHTS(complexity))
    // Closed above where it started: it was escalated (上报) there first, a rung at a time above the village.
    const steps = LEVELS.slice(levelRank(startLevel(place.code)) + 1, levelRank(level) + 1)
    steps.forEach((to, i) => {
      const from = i ? steps[i - 1]! : startLevel(place.code)
      const at = new Date(+acceptedAt + ((i + 1) * took) / (steps.length + 1))
      const then = dispatched && dispatchAt <= at ? 'dispatched' : 'accepted'
      events.push({ at, actor, action: 'report_up', fromStatus: then, toStatus: then, data: { to, from } })
    })
    events.push({ at: resolvedAt, actor, action: 'resolve', fromStatus: status, toStatus: 'resolved', data: { outcome, level } })
    Object.assign(row, { status: 'resolved', resolvedAt, outcome, closingLevel: level, escalatedLevel: steps.length ? level : null, updatedAt: resolvedAt })
    const visitAt = new Date(+resolvedAt + r.int(1, 5) * DAY)
    if (visitAt <= now && r.chance(0.85)) {
      const satisfaction = r.weighted([['satisfied', 90], ['neutral', 8], ['unsatisfied', 2]] as const)
      events.push({ at: visitAt, actor, action: 'visit', fromStatus: 'resolved', toStatus: 'visited', data: { satisfaction } })
      Object.assign(row, { status: 'visited', satisfaction, updatedAt: visitAt })
      const archiveAt = new Date(+visitAt + 30 * DAY)
      if (archiveAt <= now) {
        events.push({ at: archiveAt, actor: 'system', action: 'archive', fromStatus: 'visited', toStatus: 'archived', data: {} })
        Object.assign(row, { status: 'archived', updatedAt: archiveAt })
      }
    }
  }
  row.version = events.length
  const { colour, reasons } = caseColour({ ...row, supervisionLevel: 0, failedMediations: 0, repeatVisits: 0 } as ColourInputs, now, DEFAULT_WARNING_RULES)
  Object.assign(row, { colour, colourReasons: reasons, colourNextAt: nextChangeAt(row as ColourInputs, now, DEFAULT_WARNING_RULES), colourSince: colour === 'green' ? (row.updatedAt ?? acceptedAt) : lastBoundary(row as ColourInputs, now, DEFAULT_WARNING_RULES) ?? acceptedAt })
  return { row, events }
}

/**
 * 来访登记 for the cases that came in at the window (source `visit`): one visit each at its
 * report, one to a few people. With `publishedPeople`, the published quarter's visits bring
 * exactly that many people (its first quarter of 2026).
 */
export function generateVisits(r: Rng, generated: GeneratedCase[], ids: number[], publishedPeople: number | null) {
  const rows = generated.flatMap((g, i) =>
    g.row.source === 'visit' && g.row.acceptedAt
      ? [{ caseId: ids[i]!, communityCode: g.row.communityCode, visitedAt: g.row.reportedAt, people: 1, purpose: g.row.title, createdBy: '接访窗口', createdAt: g.row.reportedAt }]
      : [],
  )
  const inQ1 = rows.filter((v) => dayOf(v.visitedAt) >= '2026-01-01' && dayOf(v.visitedAt) <= '2026-03-31')
  for (const v of rows) if (!inQ1.includes(v)) v.people = r.chance(0.3) ? r.int(2, 4) : 1
  // The published quarter: one person each, then the rest of its people one by one to random visits.
  if (publishedPeople !== null && inQ1.length) for (let left = publishedPeople - inQ1.length; left > 0; left--) r.pick(inQ1).people++
  return rows
}
