/** docs/openapi.json, built from the contract's zod schemas. */
import { z } from 'zod'
import {
  AwardsQuery,
  PointsQuery,
  CouncilQuery,
  ListClaim,
  ListItemCreate,
  ListsQuery,
  ProjectDone,
  CASE_BATCH_MAX,
  CaseBatch,
  ActivityCreate, CaseCreate, CaseListQuery, CaseTransition, HeatQuery, IndicatorsQuery, LoginBody, PasswordChange, NoticeAnswer, NoticeCreate, NoticeEscalate, NoticeListQuery,
  AdminKeyCreate, AdminUserCreate, UnitCreate, UnitPatch, UnitsQuery, AdminUserPatch, AdminUsersQuery, AuditQuery,
  ImportUpload, ImportUploadQuery, WebhookCreate, VisitCreate, VisitLookup, OrganisationCreate, OrganisationReport, OrganisationsQuery, TeamsQuery, WhistleCreate, WhistleStep, WhistlesQuery,
  RegionQuery, RegionsQuery, ReviewCasesQuery, ReviewQuery, WarningRules, WishCreate, WishTransition,
} from '../contract'

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' })
const error = { description: 'Bad input: `{ error, message, issues: [{ field, reason }] }`; nothing stored' }
const errors = {
  400: error,
  409: { description: 'The action is not allowed from the current status' },
  413: { description: 'Body over 64 KB' },
  422: { description: 'Unknown region' },
}
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } })
const query = (s: z.ZodObject) =>
  Object.entries((schema(s) as { properties: Record<string, unknown> }).properties).map(([name, sch]) => ({ name, in: 'query', schema: sch }))
const ok = (description: string) => ({ 200: { description } })
const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }]

export const openApiDocument = () => ({
  openapi: '3.0.3',
  info: { title: 'govscreen ingest API', version: '1' },
  paths: {
    '/healthz': { get: { summary: 'Liveness', responses: ok('ok') } },
    '/api/v1/session': {
      post: { summary: 'Log in: sets the httpOnly session cookie, returns the user and the CSRF token for writes', requestBody: body(LoginBody), responses: { 201: { description: 'logged in' }, 401: { description: 'wrong username or password' }, 429: { description: 'too many failed logins (Retry-After)' } } },
      get: { summary: 'The logged-in user', responses: { ...ok('session'), 401: { description: 'not logged in' } } },
      delete: { summary: 'Log out', responses: { 204: { description: 'logged out' } } },
    },
    '/api/v1/session/password': { post: { summary: 'Change one’s password (x-csrf-token required)', requestBody: body(PasswordChange as unknown as z.ZodType), responses: { 204: { description: 'changed' }, ...errors } } },
    '/api/v1/admin/users': {
      get: { summary: "/admin: the admin's region's people (q: search by username or name); admin only", parameters: query(AdminUsersQuery), responses: { ...ok('users'), ...errors } },
      post: { summary: 'Create a person; the one-time password is in this answer only', requestBody: body(AdminUserCreate), responses: { 201: { description: '{ user, password }' }, ...errors } },
    },
    '/api/v1/admin/users/{id}': { patch: { summary: "Change a person's name, role or region (a new role or region ends their sessions)", parameters: id, requestBody: body(AdminUserPatch as unknown as z.ZodType), responses: { ...ok('the user'), 404: { description: 'no such user in your region' }, ...errors } } },
    '/api/v1/admin/users/{id}/disable': { post: { summary: 'Disable a person: their sessions end and their sockets close on every node', parameters: id, responses: { ...ok('the user'), 404: { description: 'no such user in your region' } } } },
    '/api/v1/admin/users/{id}/enable': { post: { summary: 'Enable a disabled person', parameters: id, responses: { ...ok('the user'), 404: { description: 'no such user in your region' } } } },
    '/api/v1/admin/users/{id}/reset-password': { post: { summary: 'A new one-time password (in this answer only); their sessions end', parameters: id, responses: { ...ok('{ user, password }'), 404: { description: 'no such user in your region' } } } },
    '/api/v1/admin/keys': {
      get: { summary: "The admin's region's ingest keys and screen tokens (prefix, label, last used: time and address)", responses: { ...ok('keys'), ...errors } },
      post: { summary: 'Create an ingest key or a screen token; the secret (and a screen\'s link) is in this answer only', requestBody: body(AdminKeyCreate), responses: { 201: { description: '{ key, secret, link? }' }, ...errors } },
    },
    '/api/v1/admin/keys/{id}/revoke': { post: { summary: 'Revoke a key at once (its sockets close on every node)', parameters: id, responses: { ...ok('the key'), 404: { description: 'no such key in your region' } } } },
    '/api/v1/admin/rules/preview': { post: { summary: 'What a change of the warning rules would do, before saving: the open cases whose colour would change (counts by from→to, the first 200 listed); changes nothing; admins of the whole tree', requestBody: body(WarningRules), responses: { ...ok('{ rules, open, changing, counts, cases }'), ...errors } } },
    '/api/v1/units': { get: { summary: "承办单位 for dispatch: the reader's region's units and those above it; `for` a community or grid: only the units that may take its cases (its own first, then its town's, its county's); `q`: part of the name; people only (admin, leader, duty)", parameters: query(UnitsQuery), responses: { ...ok('UnitView[]'), ...errors } } },
    '/api/v1/people/double-reporting': { get: { summary: "双报到 of a region (default: the caller's): organisations reported to its communities and party members reported where they live, each { registered, reported, rate }, and both counts for each area one level down (docs/INDICATORS.md); people only (admin, leader, duty)", parameters: [{ name: 'region', in: 'query', schema: { type: 'string', pattern: '^\\d{12}$' } }], responses: { ...ok('DoubleReportingView'), ...errors } } },
    '/api/v1/people/roster': { get: { summary: "七彩蒲公英 of a region (default: the caller's): teams based in it (total, 专业 professional, 社会 social), the volunteers serving in them, and both by colour; counts only (people and screens)", parameters: [{ name: 'region', in: 'query', schema: { type: 'string', pattern: '^\\d{12}$' } }], responses: { ...ok('RosterView'), ...errors } } },
    '/api/v1/people/activity': { get: { summary: "A region's people this month (volunteers and party members named as activities' participants, their hours, all sessions) and this year's teams with most hours; counts and team names only (people and screens)", parameters: [{ name: 'region', in: 'query', schema: { type: 'string', pattern: '^\\d{12}$' } }], responses: { ...ok('PeopleActivityView'), ...errors } } },
    '/api/v1/people/points': { get: { summary: "积分榜 of a region for a year (default: this year), docs/POINTS.md: organisations by 萤火能量值 with its four parts (of=organisations; a wall reads this one), or members by 微光存折 hours (of=members; people only); ties share a rank", parameters: query(PointsQuery), responses: { ...ok('PointsView'), ...errors } } },
    '/api/v1/people/awards': { get: { summary: "评优: the year's organisations and members at or over the bars of docs/POINTS.md, best first; format csv: the list to print (UTF-8 with BOM); people only", parameters: query(AwardsQuery), responses: { ...ok('AwardsView, or text/csv'), ...errors } } },
    '/api/v1/teams': { get: { summary: 'Volunteer teams based in the region (colour: one dandelion colour; q: part of the name), with how many serve in each; people only', parameters: query(TeamsQuery), responses: { ...ok('TeamView[]'), ...errors } } },
    '/api/v1/teams/{id}/members': { get: { summary: "微光存折: a team's volunteers, each with the hours and sessions they served as an activity's participants, most hours first; people only", parameters: id, responses: { ...ok('{ team, members }'), 404: { description: 'no such team in your region' } } } },
    '/api/v1/lists': {
      get: { summary: "三张清单 of a region: needs (需求) and projects (项目) within it, resources (资源) offered in it or in the town and county above it (kind, status, organisation: one unit's), newest first; people and ingest keys", parameters: query(ListsQuery), responses: { ...ok('ListItemView[]'), ...errors } },
      post: { summary: "A community's need (kind need, communityCode), or a resource a unit offers (kind resource, organisationId), open to claim; the desk, an admin or a system with an ingest key", requestBody: body(ListItemCreate), responses: { 201: { description: 'the item' }, ...errors } },
    },
    '/api/v1/lists/{id}/claim': { post: { summary: '双向认领: a unit of the need\'s county or town claims a need (organisationId), a community within the resource\'s region claims a resource (communityCode); the item is claimed and a project opens, in one step', parameters: id, requestBody: body(ListClaim), responses: { ...ok('{ item, project }'), 404: { description: 'no such item in your region' }, ...errors, 409: { description: 'already claimed, or a project' } } } },
    '/api/v1/lists/{id}/done': { post: { summary: "A project reported done (report, peopleServed, satisfaction: the residents' verdict); its need or resource is done with it", parameters: id, requestBody: body(ProjectDone), responses: { ...ok('the project'), 404: { description: 'no such project in your region' }, ...errors, 409: { description: 'not a project, or done' } } } },
    '/api/v1/lists/summary': { get: { summary: "The three lists of a region counted: needs and resources (total, open, claimed), projects (total, open, done, people served); counts only (people and screens)", parameters: [{ name: 'region', in: 'query', schema: { type: 'string', pattern: '^\\d{12}$' } }], responses: { ...ok('ListsSummary'), ...errors } } },
    '/api/v1/lists/council': { get: { summary: "萤火议事会: a community's list for the council on `date` (default: the next 15th): open needs, resources it may claim, projects under way, what was claimed and done since a month before; format csv: a sheet to print (UTF-8 with BOM)", parameters: query(CouncilQuery), responses: { ...ok('CouncilAgenda, or text/csv'), ...errors } } },
    '/api/v1/whistles': {
      get: { summary: "吹哨派单: the region's whistles, newest first (status: whistled, taken, done or escalated 点名哨; organisation: one unit's board); people only", parameters: query(WhistlesQuery), responses: { ...ok('WhistleView[]'), ...errors } },
      post: { summary: "Whistle a community's need to its paired unit (an organisation reported to that community): from a wish (wishId), a visit's case (caseId), the 需求清单 or the community itself; to be taken within takeWithinHours (default 24; 点名哨 after) and done within doneWithinDays; duty and admin; audited", requestBody: body(WhistleCreate as unknown as z.ZodType), responses: { 201: { description: 'the whistle' }, ...errors } },
    },
    '/api/v1/whistles/{id}/take': { post: { summary: '接单: the unit took it (by: its contact; at: default now); after the time limit it is marked late; the desk, an admin, or the unit\'s system with an ingest key', parameters: id, requestBody: body(WhistleStep), responses: { ...ok('the whistle'), 404: { description: 'no such whistle in your region' }, ...errors, 409: { description: 'not waiting to be taken' } } } },
    '/api/v1/whistles/{id}/done': { post: { summary: '办结: the unit reports it done (report: what was done; at: default now)', parameters: id, requestBody: body(WhistleStep), responses: { ...ok('the whistle'), 404: { description: 'no such whistle in your region' }, ...errors, 409: { description: 'not taken yet, or done' } } } },
    '/api/v1/whistles/funnel': { get: { summary: "The region's funnel: whistled, taken (in time), done, escalated (点名哨), and overdue now; counts only (people and screens)", parameters: [{ name: 'region', in: 'query', schema: { type: 'string', pattern: '^\\d{12}$' } }], responses: { ...ok('WhistleFunnel'), ...errors } } },
    '/api/v1/organisations': { get: { summary: '机关党组织 and 包联单位 that belong to the region or reported to one of its communities, with their party members (on the roll, reported); people only', parameters: query(OrganisationsQuery), responses: { ...ok('OrganisationView[]'), ...errors } } },
    '/api/v1/admin/organisations': { post: { summary: 'Add an organisation of a county or town; with communityCode it has reported there (双报到) at reportedAt (default now); audited', requestBody: body(OrganisationCreate as unknown as z.ZodType), responses: { 201: { description: 'the organisation' }, ...errors, 409: { description: 'the region has an organisation of that name' } } } },
    '/api/v1/admin/organisations/{id}/report': { post: { summary: "双报到: the organisation reported to a community of the admin's region (reportedAt, default now); communityCode null withdraws it; audited", parameters: id, requestBody: body(OrganisationReport), responses: { ...ok('the organisation'), 404: { description: 'no such organisation in your region' }, ...errors } } },
    '/api/v1/admin/organisations/import': { post: { summary: 'Import organisations from CSV text (名称, 类型 机关党组织/包联单位, 所属地区, 报到社区, 报到时间 in Beijing time; English names too): every row checked first; with any problem nothing is stored and the answer (422) lists each (row, column, value, reason); dryRun only checks; the same file again changes nothing', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['csv'], properties: { csv: { type: 'string', maxLength: 4194304 }, dryRun: { type: 'boolean', default: false } } } } } }, responses: { ...ok('{ dryRun, rows, created, updated, unchanged, problems }'), ...errors, 422: { description: 'problems in the file: nothing stored' } } } },
    '/api/v1/admin/members/import': { post: { summary: 'Import in-service party members from CSV text (姓名, 所属组织, 居住社区, 报到时间, 岗位): each reports to the community they live in; known by name, organisation and community; every row checked first, as for organisations', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['csv'], properties: { csv: { type: 'string', maxLength: 4194304 }, dryRun: { type: 'boolean', default: false } } } } } }, responses: { ...ok('{ dryRun, rows, created, updated, unchanged, problems }'), ...errors, 422: { description: 'problems in the file: nothing stored' } } } },
    '/api/v1/admin/units': {
      get: { summary: "The admin's region's units (disabled ones too), for /admin", parameters: query(UnitsQuery), responses: { ...ok('UnitView[]'), ...errors } },
      post: { summary: 'Add a unit: name, the region it serves (county, town or community), parent unit (in the region or above), contact; audited. Cases of its region that named it in text now reference it', requestBody: body(UnitCreate), responses: { 201: { description: 'the unit' }, ...errors, 409: { description: 'a unit of this name exists in the region' } } },
    },
    '/api/v1/admin/units/{id}': { patch: { summary: "Change a unit's name, parent or contact; audited", parameters: id, requestBody: body(UnitPatch as unknown as z.ZodType), responses: { ...ok('the unit'), 404: { description: 'no such unit in your region' }, ...errors } } },
    '/api/v1/admin/units/{id}/disable': { post: { summary: 'Disable a unit: it takes no new case or notice, and stays on those that name it', parameters: id, responses: { ...ok('the unit'), 404: { description: 'no such unit in your region' } } } },
    '/api/v1/admin/units/{id}/enable': { post: { summary: 'Enable a disabled unit', parameters: id, responses: { ...ok('the unit'), 404: { description: 'no such unit in your region' } } } },
    '/api/v1/admin/units/import': { post: { summary: 'Import units from CSV text (columns 名称, 所属地区 by name or code, 上级单位, 联系人, 联系电话; English names too): every row checked first; with any problem nothing is stored and the answer (422) lists each (row, column, value, reason); dryRun only checks. Existing units (same region and name) are updated; re-importing changes nothing', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['csv'], properties: { csv: { type: 'string', maxLength: 4194304 }, dryRun: { type: 'boolean', default: false } } } } } }, responses: { ...ok('{ dryRun, rows, created, updated, unchanged, linked, problems }'), ...errors, 422: { description: 'problems in the file: nothing stored' } } } },
    '/api/v1/imports': {
      post: {
        summary: '台账导入 for admins: a ledger (.xlsx or .csv, UTF-8 or GBK) of earlier cases. Headers are recognised in Chinese or English (受理编号, 登记时间, 所属村社区, 纠纷类别, 事由, 涉及人数, 办结时间, 化解结果, 化解层级, 回访时间, ...); `mapping` names other columns. Every row is checked: the answer lists each bad row (row, column, value, reason) and what did not match (communities by name within the region, categories by label); bad rows are never stored. Times without a zone are refused unless `zone` is Asia/Shanghai. A dry run (the default) stores no case and keeps the check as an import (200); `dryRun: false` then stores the good rows in the background (202): poll GET /imports/{id}. Each case is stored once (source + 受理编号): importing a file again stores nothing new. Send the file as the body (options in the query) or as base64 in JSON',
        parameters: query(ImportUploadQuery as unknown as z.ZodObject),
        requestBody: { required: true, content: { 'application/json': { schema: schema(ImportUpload) }, 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        responses: { ...ok('the checked import: { id, status: checked, total, problemCount, problems, columns, unknownColumns, unmatched }'), 202: { description: 'the import, started: { id, status: running, total, done, ... }' }, ...errors, 422: { description: 'the header lacks a required column (named): nothing checked' } },
      },
      get: { summary: "The admin's region's imports, newest first, with their progress", responses: { ...ok('ImportView[]'), ...errors } },
    },
    '/api/v1/imports/{id}': { get: { summary: 'One import: status (checked, running, done, failed), rows done of total, stored, found already stored, rows a second and seconds left, its problems', parameters: id, responses: { ...ok('ImportView'), 404: { description: 'no such import in your region' } } } },
    '/api/v1/imports/{id}/start': { post: { summary: "Store a checked import's good rows, in the background (202); an import stopped half way (a restart, a kill) resumes by itself", parameters: id, responses: { 202: { description: 'the import, running' }, 400: { description: 'the import is not a checked one' }, 404: { description: 'no such import in your region' } } } },
    '/api/v1/imports/{id}/problems.xlsx': { get: { summary: "An import's bad rows as a workbook: 行号, 列, 内容, 原因", parameters: id, responses: { ...ok('the workbook'), 404: { description: 'no such import in your region' } } } },
    '/api/v1/admin/webhooks': {
      get: { summary: "Notices to phones: the admin's region's webhooks (the secret is never shown again)", responses: { ...ok('WebhookView[]'), ...errors } },
      post: { summary: "A webhook for the region's red flags, supervision notices issued or escalated, and overdue cases: our JSON (signed: X-Govscreen-Signature sha256=HMAC(secret, timestamp + '.' + body), X-Govscreen-Timestamp) or a DingTalk or WeCom group robot's text message (DingTalk signed its own way). Plain text only: citizen text never becomes HTML or markdown. Each message is sent once, tried again with back-off (1, 2, 4 … s, 8 tries); audited", requestBody: body(WebhookCreate), responses: { 201: { description: '{ webhook, secret }: the secret in this answer only' }, ...errors } },
    },
    '/api/v1/admin/webhooks/{id}/disable': { post: { summary: 'Stop a webhook: nothing more is queued for it', parameters: id, responses: { ...ok('the webhook'), 404: { description: 'no such webhook in your region' } } } },
    '/api/v1/admin/webhooks/{id}/enable': { post: { summary: 'Start a stopped webhook again', parameters: id, responses: { ...ok('the webhook'), 404: { description: 'no such webhook in your region' } } } },
    '/api/v1/admin/webhooks/{id}/test': { post: { summary: 'Send a test message through the same queue and tries (202)', parameters: id, responses: { 202: { description: 'queued' }, 404: { description: 'no such webhook in your region' } } } },
    '/api/v1/admin/webhooks/{id}/deliveries': { get: { summary: "A webhook's delivery log, newest first: event, status (pending, sent, failed), tries, the last HTTP status and error, when sent", parameters: id, responses: { ...ok('deliveries'), 404: { description: 'no such webhook in your region' } } } },
    '/api/v1/admin/walls': { get: { summary: "The walls and desks connected now on every node, within the admin's region: label, region, stream, address, connected since, last frame, bytes not yet read", responses: { ...ok('sockets'), ...errors } } },
    '/api/v1/admin/audit': { get: { summary: 'The audit log of the admin\'s region, newest first: every admin action and login (who, when, from where, before → after)', parameters: query(AuditQuery), responses: { ...ok('entries'), ...errors } } },
    '/api/v1/admin/audit.csv': { get: { summary: 'The same as CSV (UTF-8 with BOM, every field quoted, formulas defused)', parameters: query(AuditQuery), responses: { 200: { description: 'CSV file' }, ...errors } } },
    '/api/v1/codes': { get: { summary: 'Every code table', responses: ok('code tables by kind') } },
    '/api/v1/regions': { get: { summary: 'The region tree', parameters: query(RegionsQuery), responses: ok('regions') } },
    '/api/v1/regions/home': { get: { summary: "The caller's own region ({ code, name, level }): where a wall opened without ?region= starts", responses: { ...ok('region'), 401: { description: 'no caller' } } } },
    '/api/v1/cases': {
      get: { summary: 'Newest cases in a region', parameters: query(CaseListQuery), responses: ok('case summaries') },
      post: {
        summary: 'Report a case (idempotent on source + externalId)',
        requestBody: body(CaseCreate),
        responses: { 201: { description: 'created' }, 200: { description: 'already stored: the same case' }, ...errors },
      },
    },
    '/api/v1/cases:batch': {
      post: { summary: `Report up to ${CASE_BATCH_MAX} cases in one transaction, idempotent per case; one answer per case, in order ({ index, status 201 | 200 | 4xx, case or error })`, requestBody: body(CaseBatch), responses: { ...ok('{ created, existing, failed, results }'), ...errors } },
    },
    '/api/v1/cases/{id}': { get: { summary: 'A case, its colour and its timeline', parameters: id, responses: { ...ok('case detail'), 404: { description: 'no such case' } } } },
    '/api/v1/cases/{id}/transitions': { post: { summary: 'Move a case along its life cycle', parameters: id, requestBody: body(CaseTransition), responses: { ...ok('the case after the move'), ...errors } } },
    '/api/v1/cases/{id}/notices': {
      get: { summary: "A case's supervision notices (督办提示函)", parameters: id, responses: { ...ok('notices'), 404: { description: 'no such case' } } },
      post: { summary: 'Issue a supervision notice to a unit with a time limit', parameters: id, requestBody: body(NoticeCreate), responses: { 201: { description: 'issued' }, ...errors } },
    },
    '/api/v1/notices': { get: { summary: 'Supervision notices in a region, newest first', parameters: query(NoticeListQuery), responses: { ...ok('notices'), ...errors } } },
    '/api/v1/notices/{id}/answer': { post: { summary: 'The unit answers a notice', parameters: id, requestBody: body(NoticeAnswer), responses: { ...ok('the notice'), ...errors } } },
    '/api/v1/notices/{id}/escalate': { post: { summary: 'Escalate a notice one ladder step (督办 → 黄牌 → 红牌)', parameters: id, requestBody: body(NoticeEscalate), responses: { ...ok('the notice'), ...errors } } },
    '/api/v1/warning-rules': {
      get: { summary: 'The warning rules in force (see docs/WARNINGS.md)', responses: ok('rules') },
      put: { summary: 'Change any subset of the rules; applied to every open case at once', requestBody: body(WarningRules), responses: { ...ok('the rules now in force'), ...errors } },
    },
    '/api/v1/warnings/regions': { get: { summary: "A region's colour and its children's, with the counts behind them", parameters: query(RegionQuery), responses: { ...ok('region colours'), ...errors } } },
    '/api/v1/review': { get: { summary: '季度研判: a quarter\'s indicators for a region with QoQ and YoY, ranking of its towns or communities, breakdowns, 8-quarter trend, per-community map values (docs/INDICATORS.md); people only (admin, leader, duty)', parameters: query(ReviewQuery), responses: { ...ok('ReviewView'), ...errors } } },
    '/api/v1/review/cases': { get: { summary: 'The cases behind a review number: set = accepted | resolved | successful | overdue | open | unsatisfied', parameters: query(ReviewCasesQuery), responses: { ...ok('{ set, total, cases }'), ...errors } } },
    '/api/v1/review/export.xlsx': { get: { summary: 'The review as a workbook: one sheet per table, Chinese headers, numbers as numbers', parameters: query(ReviewQuery), responses: { 200: { description: 'xlsx file' }, ...errors } } },
    '/api/v1/review/export.pdf': { get: { summary: 'The review as an A4 landscape PDF with county, quarter, generation time and page numbers (503 without a CJK font: fonts-noto-cjk or PDF_FONT)', parameters: query(ReviewQuery), responses: { 200: { description: 'PDF file' }, ...errors } } },
    '/api/v1/duty/queue': { get: { summary: 'The duty queue: open red and yellow cases of the region, most urgent first (overdue, then scale); at most 300', parameters: query(RegionQuery), responses: { ...ok('{ region, cases: case summaries, truncated }'), ...errors } } },
    '/api/v1/warnings/red': { get: { summary: 'Open red cases, most recently turned red first', parameters: query(RegionQuery), responses: { ...ok('case summaries'), ...errors } } },
    '/api/v1/volunteer-activities': { post: { summary: 'Record volunteer activity (idempotent on externalId)', requestBody: body(ActivityCreate), responses: { 201: { description: 'created' }, ...errors } } },
    '/api/v1/visits': {
      post: { summary: '来访登记: a visit at the window on a new matter (`newCase`) or an existing one (`caseId`); the visits on a matter within `repeatVisitDays` count toward 重复访 (red at `repeatVisits`); name and phone kept only hashed, shown masked; duty and admin of the region', requestBody: body(VisitCreate), responses: { 201: { description: 'VisitView' }, ...errors } },
      get: { summary: "The region's visits, newest first (names and phones masked); duty, admin, leader", parameters: [{ name: 'region', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } }], responses: { ...ok('VisitView[]'), ...errors } },
    },
    '/api/v1/visits/lookup': { post: { summary: "A visitor's earlier visits in the caller's region, by name or phone (matched by hash), masked; duty and admin", requestBody: body(VisitLookup), responses: { ...ok('VisitView[]'), ...errors } } },
    '/api/v1/wishes': { post: { summary: 'Collect a micro-wish (idempotent on externalId)', requestBody: body(WishCreate), responses: { 201: { description: 'created' }, ...errors } } },
    '/api/v1/wishes/{id}/transitions': { post: { summary: 'Claim, fulfil or give feedback on a wish', parameters: id, requestBody: body(WishTransition), responses: { ...ok('the wish'), ...errors } } },
    '/api/v1/indicators': { get: { summary: 'Indicators of a region over days', parameters: query(IndicatorsQuery as unknown as z.ZodObject), responses: { ...ok('indicators'), ...errors } } },
    '/api/v1/indicators/trend': { get: { summary: 'The last twelve months of a region', parameters: query(RegionQuery), responses: { ...ok('months'), ...errors } } },
    '/api/v1/volunteers/heat': { get: { summary: 'Volunteer hours by place and by weekday × hour', parameters: query(HeatQuery), responses: { ...ok('heat'), ...errors } } },
    '/api/v1/geo/{code}': { get: { summary: 'Boundaries for the maps (GeoJSON): the communities of a county or town, the counties of a city, the cities of a province', parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }], responses: { ...ok('GeoJSON FeatureCollection'), ...errors } } },
    '/api/v1/snapshot': { get: { summary: 'Everything a screen draws, with its stream position', parameters: query(RegionQuery), responses: { ...ok('snapshot'), ...errors } } },
  },
})
