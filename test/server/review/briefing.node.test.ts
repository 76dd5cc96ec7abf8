import { strFromU8, unzipSync } from 'fflate'
import { writeFileSync, mkdirSync } from 'node:fs'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Briefing, ReviewView } from '../../../server/contract'
import { manualClock } from '../../../server/domain/clock'
import { api, loginHeaders, startTestApp, type TestApp } from '../../helpers/app'

// The demo county with its three years of history, on the day the other demo tests use.
const COUNTY = '140825000000'
let t: TestApp
const clock = manualClock('2026-11-24T09:00:00+08:00')
const as: Record<string, Record<string, string>> = {}
beforeAll(async () => {
  t = await startTestApp({ history: true, clock })
  const { accounts } = t.app.ctx
  await accounts.createUser({ username: 'townlead', displayName: '龙兴镇领导', role: 'leader', regionCode: '140825100000', password: 'townlead-password' })
  as.townlead = await loginHeaders(t.url, 'townlead', 'townlead-password')
  as.screen = { authorization: `Bearer ${(await accounts.createKey({ kind: 'screen', name: '大屏', regionCode: COUNTY })).secret}` }
}, 240_000)
afterAll(() => t?.close())

const text = (b: Briefing) => b.sections.flatMap((s) => s.blocks.flatMap((x) => (x.type === 'p' ? [x.text] : x.type === 'list' ? x.items : [])))

/** The change of a count in the report's words, worked out here on its own. */
function countWords(now: number, before: number) {
  const d = now - before
  if (d === 0) return '持平'
  return `${d > 0 ? '增加' : '减少'}${Math.abs(d)}件、${d > 0 ? '增长' : '下降'}${((Math.abs(d) / before) * 100).toFixed(2)}%`
}
function rateWords(now: number, before: number) {
  const d = Math.round((now - before) * 100) / 100
  return d === 0 ? '持平' : `${d > 0 ? '提高' : '下降'}${Math.abs(d).toFixed(2)}个百分点`
}

describe('研判报告 (the quarterly briefing)', () => {
  it("states the demo county's published 2026Q1 figures, and compares them with the quarter before and the year before in the right words", async () => {
    const { status, body } = await api<Briefing>(t.url, 'GET', `/api/v1/review/briefing?region=${COUNTY}&quarter=2026Q1`)
    expect(status).toBe(200)
    expect(body.title).toBe('新绛县2026年第一季度矛盾纠纷研判报告')
    expect(body.subtitle).toBe('统计区间：2026年1月1日至2026年3月31日')
    const [first, second] = text(body)
    expect(first).toContain('共受理矛盾纠纷765件')
    expect(first).toContain('化解成功738件，化解成功率96.47%')
    // QoQ and YoY against the review's own figures for 2025Q4 and 2025Q1.
    const review = (await api<ReviewView>(t.url, 'GET', `/api/v1/review?region=${COUNTY}&quarter=2026Q1`)).body
    const prev = review.previous.indicators
    const year = review.lastYear.indicators
    expect(review.previous.partial || review.lastYear.partial).toBe(false)
    expect(second).toBe(
      `与上季度（2025年第四季度）相比，受理数${countWords(765, prev.accepted)}，化解成功数${countWords(738, prev.successful)}，化解成功率${rateWords(96.47, prev.successRate!)}。` +
        `与去年同期（2025年第一季度）相比，受理数${countWords(765, year.accepted)}，化解成功数${countWords(738, year.successful)}，化解成功率${rateWords(96.47, year.successRate!)}。`,
    )
    // The sections a leader reads, each built from the numbers.
    expect(body.sections.map((s) => s.heading)).toEqual(['一、总体情况', '二、升降变化', '三、超期与督办', '四、趋势预警', '五、群众工作与志愿服务', '附表：主要指标对照'])
    const all = text(body).join('\n')
    expect(all).toMatch(/分类别看，受理较多的是.+（\d+件，占[\d.]+%）/)
    expect(all).toMatch(/分乡镇（街道）看，受理较多的是.+镇（\d+件/)
    expect(all).toContain(`接待群众472人次`)
    // The towns' table adds up to the county.
    const towns = body.sections[1]!.blocks.find((b) => b.type === 'table')
    expect(towns?.type === 'table' && towns.rows.reduce((n, r) => n + Number(r[1]), 0)).toBe(765)
  })

  it('is the same report, byte for byte, each time it is made from the same data: PDF of 2 to 4 pages and .docx', async () => {
    const get = async (ext: string) => Buffer.from(await (await fetch(`${t.url}/api/v1/review/briefing.${ext}?region=${COUNTY}&quarter=2026Q1`, { headers: await admin() })).arrayBuffer())
    const [pdf1, docx1] = [await get('pdf'), await get('docx')]
    clock.advance(60_000)
    const [pdf2, docx2] = [await get('pdf'), await get('docx')]
    expect(pdf1.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf2.equals(pdf1)).toBe(true)
    expect(docx2.equals(docx1)).toBe(true)
    const parser = new PDFParse({ data: new Uint8Array(pdf1) })
    const parsed = await parser.getText()
    expect(parsed.total).toBeGreaterThanOrEqual(2)
    expect(parsed.total).toBeLessThanOrEqual(4)
    const flat = parsed.text.replace(/\s+/g, '')
    expect(flat).toContain('共受理矛盾纠纷765件')
    expect(flat).toContain('化解成功率96.47%')
    const files = unzipSync(new Uint8Array(docx1))
    const xml = strFromU8(files['word/document.xml']!)
    expect(xml).toContain('共受理矛盾纠纷765件')
    expect(xml).toContain('化解成功率96.47%')
    // The charts are in it as pictures.
    expect(Object.keys(files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png')).length).toBeGreaterThanOrEqual(3)
    if (process.env.BRIEFING_OUT) {
      mkdirSync(process.env.BRIEFING_OUT, { recursive: true })
      writeFileSync(`${process.env.BRIEFING_OUT}/briefing-2026Q1.pdf`, pdf1)
      writeFileSync(`${process.env.BRIEFING_OUT}/briefing-2026Q1.docx`, docx1)
    }
  })
})

async function admin() {
  // The api helper's session, as headers for a raw fetch.
  return loginHeaders(t.url, 'test-admin', 'test-admin-password')
}

describe('研判报告 for other regions, quarters and callers', () => {
  it("tells a town by its communities, and a running quarter to date", async () => {
    const town = (await api<Briefing>(t.url, 'GET', '/api/v1/review/briefing?region=140825400000&quarter=2026Q1')).body
    const review = (await api<ReviewView>(t.url, 'GET', '/api/v1/review?region=140825400000&quarter=2026Q1')).body
    expect(town.title).toBe(`${review.region.name}2026年第一季度矛盾纠纷研判报告`)
    expect(text(town)[0]).toContain(`共受理矛盾纠纷${review.indicators.accepted}件`)
    expect(text(town).join('')).toContain('分村（社区）看')
    const table = town.sections[1]!.blocks.find((b) => b.type === 'table')
    // At most fifteen rows, the busiest first, and it says how many there are.
    expect(table?.type === 'table' && table.rows.length).toBe(Math.min(15, review.children.length))
    if (review.children.length > 15) expect(table?.type === 'table' && table.caption).toContain(`共${review.children.length}个`)
    // A community has no places under it: no such paragraph or table, the rest as for any region.
    const community = (await api<Briefing>(t.url, 'GET', '/api/v1/review/briefing?region=140825400012&quarter=2026Q1')).body
    expect(community.title).toBe('龙湖社区2026年第一季度矛盾纠纷研判报告')
    expect(community.sections[1]!.blocks.some((b) => b.type === 'table')).toBe(false)
    // 民生诉求 are told apart, by their own count (the county's 328 of the quarter).
    const appeals = (await api<Briefing>(t.url, 'GET', `/api/v1/review/briefing?region=${COUNTY}&quarter=2026Q1&kind=appeal`)).body
    expect(appeals.title).toBe('新绛县2026年第一季度民生诉求研判报告')
    expect(text(appeals)[0]).toContain('共受理民生诉求328件')
    const now = (await api<Briefing>(t.url, 'GET', `/api/v1/review/briefing?region=${COUNTY}`)).body
    expect(now.quarter).toBe('2026Q4')
    expect(now.subtitle).toBe('统计区间：2026年10月1日至2026年11月24日（本季度截至当日，环比、同比按相同天数比较）')
  })

  it('answers a bad quarter or region with 400 naming the field, and keeps the briefing from a wall', async () => {
    for (const [query, field] of [['quarter=2026Q5', 'quarter'], ['quarter=2026-01', 'quarter'], ['region=14082', 'region'], ['kind=<b>', 'kind']]) {
      const res = await api(t.url, 'GET', `/api/v1/review/briefing.pdf?${query}`)
      expect(res.status, query).toBe(400)
      expect(JSON.stringify(res.body), query).toContain(field)
    }
    expect((await api(t.url, 'GET', `/api/v1/review/briefing?region=${COUNTY}`, undefined, undefined, as.screen)).status).toBe(403)
    // A town's leader reads the town's briefing, not the county's.
    expect((await api(t.url, 'GET', `/api/v1/review/briefing.docx?region=${COUNTY}`, undefined, undefined, as.townlead)).status).toBe(403)
    expect((await api(t.url, 'GET', '/api/v1/review/briefing.docx?region=140825100000&quarter=2026Q1', undefined, undefined, as.townlead)).status).toBe(200)
  })
})
