import type { NewRegion } from '../schema'
import { DEFAULT_CODES } from '../../server/domain/codes'
import { isUrban } from '../../server/domain/regions'
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
