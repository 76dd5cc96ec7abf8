import { count, eq, sql } from 'drizzle-orm'
import { createHash } from 'node:crypto'
import type { Db } from '../client'
import { activityParticipants, apiKeys, caseEvents, cases, codes, listItems, organisations, regions, settings, teams, units, visits, volunteerActivities, volunteers, whistles, wishes, type NewRegion } from '../schema'
import { CODE_KINDS, DEFAULT_CODES } from '../../server/domain/codes'
import { rebuildRollups } from '../../server/store/rollups'
import { isUrban } from '../../server/domain/regions'
import { startOfDay, addDays, dayOf } from '../../server/domain/time'
import { DEMO_YEARS, generateCases, generateVisits, historyStart, type Place } from './history'
import { seedUnits, type UnitPicker } from './units'
import { rng, type Rng } from './random'
import { BLUE_TEAM, doubleReportingOf, generateLists, generateMembers, generateOrganisations, generateTeamMembers, generateTeams, generateTeamSessions, generateWhistles, generateMemberSessions, MARKET_DAYS, rosterOf, teamWorkOf, WHISTLES_DONE } from './people'
import { ACTIVITY_TITLES, COMPOUNDS, GIVEN, SURNAMES, TEAM_KINDS, WISH_TITLES } from './vocabulary'
import regionData from './regions.json' with { type: 'json' }
import { insertSeedFigures } from './figures'

const HOUR = 3_600_000

/** Writes the default code tables; labels a county has edited are left alone. */
export async function ensureCodes(db: Db) {
  const rows = CODE_KINDS.flatMap((kind) => DEFAULT_CODES[kind].map((c, i) => ({ kind, code: c.code, zh: c.zh, en: c.en, sort: i, meta: c.meta ?? {} })))
  // New default keys reach existing rows; keys a county has set keep the county's value.
  await db.insert(codes).values(rows).onConflictDoUpdate({ target: [codes.kind, codes.code], set: { meta: sql`excluded.meta || ${codes.meta}` } })
}

/** What the demo loads: its county (the default) or the whole city around it. */
export type DemoScope = 'county' | 'city'

type CountyData = (typeof regionData.counties)[number]
const demoCountyData = () => regionData.counties.find((c) => c.code === regionData.demoCounty)!


/**
 * The demo's places with their 2023 division codes (regions.json): the demo county, its towns,
 * villages and communities, plus grids; or, for `city`, the city and all its county-level units.
 */
export function demoRegions(scope: DemoScope = 'county'): NewRegion[] {
  const out: NewRegion[] = []
  const city = regionData.city
  if (scope === 'city') out.push({ code: city.code, name: city.name, level: 'city', parentCode: null, lng: city.lng, lat: city.lat })
  for (const c of scope === 'city' ? regionData.counties : [demoCountyData()]) {
    out.push({ code: c.code, name: c.name, level: 'county', parentCode: scope === 'city' ? city.code : null, lng: c.lng, lat: c.lat })
    for (const t of c.towns) {
      out.push({ code: t.code, name: t.name, level: 'town', parentCode: c.code, lng: t.lng, lat: t.lat })
      for (const v of t.communities) {
        out.push({ code: v.code, name: v.name, level: 'community', parentCode: t.code, lng: v.lng, lat: v.lat })
        const grids = COMPOUNDS[v.name] ?? (isUrban(v.name) ? ['第一网格', '第二网格'] : [])
        grids.forEach((g, i) =>
          out.push({ code: `${v.code}${String(i + 1).padStart(3, '0')}`, name: g, level: 'grid', parentCode: v.code, lng: v.lng + 0.002 * (i + 1), lat: v.lat - 0.0015 * (i + 1) }),
        )
      }
    }
  }
  return out
}

/** 新绛县 received 472 people at its window in the published quarter (接待群众 472 人次). */
const DEMO_VISITORS_Q1 = 472

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

/** Activities with the people who served in them (微光存折). */
async function insertSessions(db: Db, sessions: { activity: typeof volunteerActivities.$inferInsert; participants: { volunteerId: number; minutes: number }[] }[]) {
  await insertChunked(sessions, 500, async (ch) => {
    const ids = await db.insert(volunteerActivities).values(ch.map((s) => s.activity)).returning({ id: volunteerActivities.id })
    const who = ch.flatMap((s, i) => s.participants.map((p) => ({ ...p, activityId: ids[i]!.id })))
    if (who.length) await db.insert(activityParticipants).values(who)
  })
}

/** Where a county's history comes from: its places, weighted to the urban ones. */
function placesOf(regionRows: NewRegion[]): Place[] {
  const byCode = new Map(regionRows.map((x) => [x.code, x]))
  return regionRows
    .filter((x) => x.level === 'community' || x.level === 'grid')
    .map((x) => {
      const communityCode = x.code.slice(0, 12)
      const community = byCode.get(communityCode)!
      return {
        code: x.code, communityCode, townCode: `${x.code.slice(0, 9)}000`,
        // Named compounds (丽华苑小区) head their cases; numbered grids use the community's name.
        name: x.level === 'grid' && !x.name.includes('网格') ? x.name : community.name,
        weight: isUrban(community.name) ? 6 : 1,
      }
    })
}

/** A county's history: its published quarter where regions.json has one, else a volume for its size. */
function countyHistory(r: Rng, c: CountyData, regionRows: NewRegion[], now: Date, scope: DemoScope, units: UnitPicker) {
  const places = placesOf(regionRows.filter((x) => x.code.startsWith(c.code.slice(0, 6))))
  const published = regionData.published[c.code as keyof typeof regionData.published] ?? null
  if (scope === 'county') return generateCases(r, places, now, { published, units })
  // The city: one whole year before the current quarter (three would be ~140,000 cases, minutes to load).
  // Other counties: about 1.6 cases a month per village or community (新绛县: 164 places, ~260).
  const n = c.towns.reduce((s, t) => s + t.communities.length, 0)
  return generateCases(r, places, now, { published, perMonth: [Math.round(n * 1.45), Math.round(n * 1.75)], idPrefix: `${c.code.slice(0, 6)}-`, units, years: 1 })
}

/**
 * Loads the demo on an empty database; does nothing when regions exist. Without `history` no
 * cases, activities or wishes are written (with a list of county codes, only theirs); without `people` no organisations, members, teams,
 * whistles or lists either: a real deployment gets only the places, code tables and units
 * directory (without contacts), and imports its own people.
 */
export async function seedDemo(db: Db, now: Date, seed = 825, opts: { history?: boolean | string[]; people?: boolean; scope?: DemoScope } = {}): Promise<{ seeded: boolean; cases: number; root: string }> {
  await ensureCodes(db)
  const scope = opts.scope ?? 'county'
  const [existing] = await db.select({ n: count() }).from(regions)
  if (existing!.n > 0) return { seeded: false, cases: 0, root: '' }
  const r = rng(seed)
  const regionRows = demoRegions(scope)
  await insertChunked(regionRows, 500, (c) => db.insert(regions).values(c))

  // The units directory from its own random stream: the rest of the demo is drawn as before.
  const pickUnit = await seedUnits(db, rng(seed + 1), regionRows, opts.history !== false)
  const communities = regionRows.filter((x) => x.level === 'community')
  const counties = scope === 'city' ? regionData.counties : [demoCountyData()]
  const root = regionRows[0]!.code
  if (opts.people === false) return { seeded: true, cases: 0, root }
  // 双报到: each county's organisations and party members, from a random stream of their own.
  const people = rng(seed + 3)
  const orgs: { id: number; name: string; regionCode: string; communityCode: string | null; reportedAt: Date | null }[] = []
  const partyMembers = new Map<number, number[]>()
  for (const c of counties) {
    const places = communities.filter((x) => x.code.startsWith(c.code.slice(0, 6))).length
    const figures = doubleReportingOf(c.code, places)
    const own = await db.insert(organisations).values(generateOrganisations(people, c, communities, figures.organisations, new Date(+now - 540 * 24 * HOUR), new Date(+now - 30 * 24 * HOUR))).returning()
    orgs.push(...own)
    await insertChunked(generateMembers(people, own, communities, figures.members, now), 1000, async (ch) => {
      for (const v of await db.insert(volunteers).values(ch).returning({ id: volunteers.id, organisationId: volunteers.organisationId })) partyMembers.set(v.organisationId!, [...(partyMembers.get(v.organisationId!) ?? []), v.id])
    })
  }
  // 吹哨派单: each county's whistles this year, to its paired units (a stream of its own).
  const whistled = rng(seed + 5)
  for (const c of counties) {
    const places = communities.filter((x) => x.code.startsWith(c.code.slice(0, 6))).length
    const own = orgs.filter((o) => o.regionCode === c.code)
    await insertChunked(generateWhistles(whistled, own, WHISTLES_DONE[c.code] ?? Math.round(places * 0.8), now), 1000, (ch) => db.insert(whistles).values(ch))
  }
  // 七彩蒲公英: each county's teams and their volunteers, from a stream of their own.
  const roster = rng(seed + 4)
  const blueTeams = new Map<string, number>()
  for (const c of counties) {
    const own = communities.filter((x) => x.code.startsWith(c.code.slice(0, 6)))
    const figures = rosterOf(c.code, own.length)
    const made = await db.insert(teams).values(generateTeams(roster, c, communities, figures.teams, figures.kind)).returning()
    // 绛县's county-wide blue team (平安建设), which mediates disputes (its cases below).
    if (BLUE_TEAM[c.code]) {
      const [blue] = await db.insert(teams).values({ name: `${c.name}“蓝色蒲公英”平安建设志愿服务队`, colour: 'blue', kind: 'professional', regionCode: c.code, leader: roster.pick(SURNAMES) + roster.pick(GIVEN) }).returning()
      made.push(blue!)
      blueTeams.set(c.code, blue!.id)
    }
    const members = new Map<number, number[]>()
    await insertChunked(generateTeamMembers(roster, made, figures.volunteers), 1000, async (ch) => {
      for (const v of await db.insert(volunteers).values(ch).returning({ id: volunteers.id, teamId: volunteers.teamId })) members.set(v.teamId!, [...(members.get(v.teamId!) ?? []), v.id])
    })
    // What the teams did: sessions naming who served (微光存折), the residents they reached.
    const work = teamWorkOf(c.code, made.length, own.length)
    await insertSessions(db, generateTeamSessions(roster, made, members, own, work.sessions, work.served, now, `${c.code.slice(0, 6)}-`))
  }
  // 三张清单: each county's needs, its units' resources, and the projects their claims made (a stream of its own).
  const listed = rng(seed + 6)
  for (const c of counties) {
    const own = communities.filter((x) => x.code.startsWith(c.code.slice(0, 6)))
    const items = generateLists(listed, c, communities, orgs, teamWorkOf(c.code, 0, own.length).needs, now)
    const ids: number[] = []
    await insertChunked(items, 500, async (ch) => void ids.push(...(await db.insert(listItems).values(ch.map((i) => i.row)).returning({ id: listItems.id })).map((x) => x.id)))
    const projects = items.flatMap((i, k) => (i.project ? [{ kind: 'project' as const, regionCode: i.project.communityCode, communityCode: i.project.communityCode, organisationId: i.project.organisationId, title: i.row.title, status: i.project.doneAt ? ('done' as const) : ('open' as const), fromId: ids[k]!, createdAt: i.project.createdAt, claimedAt: null, doneAt: i.project.doneAt, report: i.project.doneAt ? '已完成' : '', peopleServed: i.project.peopleServed, satisfaction: i.project.satisfaction, createdBy: '演示数据' }] : []))
    await insertChunked(projects, 500, (ch) => db.insert(listItems).values(ch))
  }
  // Party members' service (集日服务 …), naming who served: their 微光存折 (a stream of its own).
  const served = rng(seed + 7)
  for (const c of counties) {
    const own = communities.filter((x) => x.code.startsWith(c.code.slice(0, 6)))
    const mine = orgs.filter((o) => o.regionCode === c.code)
    const n = MARKET_DAYS[c.code] ?? Math.round(mine.reduce((s, o) => s + (partyMembers.get(o.id)?.length ?? 0), 0) / 4)
    await insertSessions(db, generateMemberSessions(served, mine, partyMembers, own, n, now, `${c.code.slice(0, 6)}-`))
  }
  await db.insert(volunteers).values(
    Array.from({ length: 420 * counties.length }, (_, i) => {
      const name = r.pick(SURNAMES) + r.pick(GIVEN)
      const postType = r.pick(DEFAULT_CODES.postType).code
      // Community volunteers, outside 双报到. They were once drawn as party members of an
      // organisation: the draws stay, so that the rest of the demo is drawn as before.
      void r.chance(0.6)
      if (r.chance(0.5)) void r.pick(orgs)
      return { name, team: DEFAULT_CODES.team[i % 7]!.code, postType, partyMember: false, organisationId: null, communityCode: r.pick(communities).code }
    }),
  )

  // 口径对账: the figures the seeds publish for these counties.
  await insertSeedFigures(db, counties.map((c) => c.code), now)

  if (opts.history === false) return { seeded: true, cases: 0, root }
  let total = 0
  for (const c of counties) {
    // A list of counties: only theirs (a test of one county's history within the city).
    if (Array.isArray(opts.history) && !opts.history.includes(c.code)) continue
    const generated = countyHistory(r, c, regionRows, now, scope, pickUnit)
    const ids: number[] = []
    await insertChunked(generated, 500, async (chunk) => {
      const rows = await db.insert(cases).values(chunk.map((g) => g.row)).returning({ id: cases.id })
      ids.push(...rows.map((x) => x.id))
    })
    const events = generated.flatMap((g, i) => g.events.map((e) => ({ ...e, caseId: ids[i]! })))
    await insertChunked(events, 1000, (ch) => db.insert(caseEvents).values(ch))
    // 来访登记: the people behind the cases that came in at the window (a stream of its own: the rest of the demo is drawn as before).
    const published = regionData.published[c.code as keyof typeof regionData.published] ?? null
    await insertChunked(generateVisits(rng(seed + 2), generated, ids, published ? DEMO_VISITORS_Q1 : null), 1000, (ch) => db.insert(visits).values(ch))
    total += generated.length
    // 绛县's blue team mediated that many of the county's disputes, all of them closed (spread over the years).
    const blue = blueTeams.get(c.code)
    if (blue) {
      await db.execute(sql`update cases set team_id = ${blue} where id in (select id from cases where community_code like ${`${c.code.slice(0, 6)}%`} and kind = 'dispute'
        and status in ('resolved', 'visited', 'archived') order by md5(id::text) limit ${BLUE_TEAM[c.code]!.disputes})`)
    }
    const own = communities.filter((x) => x.code.startsWith(c.code.slice(0, 6)))
    await insertChunked(generateActivities(r, own, now, `${scope === 'city' ? c.code.slice(0, 6) + '-' : ''}`), 1000, (ch) => db.insert(volunteerActivities).values(ch))
    await db.insert(wishes).values(generateWishes(r, own, orgs.filter((o) => o.regionCode === c.code).map((o) => o.id), now, `${scope === 'city' ? c.code.slice(0, 6) + '-' : ''}`))
  }
  await rebuildRollups(db)
  return { seeded: true, cases: total, root }
}

function generateActivities(r: Rng, communities: NewRegion[], now: Date, idPrefix: string) {
  const out = []
  const today = dayOf(now)
  let n = 0
  for (let d = historyStart(today, DEMO_YEARS); d <= today; d = addDays(d, 1)) {
    for (let k = r.int(1, 5); k > 0; k--) {
      const team = DEFAULT_CODES.team[r.int(0, 6)]!.code
      const kind = r.pick(TEAM_KINDS[team]!)
      const c = r.pick(communities)
      const startedAt = new Date(+startOfDay(d) + r.int(8, 19) * HOUR)
      if (startedAt > now) continue
      const hours = r.int(1, 4)
      const people = r.int(3, 15)
      out.push({
        externalId: `HIST-ACT-${idPrefix}${++n}`, team, kind, title: `${c.name}${ACTIVITY_TITLES[kind]}`, communityCode: c.code,
        lat: c.lat + (r.next() - 0.5) * 0.004, lng: c.lng + (r.next() - 0.5) * 0.005,
        startedAt, endedAt: new Date(+startedAt + hours * HOUR), minutes: hours * 60 * people, volunteers: people, peopleServed: r.int(8, 60),
      })
    }
  }
  return out
}

function generateWishes(r: Rng, communities: NewRegion[], orgIds: number[], now: Date, idPrefix: string) {
  const out = []
  const days = Math.round((+now - +startOfDay(historyStart(dayOf(now), DEMO_YEARS))) / (24 * HOUR))
  for (let i = 0; i < Math.round(240 * (days / 365)); i++) {
    const collectedAt = new Date(+now - r.int(1, days) * 24 * HOUR)
    const c = r.pick(communities)
    const claimedAt = new Date(+collectedAt + r.int(1, 10) * 24 * HOUR)
    const fulfilledAt = new Date(+claimedAt + r.int(2, 20) * 24 * HOUR)
    const claimed = claimedAt <= now && r.chance(0.92)
    const fulfilled = claimed && fulfilledAt <= now && r.chance(0.9)
    out.push({
      externalId: `HIST-WISH-${idPrefix}${i + 1}`, channel: r.pick(DEFAULT_CODES.wishChannel).code, communityCode: c.code,
      title: r.pick(WISH_TITLES), status: fulfilled ? 'fulfilled' : claimed ? 'claimed' : 'collected',
      claimedBy: claimed ? r.pick(orgIds) : null, collectedAt, claimedAt: claimed ? claimedAt : null, fulfilledAt: fulfilled ? fulfilledAt : null,
    })
  }
  return out
}

/** The settings row that marks a database as the demo's (its accounts and wall token are public). */
const DEMO_MARK = 'demo'
/** The demo wall's token (server/auth/bootstrap.ts), by its stored hash: older demo databases carry no mark. */
const DEMO_TOKEN_HASH = createHash('sha256').update('gss_demo-wall-xinjiang-2026').digest('hex')

/** What a database holds: nothing yet, the demo, or a centre's own data. */
export async function databaseHolds(db: Db): Promise<'empty' | 'demo' | 'real'> {
  const [r] = await db.select({ n: count() }).from(regions)
  if (!r!.n) return 'empty'
  const [mark] = await db.select().from(settings).where(eq(settings.key, DEMO_MARK))
  if (mark) return 'demo'
  const [key] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.keyHash, DEMO_TOKEN_HASH))
  return key ? 'demo' : 'real'
}

/**
 * A demo database from before the units directory gets the demo's directory (cases already
 * dispatched keep their unit's name as text); one that has units is left alone.
 */
export async function ensureDemoUnits(db: Db, seed = 825): Promise<boolean> {
  const [n] = await db.select({ n: count() }).from(units)
  if (n!.n > 0) return false
  await seedUnits(db, rng(seed + 1), await db.select().from(regions), true)
  return true
}

export async function markDemo(db: Db) {
  await db.insert(settings).values({ key: DEMO_MARK, value: true }).onConflictDoNothing()
}
