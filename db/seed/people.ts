import type { NewRegion } from '../schema'
import { DEFAULT_CODES } from '../../server/domain/codes'
import { isUrban, prefixOf } from '../../server/domain/regions'
import type { Rng } from './random'
import { GIVEN, SURNAMES } from './vocabulary'

/**
 * 双报到 as the seeds publish it, per county: organisations reported to the communities they are
 * paired with, and in-service party members reported to the community they live in (新绛县: 92
 * and 1,692; 夏县: 82 units and 1,546 members). The demo writes exactly these as raw records.
 */
export const DOUBLE_REPORTING: Record<string, { organisations: number; members: number }> = {
  '140825000000': { organisations: 92, members: 1692 },
  '140828000000': { organisations: 82, members: 1546 },
}

/** A county the seeds give no figures for: about one organisation for two villages or communities, 18 members each. */
export function doubleReportingOf(county: string, places: number) {
  return DOUBLE_REPORTING[county] ?? { organisations: Math.round(places / 2), members: Math.round(places / 2) * 18 }
}

/**
 * A county's organisations: its offices' party branches (机关党组织) and the units that serve
 * communities (包联单位); a large one has more than one branch. `县` stands for the county's name.
 */
const PARTY_ORGS = [
  '县委办公室', '县人大常委会办公室', '县政府办公室', '县政协办公室', '县纪委监委', '县委组织部', '县委宣传部', '县委统战部', '县委政法委', '县发改局',
  '县教育局', '县科技局', '县工信局', '县公安局', '县民政局', '县司法局', '县财政局', '县人社局', '县自然资源局', '县住建局',
  '县交通运输局', '县农业农村局', '县商务局', '县文旅局', '县卫健局', '县退役军人事务局', '县应急管理局', '县审计局', '县市场监管局', '县统计局',
  '县医保局', '县行政审批局', '县信访局', '县人民法院', '县人民检察院', '县总工会', '县妇联', '县科协', '县残联', '县融媒体中心',
  '县人民医院', '县中医医院', '县妇幼保健院', '县疾控中心', '县第一中学', '县第二中学', '县职业中学', '县实验小学', '县税务局', '县气象局',
]
const PAIRED_UNITS = ['县水利局', '县红十字会', '县城市管理局', '县供电公司', '县自来水公司', '县燃气公司', '县农商银行', '县邮政分公司', '县移动分公司', '县联通分公司', '县电信分公司', '县消防救援大队']

/** Where a party member of a large office is: its branches, first, second … */
const BRANCH = ['第一', '第二', '第三', '第四']

export interface SeedOrganisation {
  name: string
  kind: 'party_org' | 'paired_unit'
  regionCode: string
  communityCode: string
  reportedAt: Date
}

/**
 * `n` organisations of a county, each reported to a community (urban ones take more) at a day
 * between `from` and `to`.
 */
export function generateOrganisations(r: Rng, county: { code: string; name: string }, communities: NewRegion[], n: number, from: Date, to: Date): SeedOrganisation[] {
  const own = communities.filter((c) => c.code.startsWith(county.code.slice(0, 6)))
  const urban = own.filter((c) => isUrban(c.name))
  const named = (base: string) => base.replace(/^县/, county.name)
  const out: SeedOrganisation[] = []
  const pool = [...PAIRED_UNITS.map((b) => ({ b, kind: 'paired_unit' as const })), ...PARTY_ORGS.map((b) => ({ b, kind: 'party_org' as const }))]
  for (let i = 0; i < n; i++) {
    const { b, kind } = pool[i % pool.length]!
    const round = Math.floor(i / pool.length)
    const name = round === 0 ? (kind === 'party_org' ? `${named(b)}机关党支部` : named(b)) : `${named(b)}${BRANCH[(round - 1) % BRANCH.length]}党支部${round > BRANCH.length ? round : ''}`
    const community = r.pick(urban.length && r.chance(0.6) ? urban : own)
    out.push({ name, kind, regionCode: county.code, communityCode: community.code, reportedAt: new Date(+from + r.next() * (+to - +from)) })
  }
  return out
}

/**
 * `n` in-service party members of these organisations, each reported to the community they live
 * in (mostly near their organisation's) after their organisation did, with a post (五类岗位) and a
 * dandelion team.
 */
export function generateMembers(r: Rng, orgs: { id: number; communityCode: string | null; reportedAt: Date | null }[], communities: NewRegion[], n: number, to: Date) {
  const own = communities.filter((c) => orgs.some((o) => o.communityCode?.slice(0, 6) === c.code.slice(0, 6)))
  return Array.from({ length: n }, (_, i) => {
    const org = orgs[i % orgs.length]!
    const near = own.filter((c) => c.code.slice(0, 9) === org.communityCode!.slice(0, 9))
    const home = r.pick(near.length && r.chance(0.7) ? near : own)
    const after = +org.reportedAt!
    return {
      name: r.pick(SURNAMES) + r.pick(GIVEN),
      team: DEFAULT_CODES.team[r.int(0, 6)]!.code,
      postType: r.pick(DEFAULT_CODES.postType).code,
      partyMember: true,
      organisationId: org.id,
      communityCode: home.code,
      reportedAt: new Date(after + r.next() * Math.max(0, +to - after)),
    }
  })
}

/**
 * The volunteer roster as the seeds publish it: 夏县 built 95 professional teams with 2,580
 * volunteers (cumulative). Other counties: a team for about four villages or communities, 24
 * volunteers each.
 */
export const ROSTER: Record<string, { teams: number; volunteers: number; kind: 'professional' | 'mixed' }> = {
  '140828000000': { teams: 95, volunteers: 2580, kind: 'professional' },
}
export function rosterOf(county: string, places: number) {
  return ROSTER[county] ?? { teams: Math.round(places / 4), volunteers: Math.round(places / 4) * 24, kind: 'mixed' as const }
}

/** 七彩蒲公英 in the seed's words, by colour code: 红 党建引领 … 紫 文体活动. */
const COLOUR_WORDS: Record<string, [string, string]> = {
  red: ['红色', '党建引领'], orange: ['橙色', '医疗救助'], yellow: ['黄色', '便民利民'], green: ['绿色', '文明创建'],
  cyan: ['青色', '宣传教育'], blue: ['蓝色', '平安建设'], purple: ['紫色', '文体活动'],
}

/** `n` teams of a county, each based in one of its communities (urban ones take more), the colours in turn. */
export function generateTeams(r: Rng, county: { code: string }, communities: NewRegion[], n: number, kind: 'professional' | 'mixed') {
  const own = communities.filter((c) => c.code.startsWith(county.code.slice(0, 6)))
  const urban = own.filter((c) => isUrban(c.name))
  const colours = DEFAULT_CODES.team.map((t) => t.code)
  const names = new Set<string>()
  return Array.from({ length: n }, (_, i) => {
    const colour = colours[i % colours.length]!
    const place = r.pick(urban.length && r.chance(0.6) ? urban : own)
    const [hue, word] = COLOUR_WORDS[colour] ?? ['', '']
    let name = `${place.name}“${hue}蒲公英”${word}志愿服务队`
    for (let k = 2; names.has(`${place.code}|${name}`); k++) name = `${place.name}“${hue}蒲公英”${word}志愿服务${k}队`
    names.add(`${place.code}|${name}`)
    return { name, colour, kind: kind === 'professional' || r.chance(0.6) ? ('professional' as const) : ('social' as const), regionCode: place.code, leader: r.pick(SURNAMES) + r.pick(GIVEN) }
  })
}

/** `n` volunteers spread over the teams, each living in their team's community. */
export function generateTeamMembers(r: Rng, teams: { id: number; colour: string; regionCode: string }[], n: number) {
  return Array.from({ length: n }, (_, i) => {
    const team = teams[i % teams.length]!
    return { name: r.pick(SURNAMES) + r.pick(GIVEN), team: team.colour, teamId: team.id, postType: r.pick(DEFAULT_CODES.postType).code, partyMember: false, communityCode: team.regionCode }
  })
}

/** 吹哨派单 solved as the seeds publish them: 新绛县 232 livelihood problems since January. */
export const WHISTLES_DONE: Record<string, number> = { '140825000000': 232 }
const NEEDS = ['小区路灯维修', '楼道杂物清理', '雨污管网疏通', '健身器材更换', '小区停车秩序整治', '老旧电梯维修', '垃圾分类点改造', '背街小巷路面修补', '独居老人助餐', '楼顶防水维修']
const HOURS = 3_600_000

/**
 * A county's whistles this year: `done` solved (whistled, taken, reported done), a few taken and
 * still at work, a few waiting; most taken within the 24-hour limit, the late ones called out
 * (点名哨) when the limit passed. Each to a paired unit, for its community.
 */
export function generateWhistles(r: Rng, orgs: { id: number; communityCode: string | null; reportedAt: Date | null }[], done: number, now: Date) {
  const paired = orgs.filter((o) => o.communityCode && o.reportedAt)
  const jan1 = new Date(`${new Date(+now + 8 * HOURS).getUTCFullYear()}-01-01T00:00:00+08:00`)
  const span = Math.max(HOURS, +now - +jan1 - 2 * HOURS)
  const out = []
  const [working, waiting] = [Math.round(done * 0.08), Math.round(done * 0.03)]
  for (let i = 0; i < done + working + waiting; i++) {
    const org = paired[i % paired.length]!
    const whistledAt = new Date(+jan1 + (i < done ? r.next() * 0.9 : 0.9 + r.next() * 0.1) * span)
    const takeBy = new Date(+whistledAt + 24 * HOURS)
    const takes = i < done + working
    const takenAt = takes ? new Date(Math.min(+whistledAt + r.int(1, 30) * HOURS, +now - HOURS)) : null
    const doneAt = i < done ? new Date(Math.min(+takenAt! + r.int(1, 6) * 24 * HOURS, +now - 30 * 60_000)) : null
    out.push({
      communityCode: org.communityCode!, organisationId: org.id, title: r.pick(NEEDS), source: r.chance(0.5) ? ('list' as const) : ('manual' as const),
      status: doneAt ? ('done' as const) : takenAt ? ('taken' as const) : ('whistled' as const),
      whistledAt, takeBy, doneBy: new Date(+whistledAt + 7 * 24 * HOURS), takenAt, takenBy: takenAt ? r.pick(SURNAMES) + r.pick(GIVEN) : null, doneAt,
      report: doneAt ? '已办结，群众满意' : '', escalatedAt: (takenAt ?? now) > takeBy ? takeBy : null, createdBy: '演示数据',
    })
  }
  return out
}

/**
 * What the teams did, as the seeds publish it (cumulative): 夏县's teams collected 227 needs
 * (需求清单), served 280 times and reached 8,420 people. Other counties: three sessions a team,
 * a need for each village or community and a fifth more.
 */
export const TEAM_WORK: Record<string, { sessions: number; served: number; needs: number }> = {
  '140828000000': { sessions: 280, served: 8420, needs: 227 },
}
export function teamWorkOf(county: string, teams: number, places: number) {
  return TEAM_WORK[county] ?? { sessions: teams * 3, served: null, needs: Math.round(places * 1.2) }
}

/** 绛县's blue team (“蓝色蒲公英”平安建设): 456 disputes mediated, every one closed. */
export const BLUE_TEAM: Record<string, { disputes: number }> = { '140826000000': { disputes: 456 } }

/** What a team of each colour does (the seeds' outcomes: 宣讲, 义诊, 代办, 入户走访 …). */
const SESSION_KINDS: Record<string, string[]> = {
  red: ['publicity', 'home_visit'], orange: ['clinic'], yellow: ['errand', 'repair', 'elderly'], green: ['cleanup'],
  cyan: ['publicity', 'legal'], blue: ['patrol', 'home_visit', 'mediation'], purple: ['culture', 'market'],
}
export const SESSION_TITLES: Record<string, string> = {
  publicity: '政策宣讲', home_visit: '入户走访', clinic: '义诊进社区', errand: '代办服务', repair: '便民维修服务', elderly: '关爱空巢老人',
  cleanup: '环境整治大扫除', legal: '法律咨询进万家', patrol: '周三安全夜查', mediation: '邻里纠纷调解', culture: '广场文艺演出', market: '集日便民服务',
}

/**
 * `n` service sessions of these teams over the two years before `now`, each naming the members
 * who served (3–10 of its team, for the session's hours), the residents served adding up to
 * `served` when given.
 */
export function generateTeamSessions(r: Rng, teams: { id: number; colour: string; regionCode: string }[], members: Map<number, number[]>, communities: NewRegion[], n: number, served: number | null, now: Date, idPrefix: string) {
  const byCode = new Map(communities.map((c) => [c.code, c]))
  const sessions = []
  for (let i = 0; i < n; i++) {
    const team = teams[i % teams.length]!
    // A community's team serves there; a town's or county's team in one of its communities.
    const place = byCode.get(team.regionCode) ?? r.pick(communities.filter((c) => c.code.startsWith(prefixOf(team.regionCode))))
    const kind = r.pick(SESSION_KINDS[team.colour] ?? ['publicity'])
    const startedAt = new Date(+now - r.int(2, 730) * 24 * HOURS + r.int(-3, 3) * HOURS)
    const hours = r.int(1, 4)
    const pool = [...(members.get(team.id) ?? [])]
    const who: number[] = []
    for (let k = Math.min(pool.length, r.int(3, 10)); k > 0; k--) who.push(pool.splice(r.int(0, pool.length - 1), 1)[0]!)
    sessions.push({
      activity: {
        externalId: `HIST-TEAM-${idPrefix}${i + 1}`, team: team.colour, kind, title: `${place.name}${SESSION_TITLES[kind]}`, communityCode: place.code,
        lat: place.lat + (r.next() - 0.5) * 0.004, lng: place.lng + (r.next() - 0.5) * 0.005, startedAt, endedAt: new Date(+startedAt + hours * HOURS),
        minutes: hours * 60 * who.length, volunteers: who.length, peopleServed: r.int(15, 45), teamId: team.id,
      },
      participants: who.map((volunteerId) => ({ volunteerId, minutes: hours * 60 })),
    })
  }
  // The published total: the difference spread one person at a time.
  if (served !== null && sessions.length) {
    let left = served - sessions.reduce((s, x) => s + x.activity.peopleServed, 0)
    while (left !== 0) {
      const s = r.pick(sessions).activity
      const step = left > 0 ? 1 : s.peopleServed > 1 ? -1 : 0
      s.peopleServed += step
      left -= step
    }
  }
  return sessions
}

const NEED_TITLES = ['小区路灯维修', '楼道杂物清理', '雨污管网疏通', '健身器材更换', '停车位规划', '老旧电梯维修', '垃圾分类点改造', '独居老人助餐', '楼顶防水维修', '适老化扶手安装', '儿童四点半课堂', '便民理发']
const RESOURCE_TITLES: [string, string][] = [
  ['医', '专家义诊团队'], ['法院', '法律顾问进社区'], ['水利', '管网检修技术力量'], ['供电', '线路隐患排查'], ['红十字', '应急救护培训'],
  ['教育', '假期托管师资'], ['', '党员志愿服务队'], ['', '会议活动场地'], ['', '帮扶物资'], ['', '政策宣讲队伍'],
]

/**
 * 三张清单 of a county: `needs` needs of its communities, two resources for each of its
 * organisations, and the projects the claims made (双向认领): most needs claimed by the unit
 * paired with the community (or another of the county), most projects done, with the residents'
 * verdict.
 */
export function generateLists(r: Rng, county: { code: string }, communities: NewRegion[], orgs: { id: number; name: string; regionCode: string; communityCode: string | null }[], needs: number, now: Date) {
  const own = communities.filter((c) => c.code.startsWith(county.code.slice(0, 6)))
  const mine = orgs.filter((o) => o.regionCode === county.code)
  const day = 24 * HOURS
  const items: { key: number; row: { kind: 'need' | 'resource'; regionCode: string; communityCode: string | null; organisationId: number | null; title: string; detail: string; status: 'open' | 'claimed' | 'done'; createdAt: Date; claimedAt: Date | null; doneAt: Date | null; createdBy: string }; project: { communityCode: string; organisationId: number; createdAt: Date; doneAt: Date | null; peopleServed: number; satisfaction: string | null } | null }[] = []
  const settle = (createdAt: Date) => {
    const claimedAt = new Date(+createdAt + r.int(1, 20) * day)
    const doneAt = new Date(+claimedAt + r.int(5, 40) * day)
    const claimed = +claimedAt < +now && r.chance(0.8)
    const done = claimed && +doneAt < +now && r.chance(0.85)
    return { claimedAt: claimed ? claimedAt : null, doneAt: done ? doneAt : null }
  }
  // A claim's project: done ones with the residents served and their verdict (mostly 满意).
  const projectOf = (communityCode: string, organisationId: number, createdAt: Date, doneAt: Date | null) => ({
    communityCode, organisationId, createdAt, doneAt, peopleServed: doneAt ? r.int(5, 80) : 0,
    satisfaction: doneAt ? (r.chance(0.85) ? 'satisfied' : r.chance(0.8) ? 'neutral' : 'unsatisfied') : null,
  })
  for (let i = 0; i < needs; i++) {
    const c = r.pick(own)
    const createdAt = new Date(+now - r.int(3, 720) * day)
    const { claimedAt, doneAt } = settle(createdAt)
    const paired = mine.filter((o) => o.communityCode === c.code)
    const org = claimedAt ? (paired.length && r.chance(0.7) ? r.pick(paired) : r.pick(mine)) : null
    items.push({
      key: items.length,
      row: { kind: 'need', regionCode: c.code, communityCode: c.code, organisationId: org?.id ?? null, title: r.pick(NEED_TITLES), detail: '', status: doneAt ? 'done' : claimedAt ? 'claimed' : 'open', createdAt, claimedAt, doneAt, createdBy: '演示数据' },
      project: org ? projectOf(c.code, org.id, claimedAt!, doneAt) : null,
    })
  }
  for (const org of mine) {
    for (let k = 0; k < 2; k++) {
      const fit = RESOURCE_TITLES.filter(([w]) => w && org.name.includes(w))
      const [, title] = fit.length && k === 0 ? fit[0]! : r.pick(RESOURCE_TITLES.filter(([w]) => !w))
      const createdAt = new Date(+now - r.int(3, 720) * day)
      const { claimedAt, doneAt } = settle(createdAt)
      const c = claimedAt ? (org.communityCode && r.chance(0.6) ? own.find((x) => x.code === org.communityCode) ?? r.pick(own) : r.pick(own)) : null
      items.push({
        key: items.length,
        row: { kind: 'resource', regionCode: county.code, communityCode: c?.code ?? null, organisationId: org.id, title, detail: '', status: doneAt ? 'done' : claimedAt ? 'claimed' : 'open', createdAt, claimedAt, doneAt, createdBy: '演示数据' },
        project: c ? projectOf(c.code, org.id, claimedAt!, doneAt) : null,
      })
    }
  }
  return items
}

/** 新绛县's party members served 460 market-day sessions (集日服务); other counties one for four members. */
export const MARKET_DAYS: Record<string, number> = { '140825000000': 460 }

/**
 * `n` service sessions of in-service party members (双报到), each by two to six members of one
 * organisation in the community it reported to, over the two years before `now`: their hours
 * fill the members' 微光存折 and their organisations' 萤火能量值.
 */
export function generateMemberSessions(r: Rng, orgs: { id: number; communityCode: string | null }[], members: Map<number, number[]>, communities: NewRegion[], n: number, now: Date, idPrefix: string) {
  const byCode = new Map(communities.map((c) => [c.code, c]))
  const serving = orgs.filter((o) => o.communityCode && byCode.has(o.communityCode) && members.get(o.id)?.length)
  const out = []
  for (let i = 0; i < n && serving.length; i++) {
    const org = serving[i % serving.length]!
    const place = byCode.get(org.communityCode!)!
    const pool = [...members.get(org.id)!]
    const who: number[] = []
    for (let k = Math.min(pool.length, r.int(2, 6)); k > 0; k--) who.push(pool.splice(r.int(0, pool.length - 1), 1)[0]!)
    const startedAt = new Date(+now - r.int(2, 730) * 24 * HOURS + r.int(-2, 2) * HOURS)
    const hours = r.int(2, 4)
    out.push({
      activity: {
        externalId: `HIST-PARTY-${idPrefix}${i + 1}`, team: 'red', kind: 'market', title: `${place.name}${SESSION_TITLES.market}`, communityCode: place.code,
        lat: place.lat + (r.next() - 0.5) * 0.004, lng: place.lng + (r.next() - 0.5) * 0.005, startedAt, endedAt: new Date(+startedAt + hours * HOURS),
        minutes: hours * 60 * who.length, volunteers: who.length, peopleServed: r.int(20, 80), teamId: null,
      },
      participants: who.map((volunteerId) => ({ volunteerId, minutes: hours * 60 })),
    })
  }
  return out
}
