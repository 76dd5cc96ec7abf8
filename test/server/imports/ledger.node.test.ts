/**
 * 台账导入: a centre's Excel ledger, made here row by row with known good and bad rows, checked
 * (a dry run stores no case and names every bad row), imported, and read back through the
 * review: its figures equal a count made from the file. Importing it again stores nothing.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../../db/client'
import type { ReviewView, Snapshot } from '../../../server/contract'
import type { ImportView } from '../../../server/store/imports'
import { io } from 'socket.io-client'
import { followRegion, type FollowerState, type StreamSocket } from '../../../client/lib/follower'
import { api, COMMUNITY, loginHeaders, newCase, screenToken, startTestApp, type TestApp } from '../../helpers/app'
import { until } from '../../helpers/events'

let t: TestApp
let admin: Record<string, string>

const HEADERS = ['受理编号', '登记时间', '所属村社区', '纠纷类别', '事由', '涉及人数', '办结时间', '化解结果', '化解层级', '备注']
const CATEGORIES = ['邻里纠纷', '婚恋家庭', '物业服务', '欠薪欠费']
type Row = (string | number | Date | { formula: string } | null)[]

/** A ledger of `n` good rows over 2025 (a third still open), the bad rows after them. */
function ledger(n: number, places: string[]) {
  const rows: Row[] = []
  const good: { acceptedAt: Date; resolvedAt: Date | null; outcome: string; level: string | null }[] = []
  for (let i = 0; i < n; i++) {
    // Wall-clock Beijing times, as Excel keeps them (a Date whose UTC fields are the wall clock).
    const day = 1 + (i * 7) % 360
    const accepted = new Date(Date.UTC(2025, 0, day, 8 + (i % 10), (i * 13) % 60))
    const open = i % 3 === 0
    const resolved = open ? null : new Date(+accepted + (2 + (i % 9)) * 86_400_000)
    const outcome = i % 17 === 0 ? '未成功' : '化解成功'
    // The closing level as ledgers write it: 村（社区）, or 小区 (the grid, by its alias).
    const level = resolved ? (i % 4 === 1 ? '小区' : '村（社区）') : null
    rows.push([`TZ-2025-${String(i + 1).padStart(5, '0')}`, accepted, places[i % places.length]!, CATEGORIES[i % CATEGORIES.length]!, `${places[i % places.length]}邻里纠纷${i}`, 1 + (i % 4), resolved, resolved ? outcome : null, level, ''])
    good.push({ acceptedAt: new Date(+accepted - 8 * 3_600_000), resolvedAt: resolved && new Date(+resolved - 8 * 3_600_000), outcome, level: level && (level === '小区' ? 'grid' : 'village') })
  }
  const bad: [Row, string, RegExp][] = [
    [['TZ-BAD-1', new Date(Date.UTC(2025, 2, 1, 9)), '不存在村', '邻里纠纷', '无名村的纠纷', 1, null, null, null, ''], '所属村社区', /本地区没有这个村/],
    [['TZ-BAD-2', new Date(Date.UTC(2025, 2, 1, 9)), places[0]!, '邻里纠纷', '办结早于登记', 1, new Date(Date.UTC(2025, 1, 1, 9)), '化解成功', '村（社区）', ''], '办结时间', /早于登记时间/],
    [['TZ-2025-00001', new Date(Date.UTC(2025, 2, 1, 9)), places[0]!, '邻里纠纷', '重复的编号', 1, null, null, null, ''], '受理编号', /与第 2 行的受理编号重复/],
    [['TZ-BAD-4', new Date(Date.UTC(2025, 2, 1, 9)), places[0]!, '邻里纠纷', '=HYPERLINK("http://evil.example","点我")', 1, null, null, null, ''], '事由', /公式/],
    [['TZ-BAD-5', new Date(Date.UTC(2025, 2, 1, 9)), places[0]!, '邻里纠纷', 'x'.repeat(1_048_576), 1, null, null, null, ''], '事由', /内容过长/],
    [['TZ-BAD-6', '2025-03-01 09:00', places[0]!, '没有的类别', '类别不认识', 1, null, null, null, ''], '纠纷类别', /没有这个纠纷类别/],
    [['TZ-BAD-7', '2025-02-30 09:00', places[0]!, '邻里纠纷', '不存在的日期', 1, null, null, null, ''], '登记时间', /不存在的日期/],
    [['TZ-BAD-8', new Date(Date.UTC(2025, 2, 1, 9)), places[0]!, '邻里纠纷', { formula: 'HYPERLINK("http://evil.example","x")' }, 1, null, null, null, ''], '事由', /公式/],
  ]
  return { rows: [...rows, ...bad.map((b) => b[0])], good, bad: bad.map(([, column, reason], i) => ({ row: n + 2 + i, column, reason })) }
}

async function xlsx(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('台账')
  ws.addRow(HEADERS)
  for (const r of rows) ws.addRow(r)
  ws.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm'
  ws.getColumn(7).numFmt = 'yyyy-mm-dd hh:mm'
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const upload = (file: Buffer, body: Record<string, unknown> = {}) => api<ImportView>(t.url, 'POST', '/api/v1/imports', { file: file.toString('base64'), name: '2025年台账.xlsx', zone: 'Asia/Shanghai', ...body }, undefined, admin)
const ledgerCases = async () => Number((await queryRows<{ n: string }>(t.app.ctx.db, sql`select count(*) as n from cases where source = 'ledger'`))[0]!.n)

async function finished(id: number): Promise<ImportView> {
  for (let i = 0; i < 300; i++) {
    const v = (await api<ImportView>(t.url, 'GET', `/api/v1/imports/${id}`, undefined, undefined, admin)).body
    if (v.status !== 'running') return v
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`import ${id} still running`)
}

let places: string[]
beforeAll(async () => {
  t = await startTestApp({ history: false })
  await t.app.ctx.accounts.createUser({ username: 'ledger-admin', displayName: '县中心管理员', role: 'admin', regionCode: '140825000000', password: 'ledger-admin-password' })
  admin = await loginHeaders(t.url, 'ledger-admin', 'ledger-admin-password')
  const all = (await api<{ name: string; code: string }[]>(t.url, 'GET', '/api/v1/regions?level=community', undefined, undefined, admin)).body.filter((r) => r.code.startsWith('140825'))
  const counts = new Map<string, number>()
  for (const r of all) counts.set(r.name, (counts.get(r.name) ?? 0) + 1)
  places = all.filter((r) => counts.get(r.name) === 1).map((r) => r.name).slice(0, 40)
}, 60_000)
afterAll(async () => {
  await t?.close()
})

describe('台账导入', () => {
  const made = ledger(2400, [])
  let file: Buffer
  let checked: ImportView

  it('a dry run names every bad row (row, column, value, reason) and stores no case', { timeout: 60_000 }, async () => {
    const l = ledger(2400, places)
    Object.assign(made, l)
    file = await xlsx(l.rows)
    const res = await upload(file)
    expect(res.status).toBe(200)
    checked = res.body
    expect(checked.status).toBe('checked')
    expect(checked.total).toBe(l.good.length)
    expect(checked.problemCount).toBe(l.bad.length)
    for (const b of l.bad) expect(checked.problems.some((p) => p.row === b.row && p.column === b.column && b.reason.test(p.reason)), `row ${b.row} ${b.column}`).toBe(true)
    // A 1 MB cell comes back cut, never whole.
    expect(Math.max(...checked.problems.map((p) => p.value.length))).toBeLessThanOrEqual(100)
    expect(checked.unmatched.community).toEqual(['不存在村'])
    expect(checked.unmatched.category).toEqual(['没有的类别'])
    expect(checked.columns).toMatchObject({ externalId: '受理编号', acceptedAt: '登记时间', community: '所属村社区', resolvedAt: '办结时间' })
    expect(await ledgerCases()).toBe(0)

    // The problems download as a workbook, formulas as text.
    const dl = await fetch(`${t.url}/api/v1/imports/${checked.id}/problems.xlsx`, { headers: admin })
    expect(dl.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await dl.arrayBuffer())
    const ws = wb.getWorksheet('问题行')!
    expect(ws.rowCount).toBe(1 + l.bad.length)
    for (let i = 2; i <= ws.rowCount; i++) expect(ws.getRow(i).getCell(3).formula).toBeUndefined()
  })

  it('times without a zone are refused unless the import says they are Beijing time', async () => {
    const plain = Buffer.from(`受理编号,登记时间,所属村社区,纠纷类别,事由\nTZ-Z-1,2025-03-01 09:00,${places[0]},邻里纠纷,无时区\nTZ-Z-2,2025-03-01T09:00:00+08:00,${places[0]},邻里纠纷,有时区\n`)
    const refused = await upload(plain, { zone: null })
    expect(refused.body.problems).toEqual([{ row: 2, column: '登记时间', value: '2025-03-01 09:00', reason: expect.stringMatching(/没有时区/) }])
    expect(refused.body.total).toBe(1)
    const read = await upload(plain)
    expect(read.body.problems).toEqual([])
    expect(read.body.total).toBe(2)
  })

  it('a file without the columns it needs is refused with what is missing; a mapping names them', async () => {
    const odd = Buffer.from(`编号X,时间,地点,类,内容\nTZ-M-1,2025-03-01T09:00:00+08:00,${places[0]},邻里纠纷,映射\n`)
    const refused = await upload(odd)
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({ issues: [{ field: 'columns', reason: expect.stringContaining('受理编号（externalId）') }], headers: ['编号X', '时间', '地点', '类', '内容'], missing: expect.arrayContaining(['externalId', 'acceptedAt', 'community', 'category', 'title']) })
    const mapped = await upload(odd, { mapping: { externalId: '编号X', acceptedAt: '时间', community: '地点', category: '类', title: '内容' } })
    expect(mapped.status).toBe(200)
    expect(mapped.body.total).toBe(1)
    expect(await ledgerCases()).toBe(0)
  })

  it('imports the good rows in the background with its progress; the review counts what the file says; a wall following the county keeps its latest cases', { timeout: 120_000 }, async () => {
    // A wall on the county, with a case of today in its feed.
    const today = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))
    const socket = io(t.url, { transports: ['websocket'], auth: { token: screenToken(t.url) } }) as StreamSocket
    let wall: FollowerState | null = null
    const follower = followRegion(socket, (s) => (wall = s))
    follower.start('140825000000')
    await until(() => !!wall?.aggregates && !wall.syncing)
    const frames = { n: 0, events: 0, imported: 0 }
    socket.on('stream:batch', (b) => {
      frames.n++
      frames.events += b.events.length
      for (const e of b.events) if (e.event === 'cases:imported') frames.imported += Number(e.data.count)
    })
    const started = await api<ImportView>(t.url, 'POST', `/api/v1/imports/${checked.id}/start`, undefined, undefined, admin)
    expect(started.status).toBe(202)
    const done = await finished(checked.id)
    expect(done).toMatchObject({ status: 'done', total: made.good.length, done: made.good.length, inserted: made.good.length, existing: 0 })
    expect(done.rate).toBeGreaterThan(0)
    expect(await ledgerCases()).toBe(made.good.length)
    // The wall took the import in a few frames (a batch of a thousand is one), and its latest
    // cases are still today's: a case reported a year ago is history, not news, live or in a new snapshot.
    await until(() => wall!.seq >= Number((t.app.ctx.hub as unknown as { position: number }).position))
    expect(frames.n).toBeLessThan(40)
    // One event per community and batch, not one per case; together they count every case.
    expect(frames.imported).toBe(made.good.length)
    expect(frames.events).toBeLessThan(made.good.length / 4)
    // The ledger's open cases are open on the wall too (and today's case).
    const openTotal = () => {
      const o = wall!.aggregates!.open
      return o.red + o.yellow + o.green
    }
    await until(() => openTotal() === made.good.filter((g) => !g.resolvedAt).length + 1).catch(() => expect(openTotal()).toBe(made.good.filter((g) => !g.resolvedAt).length + 1))
    expect(wall!.feed[0]!.id).toBe(today.body.id)
    expect(wall!.feed.some((c) => c.externalId.startsWith('TZ-'))).toBe(false)
    const fresh = (await socket.timeout(10_000).emitWithAck('screen:subscribe', { region: '140825000000' })) as { snapshot: Snapshot }
    expect(fresh.snapshot.feed.some((c) => c.externalId.startsWith('TZ-'))).toBe(false)
    // The events carried only what a wall shows, and it shows what a new snapshot does: the
    // ledger's open cases that turned red most recently, in the same order.
    expect(fresh.snapshot.redFlags.filter((c) => c.externalId.startsWith('TZ-')).length).toBeGreaterThan(0)
    expect(wall!.redFlags.map((c) => c.id)).toEqual(fresh.snapshot.redFlags.map((c) => c.id))
    follower.stop()
    socket.close()
    // A second start is refused: it is done.
    expect((await api(t.url, 'POST', `/api/v1/imports/${checked.id}/start`, undefined, undefined, admin)).status).toBe(400)

    // The review of each quarter of 2025 against a count from the file (Beijing quarters).
    const quarterOf = (d: Date) => {
      const local = new Date(+d + 8 * 3_600_000)
      return `${local.getUTCFullYear()}Q${Math.floor(local.getUTCMonth() / 3) + 1}`
    }
    for (const q of ['2025Q1', '2025Q2', '2025Q3', '2025Q4']) {
      const v = (await api<ReviewView>(t.url, 'GET', `/api/v1/review?region=140825000000&quarter=${q}`, undefined, undefined, admin)).body
      const accepted = made.good.filter((g) => quarterOf(g.acceptedAt) === q)
      const resolved = made.good.filter((g) => g.resolvedAt && quarterOf(g.resolvedAt) === q)
      expect(v.indicators.accepted, q).toBe(accepted.length)
      expect(v.indicators.resolved, q).toBe(resolved.length)
      // 化解成功数 counts the quarter's accepted cases resolved successfully by now (docs/INDICATORS.md).
      expect(v.indicators.successful, q).toBe(accepted.filter((g) => g.resolvedAt && g.outcome === '化解成功').length)
      // 化解层级: 小区 is the grid's, on the ladder too.
      expect(v.indicators.ladder.closed, q).toEqual({ grid: resolved.filter((g) => g.level === 'grid').length, village: resolved.filter((g) => g.level === 'village').length, town: 0, county: 0 })
    }
  })

  it('keeps each case’s own timeline: accepted and resolved at the ledger’s times, and where it came from', async () => {
    const [c] = await queryRows<{ id: number }>(t.app.ctx.db, sql`select id from cases where external_id = 'TZ-2025-00002'`)
    const detail = (await api<{ status: string; acceptedAt: string; resolvedAt: string; timeline: { action: string; at: string; toStatus: string; data: Record<string, unknown> }[] }>(t.url, 'GET', `/api/v1/cases/${c!.id}`, undefined, undefined, admin)).body
    expect(detail.status).toBe('resolved')
    const steps = detail.timeline.map((e) => e.action)
    expect(steps).toEqual(['create', 'resolve'])
    const created = detail.timeline.find((e) => e.action === 'create')!
    expect(created.toStatus).toBe('accepted')
    expect(created.at).toBe(detail.acceptedAt)
    expect(String(created.data.note)).toMatch(/台账导入：2025年台账\.xlsx 第 3 行/)
    expect(detail.timeline.find((e) => e.action === 'resolve')!.at).toBe(detail.resolvedAt)
    // 2025-01-08 09:13 Beijing time.
    expect(Date.parse(detail.acceptedAt)).toBe(Date.parse('2025-01-08T09:13:00+08:00'))
  })

  it('importing the same file again stores nothing new', { timeout: 120_000 }, async () => {
    const again = await upload(file, { dryRun: false })
    expect(again.status).toBe(202)
    const done = await finished(again.body.id)
    expect(done).toMatchObject({ status: 'done', inserted: 0, existing: made.good.length })
    expect(await ledgerCases()).toBe(made.good.length)
  })

  it('links 承办单位 the directory knows, the one of that name nearest the case; others keep their name', { timeout: 60_000 }, async () => {
    const regionOf = new Map((await api<{ name: string; code: string }[]>(t.url, 'GET', '/api/v1/regions?level=community', undefined, undefined, admin)).body.map((r) => [r.name, r.code]))
    const [a, b] = [places[0]!, places.find((p) => regionOf.get(p)!.slice(0, 9) !== regionOf.get(places[0]!)!.slice(0, 9))!]
    const townOf = (p: string) => `${regionOf.get(p)!.slice(0, 9)}000`
    // The same name in both towns, and one at the county.
    const unit = async (name: string, regionCode: string) => (await api<{ id: number }>(t.url, 'POST', '/api/v1/admin/units', { name, regionCode }, undefined, admin)).body.id
    const inA = await unit('镇综治中心', townOf(a))
    const inB = await unit('镇综治中心', townOf(b))
    const county = await unit('县司法局', '140825000000')
    const csv = Buffer.from(
      ['受理编号,登记时间,所属村社区,纠纷类别,事由,承办单位,办结时间,化解结果', `TZ-U-1,2025-05-01 09:00,${a},邻里纠纷,单位甲,镇综治中心,2025-05-03 09:00,化解成功`, `TZ-U-2,2025-05-01 09:00,${b},邻里纠纷,单位乙,镇综治中心,,`, `TZ-U-3,2025-05-01 09:00,${a},邻里纠纷,单位丙,县司法局,,`, `TZ-U-4,2025-05-01 09:00,${a},邻里纠纷,单位丁,没登记的单位,,`].join('\n'),
    )
    const started = await api<ImportView>(t.url, 'POST', '/api/v1/imports', { file: csv.toString('base64'), name: '单位.csv', zone: 'Asia/Shanghai', dryRun: false }, undefined, admin)
    expect(started.status).toBe(202)
    expect(await finished(started.body.id)).toMatchObject({ status: 'done', inserted: 4 })
    const rows = await queryRows<{ external_id: string; assigned_unit: string; assigned_unit_id: number | null }>(t.app.ctx.db, sql`select external_id, assigned_unit, assigned_unit_id from cases where external_id like 'TZ-U-%' order by external_id`)
    expect(rows.map((r) => [r.external_id, r.assigned_unit, r.assigned_unit_id])).toEqual([
      ['TZ-U-1', '镇综治中心', inA],
      ['TZ-U-2', '镇综治中心', inB],
      ['TZ-U-3', '县司法局', county],
      ['TZ-U-4', '没登记的单位', null],
    ])
  })

  it('drops the file of a check never started within a week, and of a finished import', async () => {
    const small = await upload(await xlsx(ledger(3, places).rows.slice(0, 3)), { name: '搁置的台账.xlsx' })
    expect(small.status).toBe(200)
    const size = async (id: number) => (await queryRows<{ n: number; status: string }>(t.app.ctx.db, sql`select length(content)::int as n, status from imports where id = ${id}`))[0]!
    expect((await size(small.body.id)).n).toBeGreaterThan(0)
    // Not yet a week: kept.
    expect(await t.app.ctx.imports.expireChecked()).not.toContain(small.body.id)
    await t.app.ctx.db.execute(sql`update imports set created_at = now() - interval '8 days' where id = ${small.body.id}`)
    expect(await t.app.ctx.imports.expireChecked()).toContain(small.body.id)
    expect(await size(small.body.id)).toEqual({ n: 0, status: 'expired' })
    expect((await api(t.url, 'POST', `/api/v1/imports/${small.body.id}/start`, undefined, undefined, admin)).status).toBe(400)
    // The finished import of this file keeps no copy of it.
    const [done] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select max(length(content))::int as n from imports where status = 'done'`)
    expect(done!.n).toBe(0)
  })

  it('is for admins of the region only', async () => {
    await t.app.ctx.accounts.createUser({ username: 'ledger-duty', displayName: '值班员', role: 'duty', regionCode: '140825000000', password: 'ledger-duty-password' })
    const duty = await loginHeaders(t.url, 'ledger-duty', 'ledger-duty-password')
    expect((await api(t.url, 'GET', `/api/v1/imports/${checked.id}`, undefined, undefined, duty)).status).toBe(403)
    await t.app.ctx.accounts.createUser({ username: 'town-admin', displayName: '镇管理员', role: 'admin', regionCode: '140825100000', password: 'town-admin-password' })
    const town = await loginHeaders(t.url, 'town-admin', 'town-admin-password')
    expect((await api(t.url, 'GET', `/api/v1/imports/${checked.id}`, undefined, undefined, town)).status).toBe(404)
    expect((await api(t.url, 'POST', `/api/v1/imports/${checked.id}/start`, undefined, undefined, town)).status).toBe(404)
  })
})
