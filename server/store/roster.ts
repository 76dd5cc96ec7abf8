import { and, eq, inArray, isNotNull, like } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { teams, volunteers, type Team } from '../../db/schema'
import type { PeopleImportResult, TeamCreate, TeamView } from '../contract'
import { levelOf, prefixOf, within } from '../domain/regions'
import { badRequest, conflict } from '../errors'
import { audit, type AuditActor } from './audit'
import { byName, checkedName, placeFinder, postFinder } from './placeNames'
import { applyRows } from './rowImport'
import type { Registry } from './registry'

/** One row of a roster CSV, by column meaning (see routes/people.ts for the headers). */
export type TeamImportRow = { line: number; name: string; colour: string; kind: string; region: string; leader: string }
export type VolunteerImportRow = { line: number; name: string; team: string; community: string; post: string; party: string }

const FORMULA = /^[=+\-@\t\r]/
const KINDS: Record<string, Team['kind']> = { 专业: 'professional', 专业队伍: 'professional', 专业志愿服务队: 'professional', professional: 'professional', 社会: 'social', 社会队伍: 'social', 社会志愿服务队: 'social', social: 'social', '': 'social' }
const PARTY = new Set(['党员', '中共党员', '是', 'y', 'yes', 'true', '1'])
const NOT_PARTY = new Set(['', '群众', '否', 'n', 'no', 'false', '0', '非党员'])
const TEAM_LEVELS = ['county', 'town', 'community']

/**
 * The volunteer roster (七彩蒲公英) written by a region's admins: teams one by one or from a CSV,
 * their volunteers from a CSV. Every row is checked first; with any problem nothing is stored;
 * the same file again changes nothing. Audited.
 */
export class RosterStore {
  constructor(
    private db: Db,
    private registry: Registry,
  ) {}

  /** A dandelion colour by its code (blue), its label (蓝色·平安建设), its hue (蓝色, 蓝) or its word (平安建设). */
  private colours() {
    const byWord = new Map<string, string>()
    for (const c of (this.registry.allCodes().team ?? []) as { code: string; zh: string }[]) {
      const [hue = '', word = ''] = c.zh.split('·')
      for (const w of [c.code, c.zh, hue, hue.replace('色', ''), word]) if (w) byWord.set(w, c.code)
    }
    return byWord
  }

  async create(input: TeamCreate, reader: string, by: AuditActor): Promise<TeamView> {
    const region = this.registry.region(input.regionCode)
    if (!region || !TEAM_LEVELS.includes(region.level)) throw badRequest('regionCode', 'the community, town or county the team is based in')
    if (!within(input.regionCode, reader)) throw badRequest('regionCode', `${region.name} is outside your region`)
    if (!this.registry.has('team', input.colour)) throw badRequest('colour', `unknown colour '${input.colour}' (GET /api/v1/codes: team)`)
    if (FORMULA.test(input.name)) throw badRequest('name', 'must not start with = + - @ (a spreadsheet would take it for a formula)')
    const row = await this.db.transaction(async (tx) => {
      const [row] = await tx.insert(teams).values({ name: input.name, colour: input.colour, kind: input.kind, regionCode: input.regionCode, leader: input.leader }).onConflictDoNothing().returning()
      if (!row) throw conflict('name', `${region.name} already has a team named ${input.name}`)
      await audit(tx, by, { action: 'team.create', target: `team:${row.id}`, regionCode: row.regionCode, after: { name: row.name, colour: row.colour, kind: row.kind, leader: row.leader } })
      return row
    })
    return { id: row.id, name: row.name, colour: row.colour, kind: row.kind, regionCode: row.regionCode, regionName: region.name, leader: row.leader, volunteers: 0, hours: 0, sessions: 0, peopleServed: 0, disputes: { handled: 0, closed: 0, rate: null } }
  }

  /** Teams from a CSV (队伍名称, 颜色, 类型, 所在地区, 队长): a team of the same place and name is updated. */
  async importTeams(rows: TeamImportRow[], reader: string, dryRun: boolean, by: AuditActor): Promise<PeopleImportResult> {
    if (!rows.length) throw badRequest('csv', 'no rows: the file has a header line and no teams')
    const problems: PeopleImportResult['problems'] = []
    const place = placeFinder(this.registry, reader)
    const colours = this.colours()
    const parsed: (typeof teams.$inferInsert & { line: number })[] = []
    const seen = new Map<string, number>()
    for (const row of rows) {
      const bad = (column: string, value: string, reason: string) => problems.push({ row: row.line, column, value: value.slice(0, 200), reason })
      const name = checkedName(row.name, 80, '队伍名称', bad)
      const colour = colours.get(row.colour.trim())
      if (!colour) bad('颜色', row.colour, '应为七彩蒲公英的一种颜色，如 红色、蓝色·平安建设')
      const kind = KINDS[row.kind.trim()]
      if (!kind) bad('类型', row.kind, '应为 专业 或 社会')
      const region = place(row.region, TEAM_LEVELS)
      if ('reason' in region) bad('所在地区', row.region, region.reason)
      const leader = row.leader.trim()
      if (leader.length > 40) bad('队长', row.leader, '至多 40 个字符')
      if (problems.some((p) => p.row === row.line)) continue
      const key = `${(region as { code: string }).code}|${name}`
      if (seen.has(key)) {
        bad('队伍名称', row.name, `与第 ${seen.get(key)} 行是同一队伍`)
        continue
      }
      seen.set(key, row.line)
      parsed.push({ line: row.line, name, colour: colour!, kind: kind!, regionCode: (region as { code: string }).code, leader })
    }
    const result: PeopleImportResult = { dryRun, rows: rows.length, created: 0, updated: 0, unchanged: 0, problems }
    if (problems.length) return result
    await this.db.transaction(async (tx) => {
      const existing = await tx.select().from(teams).where(inArray(teams.name, [...new Set(parsed.map((p) => p.name))]))
      await applyRows(tx, parsed, {
        known: new Map(existing.map((t) => [`${t.regionCode}|${t.name}`, t])),
        key: (p) => `${p.regionCode}|${p.name}`,
        same: (b, p) => b.colour === p.colour && b.kind === p.kind && b.leader === p.leader,
        insert: (fresh) => tx.insert(teams).values(fresh.map(({ line: _, ...p }) => p)),
        update: (b, p) => tx.update(teams).set({ colour: p.colour, kind: p.kind, leader: p.leader }).where(eq(teams.id, b.id)),
        result,
        audit: { by, action: 'team.import', target: `teams:${parsed.length}`, regionCode: reader },
      })
    })
    return result
  }

  /**
   * Volunteers from a CSV (姓名, 所属队伍, 居住社区, 岗位, 政治面貌): each serves in a team of the
   * region; a volunteer is known by team, name and community.
   */
  async importVolunteers(rows: VolunteerImportRow[], reader: string, dryRun: boolean, by: AuditActor): Promise<PeopleImportResult> {
    if (!rows.length) throw badRequest('csv', 'no rows: the file has a header line and no volunteers')
    const problems: PeopleImportResult['problems'] = []
    const place = placeFinder(this.registry, reader)
    const mine = await this.db.select().from(teams).where(like(teams.regionCode, `${prefixOf(reader)}%`))
    const teamsByName = byName(mine)
    const posts = postFinder(this.registry)
    const parsed: { line: number; name: string; team: Team; communityCode: string; postType: string | null; partyMember: boolean }[] = []
    const seen = new Map<string, number>()
    for (const row of rows) {
      const bad = (column: string, value: string, reason: string) => problems.push({ row: row.line, column, value: value.slice(0, 200), reason })
      const name = checkedName(row.name, 40, '姓名', bad)
      const team = teamsByName.get(row.team.trim()) ?? []
      if (team.length !== 1) bad('所属队伍', row.team, team.length ? '本地区有同名队伍，请先在队伍名单里区分' : row.team.trim() ? '本地区没有这个队伍（先导入队伍名单）' : '必填')
      const community = place(row.community, ['community'])
      if ('reason' in community) bad('居住社区', row.community, community.reason)
      else if (team.length === 1 && levelOf(team[0]!.regionCode) !== 'community' && !within(community.code, team[0]!.regionCode)) bad('居住社区', row.community, '不在队伍所在地区')
      const post = posts.find(row.post)
      if (post === undefined) bad('岗位', row.post, `应为 ${posts.words} 之一`)
      const party = row.party.trim().toLowerCase()
      if (!PARTY.has(party) && !NOT_PARTY.has(party)) bad('政治面貌', row.party, '应为 党员 或 群众（可空）')
      if (problems.some((p) => p.row === row.line)) continue
      const key = `${team[0]!.id}|${name}|${(community as { code: string }).code}`
      if (seen.has(key)) {
        bad('姓名', row.name, `与第 ${seen.get(key)} 行是同一人`)
        continue
      }
      seen.set(key, row.line)
      parsed.push({ line: row.line, name, team: team[0]!, communityCode: (community as { code: string }).code, postType: post ?? null, partyMember: PARTY.has(party) })
    }
    const result: PeopleImportResult = { dryRun, rows: rows.length, created: 0, updated: 0, unchanged: 0, problems }
    if (problems.length) return result
    await this.db.transaction(async (tx) => {
      const ids = [...new Set(parsed.map((p) => p.team.id))]
      const existing = await tx.select().from(volunteers).where(and(isNotNull(volunteers.teamId), inArray(volunteers.teamId, ids)))
      await applyRows(tx, parsed, {
        known: new Map(existing.map((v) => [`${v.teamId}|${v.name}|${v.communityCode}`, v])),
        key: (p) => `${p.team.id}|${p.name}|${p.communityCode}`,
        same: (b, p) => b.partyMember === p.partyMember && (p.postType === null || b.postType === p.postType),
        insert: (fresh) => tx.insert(volunteers).values(fresh.map((p) => ({ name: p.name, team: p.team.colour, teamId: p.team.id, postType: p.postType, partyMember: p.partyMember, communityCode: p.communityCode }))),
        update: (b, p) => tx.update(volunteers).set({ partyMember: p.partyMember, ...(p.postType ? { postType: p.postType } : {}) }).where(eq(volunteers.id, b.id)),
        result,
        audit: { by, action: 'volunteer.import', target: `volunteers:${parsed.length}`, regionCode: reader },
      })
    })
    return result
  }
}
