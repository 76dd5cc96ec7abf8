import ExcelJS from 'exceljs'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReviewCases, ReviewView } from '../../../server/contract'
import { manualClock } from '../../../server/domain/clock'
import { api, COMMUNITY, loginHeaders, newCase, OTHER_TOWN_COMMUNITY, startTestApp, type TestApp } from '../../helpers/app'

// A small county history whose every indicator is worked out by hand (docs/INDICATORS.md).
// Now is 10 February 2026: 2026Q1 is the current quarter, to date; 2025Q4 is the one before.
let t: TestApp
const as: Record<string, Record<string, string>> = {}
const ids: Record<string, number> = {}
const EMPTY_COMMUNITY = '140825400011' // 复兴社区: no cases in this history
beforeAll(async () => {
  t = await startTestApp({ clock: manualClock('2026-02-10T10:00:00+08:00') })
  const { accounts } = t.app.ctx
  await accounts.createUser({ username: 'lead', displayName: '县领导', role: 'leader', regionCode: '140825000000', password: 'lead-password' })
  await accounts.createUser({ username: 'townlead', displayName: '龙兴镇领导', role: 'leader', regionCode: '140825100000', password: 'townlead-password' })
  as.lead = await loginHeaders(t.url, 'lead', 'lead-password')
  as.townlead = await loginHeaders(t.url, 'townlead', 'townlead-password')
  as.screen = { authorization: `Bearer ${(await accounts.createKey({ kind: 'screen', name: '大屏', regionCode: '140825000000' })).secret}` }

  const report = async (name: string, regionCode: string, acceptedAt: string, deadlineAt: string) => {
    const at = `${acceptedAt}+08:00`
    ids[name] = (await api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: `R-${name}`, regionCode, reportedAt: at, acceptedAt: at, deadlineAt: `${deadlineAt}+08:00` }))).body.id
  }
  const act = async (name: string, body: Record<string, unknown>) => {
    const res = await api(t.url, 'POST', `/api/v1/cases/${ids[name]}/transitions`, { ...body, at: `${body.at}+08:00` })
    expect(res.status, `${name} ${body.action}`).toBe(200)
  }
  await report('c1', COMMUNITY, '2025-10-10T09:00:00', '2025-10-20T09:00:00')
  await act('c1', { action: 'resolve', at: '2025-10-15T09:00:00', outcome: 'success', level: 'village' })
  await act('c1', { action: 'visit', at: '2025-10-16T09:00:00', satisfaction: 'satisfied' })
  await report('c2', COMMUNITY, '2025-11-01T09:00:00', '2025-11-05T09:00:00')
  await act('c2', { action: 'resolve', at: '2025-11-10T09:00:00', outcome: 'success', level: 'town' })
  await act('c2', { action: 'visit', at: '2025-11-11T09:00:00', satisfaction: 'unsatisfied' })
  // Accepted in one quarter, closed in the next.
  await report('c3', OTHER_TOWN_COMMUNITY, '2025-12-30T10:00:00', '2026-01-10T10:00:00')
  await act('c3', { action: 'resolve', at: '2026-01-05T10:00:00', outcome: 'failed', level: 'county' })
  // Open, and past its deadline now.
  await report('c4', OTHER_TOWN_COMMUNITY, '2025-12-01T09:00:00', '2025-12-10T09:00:00')
  // Resolved, then reopened: its resolution counts nowhere.
  await report('c5', COMMUNITY, '2025-10-20T09:00:00', '2026-03-31T09:00:00')
  await act('c5', { action: 'resolve', at: '2025-10-25T09:00:00', outcome: 'success', level: 'village' })
  await act('c5', { action: 'reopen', at: '2025-10-28T09:00:00' })
  // This quarter so far: one open case, not yet due.
  await report('c6', COMMUNITY, '2026-01-20T09:00:00', '2026-02-20T09:00:00')
})
afterAll(async () => {
  await t.close()
})

const review = async (query: string, who = as.lead) => api<ReviewView>(t.url, 'GET', `/api/v1/review?${query}`, undefined, undefined, who)

describe('the quarterly review', () => {
  it('gives every indicator of a closed quarter to the digit', async () => {
    const { status, body } = await review('quarter=2025Q4')
    expect(status).toBe(200)
    expect(body).toMatchObject({ quarter: '2025Q4', label: '2025年第四季度', from: '2025-10-01', to: '2025-12-31', current: false, region: { code: '140825000000', name: '新绛县' } })
    expect(body.indicators).toMatchObject({
      accepted: 5, // c1–c5
      resolved: 2, // c1, c2 (c3 closed in January, c5 reopened)
      successful: 2, // c1, c2
      successRate: 40, // 2 / 5
      resolvedCohort: 3, // c1, c2, c3
      onTime: 2, // c1, c3
      onTimeRate: 66.67,
      overdue: 2, // c2 late, c4 open past its deadline
      open: 2, // c4, c5
      avgHandlingHours: 160, // (5 + 9 + 6 days) / 3
      levels: { village: 1, town: 1, county: 0 },
      localRate: 50,
      visited: 2,
      satisfied: 1,
      visitRate: 66.67,
      satisfactionRate: 50,
    })
  })

  it('ranks the towns, shows "—" (null) where nothing was accepted, and drills down to a town', async () => {
    const { body } = await review('quarter=2025Q4')
    expect(body.children).toHaveLength(11)
    const town = (code: string) => body.children.find((c) => c.code === code)!.block
    expect(town('140825400000')).toMatchObject({ accepted: 3, successful: 2, successRate: 66.67, overdue: 1 })
    expect(town('140825100000')).toMatchObject({ accepted: 2, successful: 0, successRate: 0, overdue: 1 })
    expect(town('140825101000')).toMatchObject({ accepted: 0, successRate: null, onTimeRate: null, avgHandlingHours: null })
    const drilled = (await review('quarter=2025Q4&region=140825400000')).body
    expect(drilled.region.level).toBe('town')
    expect(drilled.children.find((c) => c.code === COMMUNITY)!.block).toMatchObject({ accepted: 3, successRate: 66.67 })
    const empty = (await review(`quarter=2025Q4&region=${EMPTY_COMMUNITY}`)).body
    expect(empty.indicators).toMatchObject({ accepted: 0, successRate: null, onTimeRate: null, localRate: null, satisfactionRate: null })
    expect(empty.children).toEqual([])
  })

  it('compares the current quarter to date with the same days of the last quarter and of last year', async () => {
    const { body } = await review('')
    expect(body).toMatchObject({ quarter: '2026Q1', from: '2026-01-01', to: '2026-02-10', current: true })
    expect(body.indicators).toMatchObject({ accepted: 1, successful: 0, successRate: 0, resolved: 1, onTimeRate: null, open: 1, overdue: 0, levels: { county: 1 }, localRate: 0 })
    // 1 October to 10 November: c1, c5 and c2 were accepted.
    expect(body.previous).toMatchObject({ quarter: '2025Q4', indicators: { accepted: 3 } })
    expect(body.lastYear).toMatchObject({ quarter: '2025Q1', indicators: { accepted: 0, successRate: null } })
    // The records start on 10 October 2025: 2025Q4 is only partly covered and 2025Q1 not at all
    // (unknown, not zero), so neither is compared; the current quarter is marked as running.
    expect(body.dataFrom).toBe('2025-10-10')
    // The map judges against the rules' target, as the server has it.
    expect(body.successTarget).toBe(95)
    expect([body.previous.partial, body.lastYear.partial]).toEqual([true, true])
    expect(body.trend.map((x) => x.partial)).toEqual([true, true, true, true, true, true, true, true])
    expect(body.trend.map((x) => x.quarter)).toEqual(['2024Q2', '2024Q3', '2024Q4', '2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1'])
    expect(body.trend.at(-2)!.block).toMatchObject({ accepted: 5, successful: 2 })
  })

  it('lists exactly the cases behind a number', async () => {
    const list = async (set: string, quarter = '2025Q4') => (await api<ReviewCases>(t.url, 'GET', `/api/v1/review/cases?quarter=${quarter}&set=${set}`, undefined, undefined, as.lead)).body
    const idsOf = (r: ReviewCases) => r.cases.map((c) => c.id).sort((a, b) => a - b)
    expect(idsOf(await list('overdue'))).toEqual([ids.c2, ids.c4])
    expect((await list('overdue')).total).toBe(2)
    expect(idsOf(await list('accepted'))).toEqual([ids.c1, ids.c2, ids.c3, ids.c4, ids.c5])
    expect(idsOf(await list('successful'))).toEqual([ids.c1, ids.c2])
    expect(idsOf(await list('resolved'))).toEqual([ids.c1, ids.c2])
    expect(idsOf(await list('resolved', '2026Q1'))).toEqual([ids.c3])
    expect(idsOf(await list('unsatisfied'))).toEqual([ids.c2])
  })

  it('is for people in their region: 401 for nobody, 403 for a wall or another town, 400 for a bad quarter', async () => {
    expect((await review('quarter=2025Q4', {})).status).toBe(401)
    expect((await review('quarter=2025Q4', as.screen)).status).toBe(403)
    expect((await review('quarter=2025Q4&region=140825400000', as.townlead)).status).toBe(403)
    expect((await review('quarter=2025Q4', as.townlead)).body.region.code).toBe('140825100000')
    expect(await review('quarter=2025Q5')).toMatchObject({ status: 400, body: { issues: [{ field: 'quarter' }] } })
    expect(await review('quarter=2025Q4&kind=%3Cscript%3E')).toMatchObject({ status: 400, body: { issues: [{ field: 'kind' }] } })
  })

  it('exports the view as a workbook of typed numbers with Chinese headers, and as a paged A4 landscape PDF', async () => {
    const xlsx = await fetch(`${t.url}/api/v1/review/export.xlsx?quarter=2025Q4`, { headers: as.lead })
    expect(xlsx.status).toBe(200)
    expect(decodeURIComponent(xlsx.headers.get('content-disposition')!)).toContain('新绛县-2025Q4-矛盾纠纷-季度研判.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    expect(wb.worksheets.map((w) => w.name)).toEqual(['核心指标', '乡镇排名', '类别构成', '来源构成', '近八季度', '志愿服务'])
    const cards = wb.getWorksheet('核心指标')!
    // Each sheet says what it counts: 矛盾纠纷 by default, 民生诉求 when asked.
    expect(String(cards.getRow(1).getCell(1).value)).toContain('核心指标（矛盾纠纷）')
    const appeals = await fetch(`${t.url}/api/v1/review/export.xlsx?quarter=2025Q4&kind=appeal`, { headers: as.lead })
    expect(decodeURIComponent(appeals.headers.get('content-disposition')!)).toContain('新绛县-2025Q4-民生诉求-季度研判.xlsx')
    expect(cards.getRow(3).values).toEqual([undefined, '指标', '2025年第四季度', '上季度（2025Q3，数据不全）', '环比', '去年同期（2024Q4，数据不全）', '同比'])
    const row = (label: string) => cards.getRows(4, cards.rowCount - 3)!.find((r) => r.getCell(1).value === label)!
    expect(row('受理数').getCell(2).value).toBe(5)
    expect(row('化解成功率（%）').getCell(2).value).toBe(40)
    expect(row('化解成功率（%）').getCell(3).value).toBe('—')
    // Before the records start nothing is compared: "—", never 0 beside a change.
    expect([2, 3, 4, 5, 6].map((c) => row('受理数').getCell(c).value)).toEqual([5, '—', '—', '—', '—'])
    const ranking = wb.getWorksheet('乡镇排名')!
    // Ranked by success rate (handling: c1 5 days and c2 9 days → 168 h; c3 6 days → 144 h): the urban communities' town first, 龙兴镇 second, towns with nothing accepted show —.
    // Three and two cases are no sample for a rate: listed in the same order, but unranked (—).
    expect(ranking.getRow(4).values).toEqual([undefined, '—', '新绛县社区', 3, 2, 2, 66.67, 50, 1, 168])
    expect(ranking.getRow(5).values).toEqual([undefined, '—', '龙兴镇', 2, 0, 0, 0, 100, 1, 144])
    expect(ranking.getRow(6).getCell(6).value).toBe('—')

    const pdf = await fetch(`${t.url}/api/v1/review/export.pdf?quarter=2025Q4`, { headers: as.lead })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) })
    const info = await parser.getInfo({ parsePageInfo: true })
    const text = (await parser.getText()).text
    await parser.destroy()
    expect(info.total).toBeGreaterThanOrEqual(2)
    const page = (info as unknown as { pages: { width: number; height: number }[] }).pages[0]!
    expect(Math.round(page.width)).toBe(842)
    expect(Math.round(page.height)).toBe(595)
    for (const s of ['新绛县', '2025年第四季度矛盾纠纷研判', '化解成功率', '生成时间', `第 1 页 / 共 ${info.total} 页`, '龙兴镇']) expect(text).toContain(s)
    // The charts under the title: eight quarters, and (no town has cases enough to rank) the categories.
    for (const s of ['近八个季度矛盾纠纷受理数与化解成功率', '25年Q4', '2025年第四季度矛盾纠纷类别']) expect(text).toContain(s)
    expect(text).not.toContain('季度季度')
  })
})
