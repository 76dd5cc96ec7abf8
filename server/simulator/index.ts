import { rng, type Rng } from '../../db/seed/random'
import { ACTIVITY_TITLES, CASE_TITLES, CLOSING_LEVEL_WEIGHTS, TEAM_KINDS, UNITS_BY_CATEGORY, WISH_TITLES } from '../../db/seed/vocabulary'
import { handlingLevel, levelRank } from '../domain/levels'
import { demoUnitName } from '../../db/seed/units'
import type { CaseSummary, NoticeView, WishSummary } from '../contract'
import { isoLocal } from '../domain/time'
import { isUrban } from '../domain/regions'

interface Options {
  baseUrl: string
  /** Changes per second. */
  rate: number
  seed?: number
  /** Ingest keys by source: the outside systems it plays report and progress cases with these. */
  keys: Record<string, string>
  /** The person at the duty desk it plays, for what only people do (issuing supervision notices). */
  account: { username: string; password: string }
  /** Stamp for external ids, so two runs never collide. */
  runId?: string
}

interface RegionRow { code: string; name: string; level: string; parentCode: string | null }

/**
 * The demo's outside world: it reports cases, moves them through their life cycle, records
 * volunteer activity and wishes, through the public API like any other system.
 */
export class Simulator {
  private r: Rng
  private timer: NodeJS.Timeout | null = null
  private places: RegionRow[] = []
  private urban: RegionRow[] = []
  private communities: RegionRow[] = []
  private names = new Map<string, string>()
  private categories: string[] = []
  private wishes: WishSummary[] = []
  private n = 0
  private busy = false
  readonly runId: string
  errors = 0

  constructor(private opts: Options) {
    this.r = rng(opts.seed ?? Date.now())
    this.runId = opts.runId ?? Date.now().toString(36)
  }

  private session: Record<string, string> = {}

  /** The sources it reports from: one ingest key each, as each outside system has its own. */
  static readonly SOURCES = ['visit', 'grid_daily', 'grid_special', 'hotline', 'online', 'wishbox'] as const

  /** Logs in like a person at the duty desk (sessions expire: on a 401 it logs in again). */
  private async login() {
    const { username, password } = this.opts.account
    const res = await fetch(`${this.opts.baseUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
    if (res.status !== 201) throw new Error(`simulator login as ${username}: ${res.status}`)
    const { csrfToken } = (await res.json()) as { csrfToken: string }
    this.session = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken }
  }

  /** Calls the API as the outside system `as` (its ingest key), or as the duty user ('duty'). */
  private async call<T>(method: string, path: string, body?: unknown, as = 'grid_daily', retry = true): Promise<T> {
    const auth = as === 'duty' ? this.session : { authorization: `Bearer ${this.opts.keys[as]}` }
    const res = await fetch(this.opts.baseUrl + path, {
      method,
      headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    if (res.status === 401 && as === 'duty' && retry) {
      await this.login()
      return this.call(method, path, body, as, false)
    }
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }

  start() {
    if (this.timer) return
    const tick = async () => {
      if (this.busy) return
      this.busy = true
      try {
        await this.step()
      } catch (e) {
        if (++this.errors % 20 === 1) console.warn(`simulator: ${(e as Error).message}`)
      } finally {
        this.busy = false
      }
    }
    this.timer = setInterval(tick, Math.max(1, 1000 / this.opts.rate))
  }

  stop() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private async loadRegions() {
    const all = await this.call<RegionRow[]>('GET', '/api/v1/regions')
    this.communities = all.filter((x) => x.level === 'community')
    this.names = new Map(all.map((x) => [x.code, x.name]))
    this.places = all.filter((x) => x.level === 'grid' || x.level === 'community')
    const urban = new Set(this.communities.filter((c) => isUrban(c.name)).map((c) => c.code))
    this.urban = this.places.filter((p) => urban.has(p.code.slice(0, 12)))
    const codes = await this.call<{ category: { code: string }[] }>('GET', '/api/v1/codes')
    this.categories = codes.category.map((c) => c.code).filter((c) => CASE_TITLES[c])
  }

  /** One change: mostly new cases and their progress, sometimes activity and wishes. */
  async step() {
    if (!this.places.length) await this.loadRegions()
    const what = this.r.weighted([['case', 38], ['progress', 36], ['supervision', 4], ['activity', 12], ['wish', 6], ['visit', 4]] as const)
    if (what === 'case') await this.newCase()
    else if (what === 'progress') await this.progress()
    else if (what === 'supervision') await this.supervision()
    else if (what === 'activity') await this.activity()
    else if (what === 'visit') await this.visit()
    else await this.wish()
  }

  async newCase() {
    const r = this.r
    // Urban communities (社区) report most cases.
    const pool = r.chance(0.6) ? this.urban : this.places
    const place = r.pick(pool.length ? pool : this.places)
    const category = r.pick(this.categories)
    const scale = r.weighted([['individual', 92], ['group', 6], ['major_group', 2]] as const)
    const now = Date.now()
    const source = r.pick(Simulator.SOURCES)
    return this.call<CaseSummary>('POST', '/api/v1/cases', {
      externalId: `SIM-${this.runId}-${++this.n}`,
      source,
      kind: r.chance(0.7) ? 'dispute' : 'appeal',
      category,
      regionCode: place.code,
      title: `${this.placeName(place)}${r.pick(CASE_TITLES[category]!)}`,
      description: '群众反映情况，网格员已登记。',
      peopleInvolved: scale === 'individual' ? r.int(1, 3) : r.int(5, 30),
      scale,
      riskLevel: r.weighted([['low', 80], ['medium', 17], ['high', 3]] as const),
      reportedAt: isoLocal(now - r.int(1, 20) * 60_000),
      acceptedAt: isoLocal(now),
    }, source)
  }

  private placeName(p: RegionRow) {
    if (p.level === 'grid' && p.name.includes('网格')) return this.communities.find((c) => c.code === p.parentCode)?.name ?? ''
    return p.name
  }

  async progress() {
    const open = await this.call<CaseSummary[]>('GET', '/api/v1/cases?open=true&limit=60')
    if (!open.length) return this.newCase()
    const c = this.r.pick(open)
    // No `at`: the server stamps the action when it receives it. A time of our own, to the
    // second, could fall before a change the server recorded earlier in that same second.
    const at = undefined
    const actor = '模拟网格员'
    const path = `/api/v1/cases/${c.id}/transitions`
    // The system that reported a case moves it along; the duty desk moves the others.
    const as = c.source in this.opts.keys ? c.source : 'duty'
    if (c.status === 'reported') return this.call('POST', path, { action: 'accept', at, actor }, as)
    if (c.status === 'accepted' && this.r.chance(0.4)) {
      // To a unit of the demo's directory, by name (a real system would send the unitId it knows).
      const u = this.r.pick(UNITS_BY_CATEGORY[c.category] ?? [{ level: 'town' as const, suffix: '综治中心' }])
      return this.call('POST', path, { action: 'dispatch', at, actor, unit: demoUnitName(this.names, u.level, u.suffix, c.communityCode).name }, as)
    }
    // Now and then a mediation fails or the party comes back: repeated failure turns a case red.
    if (this.r.chance(0.08)) return this.call('POST', path, { action: this.r.chance(0.5) ? 'fail' : 'revisit', at, actor }, as)
    const outcome = this.r.weighted([['success', 96], ['failed', 2], ['litigation', 2]] as const)
    // The ladder: closed where it was escalated to or above; now and then escalated (上报) first.
    const drawn = this.r.weighted(CLOSING_LEVEL_WEIGHTS(c.complexity))
    const level = levelRank(drawn) < levelRank(c.escalatedLevel) ? c.escalatedLevel! : drawn
    if (levelRank(level) > levelRank(handlingLevel(c)) && this.r.chance(0.5)) return this.call('POST', path, { action: 'report_up', at, actor, to: level }, as)
    return this.call('POST', path, { action: 'resolve', at, actor, outcome, level }, as)
  }

  /** Units answer most open notices; the centre supervises a dispatched case now and then. */
  async supervision() {
    const open = await this.call<NoticeView[]>('GET', '/api/v1/notices?open=true&limit=50')
    if (open.length && this.r.chance(0.7)) {
      const n = this.r.pick(open)
      return this.call('POST', `/api/v1/notices/${n.id}/answer`, { answeredBy: n.unit, answer: '已按要求处理，现场已核实。' })
    }
    const cases = (await this.call<CaseSummary[]>('GET', '/api/v1/cases?open=true&limit=60')).filter((c) => c.assignedUnit && c.supervisionLevel === 0)
    if (!cases.length) return
    return this.call('POST', `/api/v1/cases/${this.r.pick(cases).id}/notices`, { issuedBy: '县综治中心', note: '请限期办结并反馈。' }, 'duty')
  }

  /**
   * 来访登记 at the duty desk: people at the window about a new matter, or again about one still
   * open in their community (a third visit on it within the window turns it red: 重复访).
   */
  async visit() {
    const r = this.r
    const c = r.pick(this.urban.length && r.chance(0.6) ? this.communities.filter((x) => this.urban.some((u) => u.code.startsWith(x.code.slice(0, 12)))) : this.communities)
    const people = r.weighted([[1, 70], [2, 20], [3, 6], [6, 4]] as const)
    const who = { name: `${r.pick(['王', '李', '张', '刘', '陈', '杨'])}${r.pick(['建国', '秀英', '志强', '丽华', '文明', '桂兰'])}`, phone: `13${r.int(100_000_000, 999_999_999)}` }
    const open = r.chance(0.3) ? (await this.call<CaseSummary[]>('GET', `/api/v1/cases?open=true&limit=20&region=${c.code}`, undefined, 'duty')).filter((x) => x.communityCode === c.code) : []
    if (open.length) {
      const matter = r.pick(open)
      return this.call('POST', '/api/v1/visits', { communityCode: c.code, people, ...who, purpose: `再次反映：${matter.title}`, caseId: matter.id }, 'duty')
    }
    const category = r.pick(this.categories)
    const title = `${c.name}${r.pick(CASE_TITLES[category]!)}`
    return this.call('POST', '/api/v1/visits', { communityCode: c.code, people, ...who, purpose: `来访反映${title}`, newCase: { kind: r.chance(0.7) ? 'dispute' : 'appeal', category, title } }, 'duty')
  }

  async activity() {
    const r = this.r
    const team = r.pick(Object.keys(TEAM_KINDS))
    const kind = r.pick(TEAM_KINDS[team]!)
    const c = r.pick(this.communities)
    const end = Date.now()
    return this.call('POST', '/api/v1/volunteer-activities', {
      externalId: `SIM-${this.runId}-A${++this.n}`, team, kind, title: `${c.name}${ACTIVITY_TITLES[kind]}`,
      communityCode: c.code, startedAt: isoLocal(end - r.int(1, 3) * 3600_000), endedAt: isoLocal(end),
      volunteers: r.int(3, 12), peopleServed: r.int(5, 50),
    })
  }

  async wish() {
    const r = this.r
    const at = isoLocal(Date.now())
    const next = this.wishes.find((w) => w.status !== 'fulfilled')
    if (next && r.chance(0.6)) {
      const body = next.status === 'collected' ? { action: 'claim', at, organisation: r.pick(['县水利局', '县红十字会', '县住建局', '县供电公司']) } : { action: 'fulfil', at }
      const updated = await this.call<WishSummary>('POST', `/api/v1/wishes/${next.id}/transitions`, body)
      this.wishes = this.wishes.filter((w) => w.id !== next.id)
      if (updated.status !== 'fulfilled') this.wishes.push(updated)
      return
    }
    const c = r.pick(this.communities)
    const w = await this.call<WishSummary>('POST', '/api/v1/wishes', {
      externalId: `SIM-${this.runId}-W${++this.n}`, channel: r.pick(['visit_day', 'online', 'box']), communityCode: c.code,
      title: r.pick(WISH_TITLES), collectedAt: at,
    })
    this.wishes.push(w)
    if (this.wishes.length > 50) this.wishes.shift()
  }
}
