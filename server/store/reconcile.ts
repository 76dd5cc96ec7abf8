import { desc, eq, like, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/client'
import { publishedFigures, type PublishedFigure } from '../../db/schema'
import type { PublishedFigureCreate, ReconciliationCase, ReconciliationRow } from '../contract'
import { rate } from '../domain/counters'
import { agrees, figureDef, type FigureDef } from '../domain/reconcile'
import { prefixOf, within } from '../domain/regions'
import { addDays, isoLocal, startOfDay } from '../domain/time'
import { notFound } from '../errors'
import type { PointsStore } from './points'
import type { Registry } from './registry'

/** A window of time, [start, end). */
interface Win {
  start: Date
  end: Date
}
/** One way of counting: its words, and its value (a count's cases, when it counts cases). */
interface Way {
  key: string
  label: string
  /** What the published figure is, if this way agrees with it. */
  why: string
  value: (w: Win) => Promise<number | null>
  /** The cases it counts, for a case count: a WHERE clause over `cases`. */
  cases?: (w: Win) => SQL
}
interface Calc {
  main: Way
  others: Way[]
  /** The period-wide alternatives (年初至期末, 累计至期末) apply. */
  widen: boolean
}

const EPOCH = new Date('2000-01-01T00:00:00+08:00')
const CASE_LIST = 50

/**
 * 口径对账: the figures a centre has published, each set beside what the product computes from
 * its records for the same indicator, region and period; when they differ, the other ways of
 * counting are tried (by resolution instead of acceptance, with appeals, year to date,
 * cumulative …) and the one that agrees is named, with the cases that make the difference.
 */
export class ReconcileStore {
  constructor(
    private db: Db,
    private registry: Registry,
    private points: PointsStore,
  ) {}

  async create(input: PublishedFigureCreate, by: string, now: Date): Promise<ReconciliationRow> {
    const [row] = await this.db
      .insert(publishedFigures)
      .values({ indicator: input.indicator, regionCode: input.regionCode, periodFrom: input.from, periodTo: input.to, category: input.category ?? null, value: input.value, atLeast: input.atLeast, source: input.source, note: input.note, createdBy: by, createdAt: now })
      .returning()
    return this.reconcile(row!)
  }

  /** The published figure, or a 404 when there is none the caller's region holds. */
  async get(id: number, region: string): Promise<PublishedFigure> {
    const [row] = await this.db.select().from(publishedFigures).where(eq(publishedFigures.id, id))
    if (!row || !within(row.regionCode, region)) throw notFound(`published figure ${id}`)
    return row
  }

  async remove(id: number, region: string) {
    await this.get(id, region)
    await this.db.delete(publishedFigures).where(eq(publishedFigures.id, id))
  }

  /** Every figure published for the region or a place in it, reconciled. */
  async list(region: string): Promise<ReconciliationRow[]> {
    const rows = await this.db.select().from(publishedFigures).where(like(publishedFigures.regionCode, `${prefixOf(region)}%`)).orderBy(publishedFigures.regionCode, desc(publishedFigures.periodTo), publishedFigures.id)
    const out: ReconciliationRow[] = []
    // One at a time: each is a handful of small reads, and a long list should not take every connection.
    for (const r of rows) out.push(await this.reconcile(r))
    return out
  }

  async reconcile(f: PublishedFigure): Promise<ReconciliationRow> {
    const def = figureDef(f.indicator)!
    const w: Win = { start: startOfDay(f.periodFrom), end: startOfDay(addDays(f.periodTo, 1)) }
    const calc = this.calc(def, f)
    const ways = [calc.main, ...calc.others]
    if (calc.widen) {
      const year = startOfDay(`${f.periodTo.slice(0, 4)}-01-01`)
      if (+year !== +w.start) ways.push({ ...calc.main, key: 'year_to_date', label: '年初至期末', why: `为${f.periodTo.slice(0, 4)}年初至期末的累计数`, value: (x) => calc.main.value({ ...x, start: year }), cases: calc.main.cases && ((x) => calc.main.cases!({ ...x, start: year })) })
      ways.push({ ...calc.main, key: 'cumulative', label: '累计至期末', why: '为截至期末的历年累计数', value: (x) => calc.main.value({ ...x, start: EPOCH }), cases: calc.main.cases && ((x) => calc.main.cases!({ ...x, start: EPOCH })) })
    }
    const values = []
    for (const way of ways) values.push({ way, value: await way.value(w) })
    const computed = values[0]!.value
    const agreeing = values.find((v) => agrees(f.value, v.value, def.kind))
    const difference = computed === null ? null : Math.round((f.value - computed) * 100) / 100
    let status: ReconciliationRow['status']
    let why: string
    let cases: ReconciliationRow['cases'] = null
    const floor = f.atLeast && computed !== null && def.kind !== 'rate' && computed >= f.value
    if (floor && computed !== f.value) {
      status = 'explained'
      why = `口径不同：发布数为约数（“超${f.value}”“${f.value}余”），本系统${calc.main.label}计算为 ${fmt(computed, def)}，不少于发布数，一致`
    } else if (agreeing === values[0]) {
      status = 'match'
      why = `一致：本系统${calc.main.label}计算为 ${fmt(computed, def)}`
    } else if (agreeing) {
      status = 'explained'
      why = `口径不同：发布数${agreeing.way.why}；按「${agreeing.way.label}」本系统计算为 ${fmt(agreeing.value, def)}，与发布数一致（本系统${calc.main.label}为 ${fmt(computed, def)}）`
      // The cases one way counts and the other does not.
      if (calc.main.cases && agreeing.way.cases) cases = await this.caseDiff(calc.main.cases(w), agreeing.way.cases(w))
    } else {
      status = 'unexplained'
      const tried = values.slice(1).map((v) => `${v.way.label} ${fmt(v.value, def)}`)
      const more = computed !== null && f.value > computed
      const others = tried.length ? `其他口径（${tried.join('，')}）也不一致，` : '没有其他口径可比，'
      why =
        computed === null
          ? '本系统在此期间没有可计算的记录'
          : more
            ? `本系统的记录少 ${fmt(Math.abs(difference!), def)}：${others}差额是本系统没有的记录（如上线前的台账、其他渠道的登记）`
            : `本系统的记录多 ${fmt(Math.abs(difference!), def)}：${others}发布数所依据的记录少于本系统（可能有重复登记或发布后补录）${calc.main.cases && def.kind !== 'rate' ? '；下列为本系统计入的案件' : ''}`
      if (!more && calc.main.cases && def.kind !== 'rate') cases = await this.caseList(calc.main.cases(w))
    }
    const region = this.registry.region(f.regionCode)
    return {
      figure: {
        id: f.id, indicator: f.indicator, indicatorName: def.zh, unit: def.unit, kind: def.kind, regionCode: f.regionCode, regionName: region?.name ?? f.regionCode,
        from: f.periodFrom, to: f.periodTo, category: f.category, categoryName: f.category ? (this.registry.code('category', f.category)?.zh ?? f.category) : null,
        value: f.value, atLeast: f.atLeast, source: f.source, note: f.note, createdBy: f.createdBy, createdAt: isoLocal(f.createdAt),
      },
      computed,
      difference,
      status,
      why,
      ways: values.map((v) => ({ key: v.way.key, label: v.way.label, value: v.value, agrees: agrees(f.value, v.value, def.kind) })),
      cases,
    }
  }

  private async scalar(q: SQL): Promise<number | null> {
    const [r] = await queryRows<{ n: number | string | null }>(this.db, q)
    return r?.n === null || r?.n === undefined ? null : Number(r.n)
  }

  private async caseDiff(a: SQL, b: SQL): Promise<ReconciliationRow['cases']> {
    return this.caseList(sql`((${a}) and not (${b})) or ((${b}) and not (${a}))`, sql`case when ${a} then 'computed' else 'published' end`)
  }

  /** The cases of a WHERE clause: how many, and the first CASE_LIST (newest first); `side`: which count each is in. */
  private async caseList(where: SQL, side: SQL = sql`'computed'`): Promise<ReconciliationRow['cases']> {
    const [n] = await queryRows<{ n: number }>(this.db, sql`select count(*)::int as n from cases where ${where}`)
    const rows = await queryRows<{ id: number; external_id: string; kind: string; category: string; title: string; accepted_at: Date | string | null; resolved_at: Date | string | null; outcome: string | null; community_code: string; side: string }>(
      this.db,
      sql`select id, external_id, kind, category, title, accepted_at, resolved_at, outcome, community_code, ${side} as side from cases where ${where} order by accepted_at desc nulls last, id desc limit ${CASE_LIST}`,
    )
    const list: ReconciliationCase[] = rows.map((r) => ({
      id: r.id, externalId: r.external_id, kind: r.kind, category: r.category, title: r.title, communityName: this.registry.region(r.community_code)?.name ?? r.community_code,
      acceptedAt: r.accepted_at ? isoLocal(new Date(r.accepted_at)) : null, resolvedAt: r.resolved_at ? isoLocal(new Date(r.resolved_at)) : null, outcome: r.outcome, countedIn: r.side === 'published' ? 'published' : 'computed',
    }))
    return { total: n!.n, rows: list }
  }

  /** The ways of counting one published figure (its indicator, region, category). */
  private calc(def: FigureDef, f: PublishedFigure): Calc {
    const p = `${prefixOf(f.regionCode)}%`
    const cat = f.category ? sql` and category = ${f.category}` : sql``
    const base = sql`community_code like ${p}${cat}`
    const inWin = (col: string, w: Win) => sql`${sql.raw(col)} >= ${w.start} and ${sql.raw(col)} < ${w.end}`
    const n = (where: (w: Win) => SQL) => (w: Win) => this.scalar(sql`select count(*)::int as n from cases where ${where(w)}`).then((x) => x ?? 0)
    const caseWay = (key: string, label: string, why: string, where: (w: Win) => SQL): Way => ({ key, label, why, value: n(where), cases: where })
    const value = (q: (w: Win) => SQL) => (w: Win) => this.scalar(q(w)).then((x) => x ?? 0)
    const way = (key: string, label: string, why: string, q: (w: Win) => SQL): Way => ({ key, label, why, value: value(q) })
    const ratio = (num: (w: Win) => SQL, den: (w: Win) => SQL) => async (w: Win) => rate((await n(num)(w))!, (await n(den)(w))!)
    const rateWay = (key: string, label: string, why: string, num: (w: Win) => SQL, den: (w: Win) => SQL): Way => ({ key, label, why, value: ratio(num, den) })

    const dispute = sql` and kind = 'dispute'`
    const accepted = (w: Win, kind = dispute) => sql`${base}${kind} and ${inWin('accepted_at', w)}`
    const resolved = (w: Win, kind = dispute) => sql`${base}${kind} and ${inWin('resolved_at', w)}`
    const success = sql` and outcome = 'success'`
    const team = sql` and team_id is not null`
    const closed = sql` and status in ('resolved', 'visited', 'archived')`
    const byResolution = '按办结时间统计（本系统按受理时间）'
    const withAppeals = '含民生诉求（本系统只计矛盾纠纷）'
    const year = Number(f.periodTo.slice(0, 4))

    switch (def.key) {
      case 'disputes_accepted':
        return { main: caseWay('main', '按受理时间', '', (w) => accepted(w)), others: [caseWay('by_resolution', '按办结时间', byResolution, (w) => resolved(w)), caseWay('with_appeals', '含民生诉求', withAppeals, (w) => accepted(w, sql``))], widen: true }
      case 'disputes_resolved':
        return { main: caseWay('main', '按办结时间', '', (w) => resolved(w)), others: [caseWay('by_acceptance', '按受理时间（已办结）', '按受理时间统计其中已办结的（本系统按办结时间）', (w) => sql`${accepted(w)} and resolved_at is not null`), caseWay('with_appeals', '含民生诉求', withAppeals, (w) => resolved(w, sql``))], widen: true }
      case 'disputes_successful':
        return { main: caseWay('main', '按受理时间', '', (w) => sql`${accepted(w)}${success}`), others: [caseWay('by_resolution', '按办结时间', byResolution, (w) => sql`${resolved(w)}${success}`), caseWay('with_appeals', '含民生诉求', withAppeals, (w) => sql`${accepted(w, sql``)}${success}`)], widen: true }
      case 'success_rate':
        return {
          main: rateWay('main', '化解成功数÷受理数', '', (w) => sql`${accepted(w)}${success}`, (w) => accepted(w)),
          others: [rateWay('closed_basis', '化解成功数÷办结数（办结口径）', '按办结口径计算（期内办结中化解成功的比例）', (w) => sql`${resolved(w)}${success}`, (w) => resolved(w)), rateWay('with_appeals', '含民生诉求', withAppeals, (w) => sql`${accepted(w, sql``)}${success}`, (w) => accepted(w, sql``))],
          widen: true,
        }
      case 'team_disputes':
        return { main: caseWay('main', '按受理时间', '', (w) => sql`${accepted(w)}${team}`), others: [caseWay('by_resolution', '按办结时间', byResolution, (w) => sql`${resolved(w)}${team}`)], widen: true }
      case 'team_disputes_closed_rate':
        return { main: rateWay('main', '已办结÷调解受理数', '', (w) => sql`${accepted(w)}${team}${closed}`, (w) => sql`${accepted(w)}${team}`), others: [], widen: true }
      case 'visitors':
        return { main: way('main', '按来访人次', '', (w) => sql`select coalesce(sum(people), 0)::int as n from visits where community_code like ${p} and ${inWin('visited_at', w)}`), others: [way('visits', '按来访批次', '按来访批次统计（本系统按人次）', (w) => sql`select count(*)::int as n from visits where community_code like ${p} and ${inWin('visited_at', w)}`)], widen: true }
      case 'organisations_reported':
        return { main: way('main', '截至期末已报到', '', (w) => sql`select count(*)::int as n from organisations where community_code like ${p} and reported_at < ${w.end}`), others: [way('in_period', '期内新报到', '为期内新报到的数量（本系统按截至期末的总数）', (w) => sql`select count(*)::int as n from organisations where community_code like ${p} and ${inWin('reported_at', w)}`)], widen: false }
      case 'members_reported':
        return {
          main: way('main', '截至期末已报到', '', (w) => sql`select count(*)::int as n from volunteers where party_member and organisation_id is not null and community_code like ${p} and reported_at < ${w.end}`),
          others: [way('in_period', '期内新报到', '为期内新报到的数量（本系统按截至期末的总数）', (w) => sql`select count(*)::int as n from volunteers where party_member and organisation_id is not null and community_code like ${p} and ${inWin('reported_at', w)}`)],
          widen: false,
        }
      case 'whistles_done':
        return { main: way('main', '按办结时间', '', (w) => sql`select count(*)::int as n from whistles where community_code like ${p} and ${inWin('done_at', w)}`), others: [way('whistled', '按派单时间（含未办结）', '为期内吹哨派单的数量（含未办结；本系统按办结）', (w) => sql`select count(*)::int as n from whistles where community_code like ${p} and ${inWin('whistled_at', w)}`)], widen: true }
      case 'teams':
        // A team is counted as it stands (its row's date is when it was entered, not when it was formed).
        return { main: way('main', '现有服务队', '', () => sql`select count(*)::int as n from teams where region_code like ${p}`), others: [way('professional', '仅专业队伍', '只计专业志愿服务队（本系统计全部队伍）', () => sql`select count(*)::int as n from teams where kind = 'professional' and region_code like ${p}`)], widen: false }
      case 'volunteers':
        return { main: way('main', '服务队队员', '', () => sql`select count(*)::int as n from volunteers v join teams t on t.id = v.team_id where t.region_code like ${p}`), others: [way('all_people', '含未编队的党员', '含未编入服务队的在职党员（本系统只计服务队队员）', () => sql`select count(*)::int as n from volunteers where community_code like ${p}`)], widen: false }
      case 'team_sessions':
      case 'people_served': {
        const what = def.key === 'team_sessions' ? sql`count(*)::int` : sql`coalesce(sum(a.people_served), 0)::int`
        return {
          main: way('main', '服务队活动', '', (w) => sql`select ${what} as n from volunteer_activities a join teams t on t.id = a.team_id where t.region_code like ${p} and ${inWin('a.started_at', w)}`),
          others: [way('all_activities', '含党员服务等全部活动', '含在职党员服务等全部志愿活动（本系统只计服务队活动）', (w) => sql`select ${what} as n from volunteer_activities a where a.community_code like ${p} and ${inWin('a.started_at', w)}`)],
          widen: true,
        }
      }
      case 'market_sessions':
        return { main: way('main', '集日服务活动', '', (w) => sql`select count(*)::int as n from volunteer_activities where kind = 'market' and community_code like ${p} and ${inWin('started_at', w)}`), others: [], widen: true }
      case 'needs_listed':
        return {
          main: way('main', '需求清单', '', (w) => sql`select count(*)::int as n from list_items where kind = 'need' and region_code like ${p} and ${inWin('created_at', w)}`),
          others: [way('with_wishes', '含微心愿', '含微心愿（本系统只计需求清单）', (w) => sql`select ((select count(*) from list_items where kind = 'need' and region_code like ${p} and ${inWin('created_at', w)}) + (select count(*) from wishes where community_code like ${p} and ${inWin('collected_at', w)}))::int as n`)],
          widen: true,
        }
      case 'projects_done':
        return { main: way('main', '按完成时间', '', (w) => sql`select count(*)::int as n from list_items where kind = 'project' and region_code like ${p} and ${inWin('done_at', w)}`), others: [], widen: true }
      case 'wishes_collected':
        return { main: way('main', '按征集时间', '', (w) => sql`select count(*)::int as n from wishes where community_code like ${p} and ${inWin('collected_at', w)}`), others: [], widen: true }
      case 'wishes_fulfilled':
        return {
          main: way('main', '按实现时间', '', (w) => sql`select count(*)::int as n from wishes where community_code like ${p} and ${inWin('fulfilled_at', w)}`),
          others: [way('by_collection', '期内征集且已实现', '按征集时间统计其中已实现的（本系统按实现时间）', (w) => sql`select count(*)::int as n from wishes where fulfilled_at is not null and community_code like ${p} and ${inWin('collected_at', w)}`)],
          widen: true,
        }
      case 'awards_organisations':
      case 'awards_members': {
        const of = def.key === 'awards_organisations' ? 'organisations' : 'members'
        return { main: { key: 'main', label: `按${year}年积分规则（docs/POINTS.md）`, why: '', value: async () => (await this.points.awards(f.regionCode, year))[of].length }, others: [], widen: false }
      }
    }
    throw new Error(`no computation for ${def.key}`)
  }
}

const fmt = (v: number | null, def: FigureDef) => (v === null ? '—' : def.kind === 'rate' ? `${v.toFixed(2)}%` : `${v}${def.unit}`)
