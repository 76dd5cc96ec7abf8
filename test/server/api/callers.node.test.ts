/**
 * Every route of docs/openapi.json, called by every kind of caller: each gets the documented
 * answer, and a refused call changes nothing. A route missing from ROUTES fails the suite, so a
 * new route cannot ship without saying who may call it.
 */
import { readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import { api, COMMUNITY, loginHeaders, newCase, startTestApp, type TestApp } from '../../helpers/app'

const CALLERS = ['none', 'revokedKey', 'screen', 'leader', 'countyDuty', 'townDuty', 'otherSourceKey', 'mustChange', 'cookieNoCsrf'] as const
type Caller = (typeof CALLERS)[number]
/** 'ok': let through (2xx, or 409 when an earlier allowed call already changed the record). */
type Answer = 'ok' | 401 | 403
type Expect = Record<Caller, Answer>

const openapi = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> }

/** Who may call what: the access classes of docs/API.md. */
const PUBLIC: Expect = { none: 'ok', revokedKey: 401, screen: 'ok', leader: 'ok', countyDuty: 'ok', townDuty: 'ok', otherSourceKey: 'ok', mustChange: 'ok', cookieNoCsrf: 'ok' }
/** Reading the county (the town user is outside it). */
const READ_COUNTY: Expect = { none: 401, revokedKey: 401, screen: 'ok', leader: 'ok', countyDuty: 'ok', townDuty: 403, otherSourceKey: 'ok', mustChange: 403, cookieNoCsrf: 'ok' }
const REVIEW_COUNTY: Expect = { ...READ_COUNTY, screen: 403, otherSourceKey: 403 }
/** Writing a report of the hotline in 龙湖社区 (town 140825400). */
const FEED_HOTLINE: Expect = { none: 401, revokedKey: 401, screen: 403, leader: 403, countyDuty: 'ok', townDuty: 403, otherSourceKey: 403, mustChange: 403, cookieNoCsrf: 403 }
const FEED_ANY_WRITER: Expect = { ...FEED_HOTLINE, otherSourceKey: 'ok' }
const SUPERVISE: Expect = { ...FEED_HOTLINE }
const ANSWER: Expect = { ...FEED_HOTLINE, otherSourceKey: 'ok' }
const ADMIN_ONLY: Expect = { ...FEED_HOTLINE, countyDuty: 403 }
/** 口径对账's figures: written by the centre's admins and leaders. */
const ADMIN_LEADER: Expect = { ...ADMIN_ONLY, leader: 'ok' }

let t: TestApp
const as = {} as Record<Caller, Record<string, string>>
const ids = { case: 0, notice: 0, wish: 0, otherWish: 0, org: 0, orgCommunity: '', whistle: 0, need: 0, project: 0, figure: 0 }
beforeAll(async () => {
  t = await startTestApp()
  const { accounts } = t.app.ctx
  for (const [username, role, region] of [['leader1', 'leader', '140825000000'], ['county-duty', 'duty', '140825000000'], ['longxing', 'duty', '140825100000']] as const) {
    await accounts.createUser({ username, displayName: username, role, regionCode: region, password: `${username}-password` })
  }
  const fresh = await accounts.createUser({ username: 'fresh', displayName: '新人', role: 'duty', regionCode: '140825000000' })
  const revoked = await accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: '140825000000' })
  await accounts.revokeKey(revoked.key.id, new Date())
  const hotline = await accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: '140825000000' })
  const grid = await accounts.createKey({ kind: 'ingest', name: 'grid_daily', regionCode: '140825000000' })
  const screen = await accounts.createKey({ kind: 'screen', name: '大屏', regionCode: '140825000000' })
  const countyDuty = await loginHeaders(t.url, 'county-duty', 'county-duty-password')
  Object.assign(as, {
    none: {},
    revokedKey: { authorization: `Bearer ${revoked.secret}` },
    screen: { authorization: `Bearer ${screen.secret}` },
    leader: await loginHeaders(t.url, 'leader1', 'leader1-password'),
    countyDuty,
    townDuty: await loginHeaders(t.url, 'longxing', 'longxing-password'),
    otherSourceKey: { authorization: `Bearer ${grid.secret}` },
    mustChange: await loginHeaders(t.url, 'fresh', fresh.password),
    cookieNoCsrf: { cookie: countyDuty.cookie! },
  })
  const hot = { authorization: `Bearer ${hotline.secret}` }
  ids.case = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }), undefined, hot)).body.id
  await api(t.url, 'POST', `/api/v1/cases/${ids.case}/transitions`, { action: 'dispatch', unit: '新绛县城市管理局' }, undefined, hot)
  ids.notice = (await api(t.url, 'POST', `/api/v1/cases/${ids.case}/notices`, {})).body.id
  ids.wish = (await api(t.url, 'POST', '/api/v1/wishes', { externalId: 'W-M', channel: 'box', communityCode: COMMUNITY, title: '修路灯', collectedAt: '2026-11-24T09:00:00+08:00' }, undefined, hot)).body.id
  // A paired unit outside 龙兴镇 (the town desk's), and a whistle to it.
  const [org] = await queryRows<{ id: number; community_code: string }>(t.app.ctx.db, sql`select id, community_code from organisations where reported_at is not null and community_code not like '140825100%' order by id limit 1`)
  Object.assign(ids, { org: org!.id, orgCommunity: org!.community_code })
  ids.whistle = (await api(t.url, 'POST', '/api/v1/whistles', { communityCode: ids.orgCommunity, organisationId: ids.org, title: '路灯不亮' })).body.id
  ids.need = (await api(t.url, 'POST', '/api/v1/lists', { kind: 'need', communityCode: COMMUNITY, title: '楼道扶手' })).body.id
  const claimed = (await api(t.url, 'POST', '/api/v1/lists', { kind: 'need', communityCode: COMMUNITY, title: '路灯' })).body.id
  ids.project = (await api(t.url, 'POST', `/api/v1/lists/${claimed}/claim`, { organisationId: ids.org })).body.project.id
  ids.figure = (await api(t.url, 'POST', '/api/v1/published-figures', { indicator: 'disputes_accepted', regionCode: '140825000000', from: '2026-10-01', to: '2026-12-31', value: 1, source: '季度通报' })).body.figure.id
})
afterAll(async () => {
  await t.close()
})

let n = 0
const q = '?region=140825000000'
/** Each route: a sample call (path with ids, body) and who gets what. */
const ROUTES: Record<string, { path: () => string; body?: () => unknown; expect: Expect; answer?: (r: { status: number; body: any }) => number }> = {
  'get /healthz': { path: () => '/healthz', expect: { ...PUBLIC, revokedKey: 'ok' } },
  'post /api/v1/session': { path: () => '/api/v1/session', body: () => ({ username: `nobody-${++n}`, password: 'wrong-password' }), expect: { none: 401, revokedKey: 401, screen: 401, leader: 401, countyDuty: 401, townDuty: 401, otherSourceKey: 401, mustChange: 401, cookieNoCsrf: 401 } },
  'get /api/v1/session': { path: () => '/api/v1/session', expect: { none: 401, revokedKey: 401, screen: 401, leader: 'ok', countyDuty: 'ok', townDuty: 'ok', otherSourceKey: 401, mustChange: 'ok', cookieNoCsrf: 'ok' } },
  'post /api/v1/session/password': { path: () => '/api/v1/session/password', body: () => ({ current: 'not-the-password', next: 'a-new-long-password' }), expect: { none: 401, revokedKey: 401, screen: 401, leader: 403, countyDuty: 403, townDuty: 403, otherSourceKey: 401, mustChange: 403, cookieNoCsrf: 403 } },
  'get /api/v1/codes': { path: () => '/api/v1/codes', expect: PUBLIC },
  'get /api/v1/regions': { path: () => '/api/v1/regions?level=town', expect: PUBLIC },
  'get /api/v1/regions/home': { path: () => '/api/v1/regions/home', expect: { ...READ_COUNTY, townDuty: 'ok' } },
  'get /api/v1/geo/{code}': { path: () => '/api/v1/geo/140825000000', expect: PUBLIC },
  'get /api/v1/cases': { path: () => `/api/v1/cases${q}`, expect: READ_COUNTY },
  'post /api/v1/cases': { path: () => '/api/v1/cases', body: () => newCase({ regionCode: COMMUNITY }), expect: FEED_HOTLINE },
  // A batch is answered 200 with one answer per report: the report's answer is what counts.
  'post /api/v1/cases:batch': { path: () => '/api/v1/cases:batch', body: () => ({ cases: [newCase({ regionCode: COMMUNITY })] }), expect: FEED_HOTLINE, answer: (r) => (r.status === 200 ? r.body.results[0].status : r.status) },
  'get /api/v1/cases/{id}': { path: () => `/api/v1/cases/${ids.case}`, expect: READ_COUNTY },
  'post /api/v1/cases/{id}/transitions': { path: () => `/api/v1/cases/${ids.case}/transitions`, body: () => ({ action: 'note', note: '电话回访，当事人情绪稳定' }), expect: FEED_HOTLINE },
  'get /api/v1/cases/{id}/notices': { path: () => `/api/v1/cases/${ids.case}/notices`, expect: READ_COUNTY },
  'post /api/v1/cases/{id}/notices': { path: () => `/api/v1/cases/${ids.case}/notices`, body: () => ({ note: '请限期办结' }), expect: SUPERVISE },
  'get /api/v1/notices': { path: () => `/api/v1/notices${q}`, expect: READ_COUNTY },
  'post /api/v1/notices/{id}/answer': { path: () => `/api/v1/notices/${ids.notice}/answer`, body: () => ({ answer: '已处理' }), expect: ANSWER },
  'post /api/v1/notices/{id}/escalate': { path: () => `/api/v1/notices/${ids.notice}/escalate`, body: () => ({ note: '逾期未复' }), expect: SUPERVISE },
  'get /api/v1/warning-rules': { path: () => '/api/v1/warning-rules', expect: { ...READ_COUNTY, townDuty: 'ok' } },
  'put /api/v1/warning-rules': { path: () => '/api/v1/warning-rules', body: () => ({ groupSize: 5 }), expect: ADMIN_ONLY },
  // /admin: none of these callers is an admin (test/server/admin covers the admins).
  'get /api/v1/admin/users': { path: () => '/api/v1/admin/users', expect: ADMIN_ONLY },
  'post /api/v1/admin/users': { path: () => '/api/v1/admin/users', body: () => ({ username: `m-${++n}`, displayName: '矩阵', role: 'duty', regionCode: '140825000000' }), expect: ADMIN_ONLY },
  'patch /api/v1/admin/users/{id}': { path: () => '/api/v1/admin/users/1', body: () => ({ role: 'admin' }), expect: ADMIN_ONLY },
  'post /api/v1/admin/users/{id}/disable': { path: () => '/api/v1/admin/users/1/disable', expect: ADMIN_ONLY },
  'post /api/v1/admin/users/{id}/enable': { path: () => '/api/v1/admin/users/1/enable', expect: ADMIN_ONLY },
  'post /api/v1/admin/users/{id}/reset-password': { path: () => '/api/v1/admin/users/1/reset-password', expect: ADMIN_ONLY },
  'get /api/v1/admin/keys': { path: () => '/api/v1/admin/keys', expect: ADMIN_ONLY },
  'post /api/v1/admin/keys': { path: () => '/api/v1/admin/keys', body: () => ({ kind: 'screen', name: '矩阵大屏', regionCode: '140825000000' }), expect: ADMIN_ONLY },
  'post /api/v1/admin/keys/{id}/revoke': { path: () => '/api/v1/admin/keys/1/revoke', expect: ADMIN_ONLY },
  'post /api/v1/admin/rules/preview': { path: () => '/api/v1/admin/rules/preview', body: () => ({ groupSize: 4 }), expect: ADMIN_ONLY },
  'get /api/v1/units': { path: () => `/api/v1/units?for=${COMMUNITY}`, expect: REVIEW_COUNTY },
  'post /api/v1/imports': { path: () => '/api/v1/imports', body: () => ({ name: '矩阵.csv', file: Buffer.from('受理编号,登记时间,所属村社区,纠纷类别,事由\n').toString('base64') }), expect: ADMIN_ONLY },
  'get /api/v1/imports': { path: () => '/api/v1/imports', expect: ADMIN_ONLY },
  'get /api/v1/imports/{id}': { path: () => '/api/v1/imports/1', expect: ADMIN_ONLY },
  'post /api/v1/imports/{id}/start': { path: () => '/api/v1/imports/1/start', expect: ADMIN_ONLY, answer: (res) => (res.status === 400 ? 409 : res.status) },
  'get /api/v1/imports/{id}/problems.xlsx': { path: () => '/api/v1/imports/1/problems.xlsx', expect: ADMIN_ONLY },
  'get /api/v1/admin/webhooks': { path: () => '/api/v1/admin/webhooks', expect: ADMIN_ONLY },
  'post /api/v1/admin/webhooks': { path: () => '/api/v1/admin/webhooks', body: () => ({ name: '矩阵', regionCode: '140825000000', url: 'http://127.0.0.1:9/hook', events: ['red_flag'] }), expect: ADMIN_ONLY },
  'post /api/v1/admin/webhooks/{id}/disable': { path: () => '/api/v1/admin/webhooks/1/disable', expect: ADMIN_ONLY },
  'post /api/v1/admin/webhooks/{id}/enable': { path: () => '/api/v1/admin/webhooks/1/enable', expect: ADMIN_ONLY },
  'post /api/v1/admin/webhooks/{id}/test': { path: () => '/api/v1/admin/webhooks/1/test', expect: ADMIN_ONLY },
  'get /api/v1/admin/webhooks/{id}/deliveries': { path: () => '/api/v1/admin/webhooks/1/deliveries', expect: ADMIN_ONLY },
  'get /api/v1/admin/units': { path: () => '/api/v1/admin/units', expect: ADMIN_ONLY },
  'post /api/v1/admin/units': { path: () => '/api/v1/admin/units', body: () => ({ name: `矩阵单位${++n}`, regionCode: '140825000000' }), expect: ADMIN_ONLY },
  'patch /api/v1/admin/units/{id}': { path: () => '/api/v1/admin/units/1', body: () => ({ contactName: '矩阵' }), expect: ADMIN_ONLY },
  'post /api/v1/admin/units/{id}/disable': { path: () => '/api/v1/admin/units/1/disable', expect: ADMIN_ONLY },
  'post /api/v1/admin/units/{id}/enable': { path: () => '/api/v1/admin/units/1/enable', expect: ADMIN_ONLY },
  'post /api/v1/admin/units/import': { path: () => '/api/v1/admin/units/import', body: () => ({ csv: '名称,所属地区\n矩阵导入单位,龙兴镇\n', dryRun: true }), expect: ADMIN_ONLY },
  // Counts only: a wall reads them too.
  'get /api/v1/people/double-reporting': { path: () => `/api/v1/people/double-reporting${q}`, expect: { ...REVIEW_COUNTY, screen: 'ok' } },
  'get /api/v1/people/roster': { path: () => `/api/v1/people/roster${q}`, expect: { ...REVIEW_COUNTY, screen: 'ok' } },
  'get /api/v1/teams': { path: () => `/api/v1/teams${q}&colour=blue`, expect: REVIEW_COUNTY },
  // A team outside the town's region is unknown to its desk.
  'get /api/v1/teams/{id}/members': { path: () => '/api/v1/teams/1/members', expect: REVIEW_COUNTY, answer: (res) => (res.status === 404 ? 403 : res.status) },
  'post /api/v1/whistles': { path: () => '/api/v1/whistles', body: () => ({ communityCode: ids.orgCommunity, organisationId: ids.org, title: '矩阵吹哨' }), expect: SUPERVISE },
  'get /api/v1/whistles': { path: () => `/api/v1/whistles${q}`, expect: REVIEW_COUNTY },
  'get /api/v1/whistles/funnel': { path: () => `/api/v1/whistles/funnel${q}`, expect: { ...REVIEW_COUNTY, screen: 'ok' } },
  // A whistle outside the town desk's region is unknown to it.
  'post /api/v1/whistles/{id}/take': { path: () => `/api/v1/whistles/${ids.whistle}/take`, body: () => ({ by: '王主任' }), expect: ANSWER, answer: (res) => (res.status === 404 ? 403 : res.status) },
  'post /api/v1/whistles/{id}/done': { path: () => `/api/v1/whistles/${ids.whistle}/done`, body: () => ({ report: '已修复' }), expect: ANSWER, answer: (res) => (res.status === 404 ? 403 : res.status) },
  'post /api/v1/lists': { path: () => '/api/v1/lists', body: () => ({ kind: 'need', communityCode: COMMUNITY, title: `矩阵需求${++n}` }), expect: FEED_ANY_WRITER },
  'get /api/v1/lists': { path: () => `/api/v1/lists${q}`, expect: { ...READ_COUNTY, screen: 403 } },
  'get /api/v1/lists/summary': { path: () => `/api/v1/lists/summary${q}`, expect: READ_COUNTY },
  'get /api/v1/lists/council': { path: () => `/api/v1/lists/council?community=${COMMUNITY}`, expect: { ...READ_COUNTY, screen: 403 } },
  // A need outside the town desk's region is unknown to it.
  'post /api/v1/lists/{id}/claim': { path: () => `/api/v1/lists/${ids.need}/claim`, body: () => ({ organisationId: ids.org }), expect: ANSWER, answer: (res) => (res.status === 404 ? 403 : res.status) },
  'post /api/v1/lists/{id}/done': { path: () => `/api/v1/lists/${ids.project}/done`, body: () => ({ report: '已完成', satisfaction: 'satisfied' }), expect: ANSWER, answer: (res) => (res.status === 404 ? 403 : res.status) },
  'get /api/v1/people/activity': { path: () => `/api/v1/people/activity${q}`, expect: { ...REVIEW_COUNTY, screen: 'ok' } },
  'get /api/v1/people/points': { path: () => `/api/v1/people/points${q}`, expect: { ...REVIEW_COUNTY, screen: 'ok' } },
  'get /api/v1/people/awards': { path: () => `/api/v1/people/awards${q}&format=csv`, expect: REVIEW_COUNTY },
  'post /api/v1/admin/teams': { path: () => '/api/v1/admin/teams', body: () => ({ name: `矩阵队伍${++n}`, colour: 'red', kind: 'social', regionCode: COMMUNITY }), expect: ADMIN_ONLY },
  'post /api/v1/admin/teams/import': { path: () => '/api/v1/admin/teams/import', body: () => ({ csv: `队伍名称,颜色,所在地区\n矩阵导入队,红色,${COMMUNITY}\n`, dryRun: true }), expect: ADMIN_ONLY },
  'post /api/v1/admin/volunteers/import': { path: () => '/api/v1/admin/volunteers/import', body: () => ({ csv: '姓名,所属队伍,居住社区\n矩阵,没有的队,龙湖社区\n', dryRun: true }), expect: ADMIN_ONLY, answer: (res) => (res.status === 422 ? 200 : res.status) },
  'get /api/v1/trends': { path: () => `/api/v1/trends${q}`, expect: READ_COUNTY },
  'get /api/v1/organisations': { path: () => `/api/v1/organisations${q}`, expect: REVIEW_COUNTY },
  'post /api/v1/admin/organisations': { path: () => '/api/v1/admin/organisations', body: () => ({ name: `矩阵组织${++n}`, kind: 'party_org', regionCode: '140825000000' }), expect: ADMIN_ONLY },
  'post /api/v1/admin/organisations/{id}/report': { path: () => '/api/v1/admin/organisations/1/report', body: () => ({ communityCode: COMMUNITY }), expect: ADMIN_ONLY },
  'post /api/v1/admin/organisations/import': { path: () => '/api/v1/admin/organisations/import', body: () => ({ csv: '名称,类型\n矩阵导入组织,机关党组织\n', dryRun: true }), expect: ADMIN_ONLY },
  'post /api/v1/admin/members/import': { path: () => '/api/v1/admin/members/import', body: () => ({ csv: '姓名,所属组织,居住社区\n矩阵,没有的组织,龙湖社区\n', dryRun: true }), expect: ADMIN_ONLY, answer: (res) => (res.status === 422 ? 200 : res.status) },
  'get /api/v1/admin/walls': { path: () => '/api/v1/admin/walls', expect: ADMIN_ONLY },
  'get /api/v1/admin/audit': { path: () => '/api/v1/admin/audit', expect: ADMIN_ONLY },
  'get /api/v1/admin/audit.csv': { path: () => '/api/v1/admin/audit.csv', expect: ADMIN_ONLY },
  'get /api/v1/warnings/regions': { path: () => `/api/v1/warnings/regions${q}`, expect: READ_COUNTY },
  'get /api/v1/warnings/red': { path: () => `/api/v1/warnings/red${q}`, expect: READ_COUNTY },
  'get /api/v1/review': { path: () => `/api/v1/review${q}&quarter=2026Q4`, expect: REVIEW_COUNTY },
  'get /api/v1/review/cases': { path: () => `/api/v1/review/cases${q}&quarter=2026Q4&set=accepted`, expect: REVIEW_COUNTY },
  'get /api/v1/review/export.xlsx': { path: () => `/api/v1/review/export.xlsx${q}&quarter=2026Q4`, expect: REVIEW_COUNTY },
  'get /api/v1/review/export.pdf': { path: () => `/api/v1/review/export.pdf${q}&quarter=2026Q4`, expect: REVIEW_COUNTY },
  'get /api/v1/reconciliation': { path: () => `/api/v1/reconciliation${q}`, expect: REVIEW_COUNTY },
  'post /api/v1/published-figures': { path: () => '/api/v1/published-figures', body: () => ({ indicator: 'visitors', regionCode: '140825000000', from: '2026-10-01', to: '2026-12-31', value: 3, source: '季度通报' }), expect: ADMIN_LEADER },
  'delete /api/v1/published-figures/{id}': { path: () => `/api/v1/published-figures/${ids.figure}`, expect: ADMIN_LEADER },
  'get /api/v1/review/briefing': { path: () => `/api/v1/review/briefing${q}&quarter=2026Q4`, expect: REVIEW_COUNTY },
  'get /api/v1/review/briefing.pdf': { path: () => `/api/v1/review/briefing.pdf${q}&quarter=2026Q4`, expect: REVIEW_COUNTY },
  'get /api/v1/review/briefing.docx': { path: () => `/api/v1/review/briefing.docx${q}&quarter=2026Q4`, expect: REVIEW_COUNTY },
  'get /api/v1/duty/queue': { path: () => `/api/v1/duty/queue${q}`, expect: READ_COUNTY },
  'post /api/v1/volunteer-activities': { path: () => '/api/v1/volunteer-activities', body: () => ({ externalId: `A-M-${++n}`, team: 'red', kind: 'clinic', title: '义诊', communityCode: COMMUNITY, startedAt: '2026-11-24T09:00:00+08:00', endedAt: '2026-11-24T10:00:00+08:00' }), expect: FEED_ANY_WRITER },
  'post /api/v1/visits': { path: () => '/api/v1/visits', body: () => ({ communityCode: COMMUNITY, purpose: '矩阵来访', newCase: { category: 'neighbour', title: '矩阵来访' } }), expect: FEED_HOTLINE },
  'get /api/v1/visits': { path: () => `/api/v1/visits${q}`, expect: REVIEW_COUNTY },
  // A town's desk looks within its own town (and finds nothing of the county's).
  'post /api/v1/visits/lookup': { path: () => '/api/v1/visits/lookup', body: () => ({ phone: '13812345678' }), expect: { ...FEED_HOTLINE, townDuty: 'ok' } },
  'post /api/v1/wishes': { path: () => '/api/v1/wishes', body: () => ({ externalId: `W-M-${++n}`, channel: 'box', communityCode: COMMUNITY, title: '修路灯', collectedAt: '2026-11-24T09:00:00+08:00' }), expect: FEED_ANY_WRITER },
  'post /api/v1/wishes/{id}/transitions': { path: () => `/api/v1/wishes/${ids.wish}/transitions`, body: () => ({ action: 'claim', at: '2026-11-25T09:00:00+08:00', organisation: '县供电公司' }), expect: FEED_HOTLINE },
  'get /api/v1/indicators': { path: () => `/api/v1/indicators${q}&from=2026-10-01&to=2026-11-24`, expect: READ_COUNTY },
  'get /api/v1/indicators/trend': { path: () => `/api/v1/indicators/trend${q}`, expect: READ_COUNTY },
  'get /api/v1/volunteers/heat': { path: () => `/api/v1/volunteers/heat${q}`, expect: READ_COUNTY },
  'get /api/v1/snapshot': { path: () => `/api/v1/snapshot${q}`, expect: READ_COUNTY },
  // Last: it ends the caller's session.
  'delete /api/v1/session': { path: () => '/api/v1/session', expect: { none: 'ok', revokedKey: 401, screen: 'ok', leader: 'ok', countyDuty: 'ok', townDuty: 'ok', otherSourceKey: 'ok', mustChange: 'ok', cookieNoCsrf: 403 } },
}

const footprint = async () =>
  JSON.stringify(await queryRows(t.app.ctx.db, sql`select (select count(*) from cases) c, (select count(*) from case_events) e, (select count(*) from supervision_notices) n, (select count(*) filter (where status <> 'open') from supervision_notices) nv, (select count(*) from volunteer_activities) a, (select count(*) from wishes) w, (select max(version) from wishes) wv, (select max(version) from cases) v, (select count(*) from settings) s, (select count(*) from sessions) se, (select count(*) from users where must_change_password = false) u, (select count(*) from list_items) li, (select count(*) filter (where status <> 'open') from list_items) lc`))

describe('every route × every caller', () => {
  it('has an entry for every route of docs/openapi.json, and none that is not there', () => {
    const documented = Object.entries(openapi.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)).sort()
    expect(Object.keys(ROUTES).sort()).toEqual(documented)
  })

  it('answers each caller as documented; a refused call changes nothing', { timeout: 120_000 }, async () => {
    const wrong: string[] = []
    for (const [route, r] of Object.entries(ROUTES)) {
      const method = route.split(' ')[0]!.toUpperCase()
      // Refused callers first (nothing may change), then the ones let through.
      const order = [...CALLERS].sort((a, b) => Number(r.expect[a] === 'ok') - Number(r.expect[b] === 'ok'))
      for (const caller of order) {
        const want = r.expect[caller]
        const before = want === 'ok' ? '' : await footprint()
        const res = await api(t.url, method, r.path(), r.body?.(), undefined, as[caller])
        const got = r.answer?.(res) ?? res.status
        const okay = want === 'ok' ? got < 300 || got === 409 : got === want
        if (!okay) wrong.push(`${route} as ${caller}: ${got} (expected ${want}) ${JSON.stringify(res.body).slice(0, 120)}`)
        if (want !== 'ok' && (await footprint()) !== before) wrong.push(`${route} as ${caller}: refused with ${got} but changed something`)
      }
    }
    expect(wrong).toEqual([])
  })
})
