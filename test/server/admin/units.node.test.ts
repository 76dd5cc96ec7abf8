/**
 * 承办单位: the units directory. Dispatch picks a unit that serves the case's place and the case
 * references it by id; admins keep the directory within their region and import it from CSV; the
 * review counts and ranks the units.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Briefing, CaseDetail, ReviewView, UnitImportResult, UnitView } from '../../../server/contract'
import { api, COMMUNITY, loginHeaders, newCase, OTHER_TOWN_COMMUNITY, startTestApp, type TestApp } from '../../helpers/app'

const COUNTY = '140825000000'
const LONGXING = '140825100000'
const SANQUAN = '140825101000'
const SANQUAN_VILLAGE = '140825101200' // 三泉村
let t: TestApp
let lxAdmin: Record<string, string>
let lxDuty: Record<string, string>
beforeAll(async () => {
  t = await startTestApp()
  await t.app.ctx.accounts.createUser({ username: 'lx-admin', displayName: '龙兴镇管理员', role: 'admin', regionCode: LONGXING, password: 'lx-admin-password' })
  await t.app.ctx.accounts.createUser({ username: 'lx-duty', displayName: '龙兴镇值班员', role: 'duty', regionCode: LONGXING, password: 'lx-duty-password' })
  lxAdmin = await loginHeaders(t.url, 'lx-admin', 'lx-admin-password')
  lxDuty = await loginHeaders(t.url, 'lx-duty', 'lx-duty-password')
})
afterAll(async () => {
  await t.close()
})

const units = async (path: string, as?: Record<string, string>) => (await api<UnitView[]>(t.url, 'GET', path, undefined, undefined, as)).body
const report = async (over: Record<string, unknown> = {}) => (await api<CaseDetail>(t.url, 'POST', '/api/v1/cases', newCase(over))).body
const dispatch = (id: number, body: Record<string, unknown>, as?: Record<string, string>) =>
  api<CaseDetail>(t.url, 'POST', `/api/v1/cases/${id}/transitions`, { action: 'dispatch', at: '2026-11-24T10:00:00+08:00', ...body }, undefined, as)

describe('dispatch picks from the directory', () => {
  it("offers a case's own community's unit first, then its town's, then the county's; a town's desk sees no other town's units", async () => {
    const forCase = await units(`/api/v1/units?for=${OTHER_TOWN_COMMUNITY}&limit=100`, lxDuty)
    expect(forCase[0]).toMatchObject({ name: '孝义坊村人民调解委员会', level: 'community', parentName: '龙兴镇人民调解委员会' })
    const levels = forCase.map((u) => u.level)
    expect(levels.indexOf('town')).toBeGreaterThan(levels.lastIndexOf('community'))
    expect(levels.indexOf('county')).toBeGreaterThan(levels.lastIndexOf('town'))
    expect(forCase.map((u) => u.name)).toContain('龙兴镇司法所')
    expect(forCase.map((u) => u.name)).toContain('新绛县住建局')
    expect(forCase.every((u) => [OTHER_TOWN_COMMUNITY, LONGXING, COUNTY].includes(u.regionCode))).toBe(true)

    const typed = await units('/api/v1/units?q=司法&limit=500', lxDuty)
    expect(typed.map((u) => u.name).sort()).toEqual(['新绛县司法局', '龙兴镇司法所'])
    // Another town's place is not the town desk's to ask about.
    expect((await api(t.url, 'GET', `/api/v1/units?for=${SANQUAN_VILLAGE}`, undefined, undefined, lxDuty)).status).toBe(403)
    expect((await api(t.url, 'GET', '/api/v1/units', undefined, undefined, {})).status).toBe(401)
  })

  it('stores the unit by id and its name as recorded; a unit the directory does not know, or that does not serve the place, is refused and changes nothing', async () => {
    const c = await report({ regionCode: OTHER_TOWN_COMMUNITY })
    const [sifa] = await units('/api/v1/units?q=龙兴镇司法所', lxDuty)
    const done = await dispatch(c.id, { unitId: sifa!.id }, lxDuty)
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ assignedUnit: '龙兴镇司法所', assignedUnitId: sifa!.id, status: 'dispatched' })
    const detail = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${c.id}`)).body
    expect(detail.timeline.at(-1)).toMatchObject({ action: 'dispatch', data: { unit: '龙兴镇司法所', unitId: sifa!.id } })

    const other = await report({ regionCode: OTHER_TOWN_COMMUNITY })
    const [sanquan] = await units('/api/v1/units?q=三泉镇司法所')
    for (const [body, field] of [
      [{ unit: '城管局' }, 'unit'],
      [{ unit: '龙兴镇司法所 ' + '<b>x</b>' }, 'unit'],
      [{ unitId: sanquan!.id }, 'unitId'],
      [{ unitId: 99999999 }, 'unitId'],
      [{}, 'unitId'],
      [{ unitId: sifa!.id, unit: '新绛县住建局' }, 'unit'],
    ] as const) {
      const r = await dispatch(other.id, body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect((r.body as unknown as { issues: { field: string }[] }).issues[0]!.field).toBe(field)
    }
    const unchanged = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${other.id}`)).body
    expect(unchanged).toMatchObject({ status: 'accepted', assignedUnit: null, assignedUnitId: null, version: other.version })

    // By its exact name, as an outside system sends it: the same unit, by id.
    expect((await dispatch(other.id, { unit: '新绛县住建局' })).body).toMatchObject({ assignedUnit: '新绛县住建局', assignedUnitId: expect.any(Number) })

    // A disabled unit takes no new case, and stays on the cases that name it.
    await api(t.url, 'POST', `/api/v1/admin/units/${sifa!.id}/disable`, {}, undefined, lxAdmin)
    const third = await report({ regionCode: OTHER_TOWN_COMMUNITY })
    expect((await dispatch(third.id, { unitId: sifa!.id })).status).toBe(400)
    expect((await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${c.id}`)).body.assignedUnitId).toBe(sifa!.id)
    expect((await units(`/api/v1/units?for=${OTHER_TOWN_COMMUNITY}&limit=100`)).map((u) => u.id)).not.toContain(sifa!.id)
    await api(t.url, 'POST', `/api/v1/admin/units/${sifa!.id}/enable`, {}, undefined, lxAdmin)
    expect((await dispatch(third.id, { unitId: sifa!.id })).status).toBe(200)
  })

  it('a supervision notice goes to a unit of the directory, or to the assigned one', async () => {
    const c = await report({ regionCode: OTHER_TOWN_COMMUNITY })
    await dispatch(c.id, { unit: '龙兴镇派出所' })
    const own = await api(t.url, 'POST', `/api/v1/cases/${c.id}/notices`, { note: '请限期办结' })
    expect(own.status).toBe(201)
    expect(own.body).toMatchObject({ unit: '龙兴镇派出所', unitId: expect.any(Number) })
    await api(t.url, 'POST', `/api/v1/notices/${own.body.id}/answer`, { answer: '已处理' })
    const unknown = await api(t.url, 'POST', `/api/v1/cases/${c.id}/notices`, { unit: '某某局' })
    expect(unknown.status).toBe(400)
  })
})

describe('the directory kept by admins', () => {
  it("a town's admin adds, renames and disables its own units, audited; the county's or another town's are not theirs", async () => {
    const made = await api<UnitView>(t.url, 'POST', '/api/v1/admin/units', { name: '龙兴镇退役军人服务站', regionCode: LONGXING, contactName: '王建国', contactPhone: '0359-7512345' }, undefined, lxAdmin)
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ name: '龙兴镇退役军人服务站', level: 'town', regionName: '龙兴镇', disabledAt: null })
    const [county] = await units('/api/v1/units?q=新绛县退役')
    expect(county).toBeUndefined()
    const [judicial] = await units('/api/v1/units?q=新绛县司法局')
    // A parent in the region or above it: the county's bureau is fine for a town office.
    const renamed = await api<UnitView>(t.url, 'PATCH', `/api/v1/admin/units/${made.body.id}`, { name: '龙兴镇退役军人服务站（新）', parentId: judicial!.id }, undefined, lxAdmin)
    expect(renamed.body).toMatchObject({ name: '龙兴镇退役军人服务站（新）', parentName: '新绛县司法局' })

    expect((await api(t.url, 'PATCH', `/api/v1/admin/units/${judicial!.id}`, { contactName: 'x' }, undefined, lxAdmin)).status).toBe(404)
    expect((await api(t.url, 'POST', '/api/v1/admin/units', { name: '三泉镇某站', regionCode: SANQUAN }, undefined, lxAdmin)).status).toBe(403)
    const [sanquan] = await units('/api/v1/units?q=三泉镇司法所')
    expect((await api(t.url, 'POST', `/api/v1/admin/units/${sanquan!.id}/disable`, {}, undefined, lxAdmin)).status).toBe(404)
    const listed = await units('/api/v1/admin/units', lxAdmin)
    expect(listed.length).toBeGreaterThan(20)
    expect(listed.every((u) => u.regionCode.startsWith('140825100'))).toBe(true)

    for (const [body, field] of [
      [{ name: '', regionCode: LONGXING }, 'name'],
      [{ name: '某站', regionCode: '140825100200001' }, 'regionCode'],
      [{ name: '某站', regionCode: LONGXING, contactPhone: '=cmd|x' }, 'contactPhone'],
      [{ name: '某站', regionCode: LONGXING, parentId: sanquan!.id }, 'parentId'],
    ] as const) {
      const r = await api(t.url, 'POST', '/api/v1/admin/units', body, undefined, lxAdmin)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.issues[0].field).toBe(field)
    }
    const same = await api(t.url, 'POST', '/api/v1/admin/units', { name: '龙兴镇司法所', regionCode: LONGXING }, undefined, lxAdmin)
    expect(same.status).toBe(409)

    const audit = (await api<{ action: string; target: string; actor: string }[]>(t.url, 'GET', '/api/v1/admin/audit?action=unit.&limit=50', undefined, undefined, lxAdmin)).body
    expect(audit.filter((a) => a.target === `unit:${made.body.id}`).map((a) => a.action).reverse()).toEqual(['unit.create', 'unit.update'])
    expect(audit.every((a) => a.actor === '龙兴镇管理员')).toBe(true)
  })

  it('links the cases that named a unit in text before the directory knew it', async () => {
    const c = await report({ regionCode: OTHER_TOWN_COMMUNITY })
    await t.app.ctx.db.execute(sql`update cases set assigned_unit = '龙兴镇水利站', status = 'dispatched' where id = ${c.id}`)
    const made = await api<UnitView>(t.url, 'POST', '/api/v1/admin/units', { name: '龙兴镇水利站', regionCode: LONGXING }, undefined, lxAdmin)
    const row = await t.app.ctx.db.execute(sql`select assigned_unit_id from cases where id = ${c.id}`)
    expect((row as unknown as { rows: { assigned_unit_id: number }[] }).rows[0]!.assigned_unit_id).toBe(made.body.id)
  })

  it('imports a CSV: a dry run lists every bad row and stores nothing; the import creates, then a second import changes nothing', async () => {
    const before = (await units('/api/v1/admin/units')).length
    const bad = [
      '名称,所属地区,上级单位,联系人,联系电话',
      '龙兴镇文化站,龙兴镇,新绛县司法局,李文华,0359-7500001',
      '孝义坊村文化室,孝义坊村,龙兴镇文化站,,',
      '三泉镇文化站,三泉镇,,,',
      '=HYPERLINK("http://x"),龙兴镇,,,',
      '某站,火星镇,,,',
      '龙兴镇文化站,龙兴镇,,,',
      '龙兴镇林业站,龙兴镇,不存在的单位,,',
      '龙兴镇农机站,龙兴镇,,张三,电话坏了',
    ].join('\r\n')
    const dry = await api<UnitImportResult>(t.url, 'POST', '/api/v1/admin/units/import', { csv: bad, dryRun: true }, undefined, lxAdmin)
    expect(dry.status).toBe(422)
    expect(dry.body.problems.map((p) => [p.row, p.column])).toEqual([
      [4, '所属地区'],
      [5, '名称'],
      [6, '所属地区'],
      [7, '名称'],
      [9, '联系电话'],
      [8, '上级单位'],
    ])
    expect(dry.body.problems.find((p) => p.row === 4)!.reason).toBe('本地区没有这个地名')
    // Not even with the problems left out of a real run: all or nothing.
    expect((await api(t.url, 'POST', '/api/v1/admin/units/import', { csv: bad }, undefined, lxAdmin)).status).toBe(422)
    expect((await units('/api/v1/admin/units')).length).toBe(before)

    const good = '\ufeff单位名称,所属地区,上级单位,联系人,联系电话\n孝义坊村文化室,孝义坊村,龙兴镇文化站,,\n"龙兴镇文化站",140825100000,新绛县司法局,"李文华",0359-7500001\n'
    const check = await api<UnitImportResult>(t.url, 'POST', '/api/v1/admin/units/import', { csv: good, dryRun: true }, undefined, lxAdmin)
    expect(check.body).toMatchObject({ dryRun: true, rows: 2, created: 2, problems: [] })
    expect((await units('/api/v1/admin/units')).length).toBe(before)
    const first = await api<UnitImportResult>(t.url, 'POST', '/api/v1/admin/units/import', { csv: good }, undefined, lxAdmin)
    expect(first.body).toMatchObject({ created: 2, updated: 0, problems: [] })
    const room = (await units('/api/v1/admin/units?q=孝义坊村文化室', lxAdmin))[0]!
    expect(room).toMatchObject({ level: 'community', parentName: '龙兴镇文化站' })
    const again = await api<UnitImportResult>(t.url, 'POST', '/api/v1/admin/units/import', { csv: good }, undefined, lxAdmin)
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 })
    expect((await units('/api/v1/admin/units')).length).toBe(before + 2)

    expect((await api(t.url, 'POST', '/api/v1/admin/units/import', { csv: '联系人\n张三\n' }, undefined, lxAdmin)).body.issues[0].field).toBe('csv')
    expect((await api(t.url, 'POST', '/api/v1/admin/units/import', { csv: good }, undefined, lxDuty)).status).toBe(403)
  })
})

describe('the review ranks units', () => {
  it("counts each unit's dispatched, on-time, overdue and open cases of the quarter, and its notices", async () => {
    const mk = async () => (await report({ regionCode: COMMUNITY })).id
    const unit = (await units(`/api/v1/units?for=${COMMUNITY}&q=新绛县总工会`))[0]!
    const other = (await units(`/api/v1/units?for=${COMMUNITY}&q=新绛县信访局`))[0]!
    const [onTime, late, open, elsewhere] = [await mk(), await mk(), await mk(), await mk()]
    for (const id of [onTime, late, open]) await dispatch(id, { unitId: unit.id, deadlineAt: '2026-11-25T10:00:00+08:00' })
    await dispatch(elsewhere, { unitId: other.id })
    const resolve = (id: number, at: string) => api(t.url, 'POST', `/api/v1/cases/${id}/transitions`, { action: 'resolve', at, outcome: 'success', level: 'town' })
    expect((await resolve(onTime, '2026-11-24T18:00:00+08:00')).status).toBe(200)
    expect((await resolve(late, '2026-11-25T12:00:00+08:00')).status).toBe(200)
    expect((await api(t.url, 'POST', `/api/v1/cases/${open}/notices`, {})).status).toBe(201)

    const v = (await api<ReviewView>(t.url, 'GET', `/api/v1/review?region=${COUNTY}&quarter=2026Q4`)).body
    const row = v.units.find((u) => u.unit.id === unit.id)!
    expect(row).toMatchObject({ dispatched: 3, resolved: 2, onTime: 1, overdue: 2, open: 1, onTimeRate: 50, notices: 1, escalated: 0 })
    expect(v.units.find((u) => u.unit.id === other.id)).toMatchObject({ dispatched: 1, resolved: 0, onTimeRate: null })
    // The briefing (研判报告) names it among the units with most overdue, and counts the notices as the review does.
    const said = (await api<Briefing>(t.url, 'GET', `/api/v1/review/briefing?region=${COUNTY}&quarter=2026Q4`)).body.sections.find((s) => s.heading === '三、超期与督办')!.blocks[0]!
    expect(said.type === 'p' && said.text).toContain('新绛县总工会（派单3件，超期2件，按期办结率50.00%）')
    const n = v.indicators.notices
    expect(said.type === 'p' && said.text).toContain(`本季度发出督办提示函${n.issued}份，已回复${n.answered}份，其中按期回复${n.answeredOnTime}份`)
    // A town's review counts its own cases only.
    const town = (await api<ReviewView>(t.url, 'GET', `/api/v1/review?region=${LONGXING}&quarter=2026Q4`)).body
    expect(town.units.find((u) => u.unit.id === unit.id)).toBeUndefined()
  })
})
