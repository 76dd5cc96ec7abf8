import { readFileSync, writeFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { PDFParse } from 'pdf-parse'
import type { Page } from 'playwright-core'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, wallFixture } from '../helpers/wall'

// The demo county's history: its first quarter of 2026 is the one the county published.
const f = wallFixture()

async function download(page: Page, testid: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()])
  return readFileSync((await dl.path())!)
}

describe('the quarterly review', () => {
  it('lets a leader pick a past quarter and a town, read cards and ranking, open the cases behind a number, and take xlsx and PDF', { timeout: 90_000 }, async () => {
    await f.t.app.ctx.accounts.createUser({ username: 'lead', displayName: '县领导', role: 'leader', regionCode: f.t.app.ctx.rootCode, password: 'lead-password' })
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true })
    await page.goto(`${f.t.url}/review`)
    await page.getByTestId('username').fill('lead')
    await page.getByTestId('password').fill('lead-password')
    await page.getByTestId('password').press('Enter')
    await page.getByTestId('cards').waitFor()

    // The published quarter, county-wide.
    await page.getByTestId('quarter').selectOption('2026Q1')
    await expect.poll(() => page.locator('main').getAttribute('data-quarter')).toBe('2026Q1')
    const card = (key: string) => page.locator(`[data-indicator="${key}"] [data-testid="card-value"]`).innerText()
    await expect.poll(() => card('accepted')).toBe('765')
    expect(await card('successful')).toBe('738')
    expect(await card('successRate')).toBe('96.47%')
    // Three whole years of history: QoQ and YoY compare whole quarters, with their units.
    expect(await page.locator('[data-indicator="accepted"] [data-cmp="qoq"]').innerText()).toMatch(/^环比 [+−±]\d+\.\d\d%$/)
    expect(await page.locator('[data-indicator="successRate"] [data-cmp="yoy"]').innerText()).toMatch(/^同比 [+−±]\d+\.\d\d个百分点$/)
    await page.screenshot({ path: `${ARTIFACTS}/review-county-2026Q1.png`, fullPage: true })
    // The page says what it counts: 矛盾纠纷, the published figure; 民生诉求 apart, and both.
    expect(await page.getByTestId('period').innerText()).toMatch(/^矛盾纠纷 · /)
    await page.locator('[data-kind="appeal"]').click()
    await expect.poll(() => page.getByTestId('period').innerText()).toMatch(/^民生诉求 · /)
    await expect.poll(() => card('accepted')).toBe('328')
    expect(await page.getByTestId('export-pdf').getAttribute('href')).toContain('kind=appeal')
    await page.locator('[data-kind="all"]').click()
    await expect.poll(() => card('accepted')).toBe(String(765 + 328))
    await page.locator('[data-kind="dispute"]').click()
    await expect.poll(() => card('accepted')).toBe('765')
    expect(await page.locator('[data-rank-code]').count()).toBe(11)
    // 6 cases are no sample for a rate: the development zone is listed, unranked, after the towns.
    const zone = page.locator('[data-rank-code="140825498000"]')
    expect(await zone.locator('td').first().innerText()).toBe('—')
    expect(await zone.innerText()).toContain('样本少')
    expect(await page.locator('[data-rank-code]').last().getAttribute('data-rank-code')).toBe('140825498000')

    // 承办单位: every dispute of the quarter (the page counts 矛盾纠纷) dispatched to a unit is counted under its unit, once.
    const units = page.getByTestId('unit-ranking')
    await units.getByTestId('unit-ranking-more').click()
    const dispatched = await units.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll('td')[3]!.textContent)))
    const counted = await f.t.app.ctx.db.execute(sql`select count(*)::int as n, count(distinct assigned_unit_id)::int as units from cases
      where kind = 'dispute' and assigned_unit_id is not null and accepted_at >= '2026-01-01T00:00:00+08:00' and accepted_at < '2026-04-01T00:00:00+08:00'`)
    const { n, units: distinct } = (counted as unknown as { rows: { n: number; units: number }[] }).rows[0]!
    expect(n).toBeGreaterThan(100)
    expect(dispatched.reduce((a, b) => a + b, 0)).toBe(n)
    expect(dispatched.length).toBe(distinct)
    // Ranked by on-time rate, best first, among units with enough cases.
    const rates = await units.locator('tbody tr:not(.small)').evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll('td')[6]!.textContent!.replace('样本少', ''))))
    expect(rates.length).toBeGreaterThan(3)
    expect(rates).toEqual([...rates].sort((a, b) => b - a))
    // A unit's overdue number opens exactly those cases.
    const late = units.locator('tbody tr td.bad button').first()
    const lateCount = Number(await late.innerText())
    await late.click()
    await expect.poll(() => page.getByTestId('drill-total').innerText()).toBe(String(lateCount))
    await page.getByTestId('case-drill').getByRole('button', { name: '关闭' }).click()
    await units.getByTestId('unit-ranking-more').click()
    await units.scrollIntoViewIfNeeded()
    await page.evaluate(() => window.scrollBy(0, -80))
    await page.screenshot({ path: `${ARTIFACTS}/review-units.png` })

    // Down to a town: the cards and the ranking are now its own and its communities'.
    await page.getByTestId('region-down').selectOption('140825100000')
    await expect.poll(() => page.locator('main').getAttribute('data-region')).toBe('140825100000')
    expect(page.url()).toContain('region=140825100000&quarter=2026Q1')
    expect(await page.getByTestId('region-path').innerText()).toContain('龙兴镇')
    const accepted = Number(await card('accepted'))
    expect(accepted).toBeGreaterThan(0)
    expect(await page.locator('[data-rank-code]').count()).toBeGreaterThan(5)
    const ranked = await page.locator('[data-rank-code]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rank-code')))
    expect(ranked.every((c) => c!.startsWith('140825100'))).toBe(true)

    // 超期数 → exactly those cases.
    const overdue = Number(await card('overdue'))
    await page.locator('[data-indicator="overdue"]').click()
    await page.getByTestId('case-drill').waitFor()
    expect(Number(await page.getByTestId('drill-total').innerText())).toBe(overdue)
    expect(await page.locator('[data-testid="case-drill"] [data-case-id]').count()).toBe(Math.min(overdue, 500))
    // Named by the centre's own numbers, sortable, narrowed by a search, exported as shown.
    const drillRows = () => page.locator('[data-testid="case-drill"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')!.textContent!))
    const numbers = await drillRows()
    expect(numbers.every((n) => n.startsWith('HIST-'))).toBe(true)
    await page.locator('[data-testid="case-drill"] [data-sort="externalId"]').click()
    await page.locator('[data-testid="case-drill"] [data-sort="externalId"]').click()
    expect(await drillRows()).toEqual([...numbers].sort((a, b) => b.localeCompare(a)))
    const place = await page.locator('[data-testid="case-drill"] tbody tr td:nth-child(3)').first().innerText()
    await page.getByTestId('drill-filter').fill(place)
    const narrowed = await page.locator('[data-testid="case-drill"] tbody tr td:nth-child(3)').allInnerTexts()
    expect(narrowed.length).toBeGreaterThan(0)
    expect(narrowed.every((p) => p.includes(place))).toBe(true)
    const csv = (await download(page, 'drill-csv')).toString('utf8')
    expect(csv.startsWith('\ufeff"受理编号","案件"')).toBe(true)
    expect(csv.trim().split('\r\n')).toHaveLength(narrowed.length + 1)
    // A case opens to its ledger (台账), from acceptance to its last step.
    await page.locator('[data-testid="case-drill"] tbody tr[data-case-id]').first().click()
    // The ledger is read when the case is opened: wait for it.
    const ledger = () => page.locator('[data-testid="drill-ledger"] [data-action]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-action')))
    await expect.poll(async () => (await ledger()).at(-1)).toBe('create')
    const steps = await ledger()
    expect(steps.length).toBeGreaterThan(1)
    expect(await page.locator('[data-testid="drill-ledger"] .when').first().innerText()).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d$/)
    await page.screenshot({ path: `${ARTIFACTS}/review-case-ledger.png` })
    await page.screenshot({ path: `${ARTIFACTS}/review-town.png` })

    const wb = new ExcelJS.Workbook()
    const xlsx = await download(page, 'export-xlsx')
    await wb.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toContain('村社区排名')
    expect(wb.worksheets.map((w) => w.name)).toContain('承办单位')
    const cards = wb.getWorksheet('核心指标')!
    const row = cards.getRows(4, cards.rowCount - 3)!.find((r) => r.getCell(1).value === '受理数')!
    expect(row.getCell(2).value).toBe(accepted)
    expect(String(cards.getRow(1).getCell(1).value)).toContain('龙兴镇 2026年第一季度')

    const pdf = await download(page, 'export-pdf')
    writeFileSync(`${ARTIFACTS}/review-town.pdf`, pdf)
    const parser = new PDFParse({ data: new Uint8Array(pdf) })
    const info = await parser.getInfo()
    const text = (await parser.getText()).text
    await parser.destroy()
    expect(info.total).toBeGreaterThanOrEqual(1)
    for (const s of ['龙兴镇', '2026年第一季度', '生成时间', `共 ${info.total} 页`, '各村（社区）排名']) expect(text).toContain(s)
    await page.close()
  })

  it('previews the 研判报告 of the quarter shown, as it prints, with its charts, and gives the same report as PDF and Word', { timeout: 90_000 }, async () => {
    await f.t.app.ctx.accounts.createUser({ username: 'lead2', displayName: '县领导', role: 'leader', regionCode: f.t.app.ctx.rootCode, password: 'lead2-password' })
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true })
    await page.goto(`${f.t.url}/review?quarter=2026Q1`)
    await page.getByTestId('username').fill('lead2')
    await page.getByTestId('password').fill('lead2-password')
    await page.getByTestId('password').press('Enter')
    await expect.poll(() => page.locator('main').getAttribute('data-quarter')).toBe('2026Q1')
    // 化解层级: the two promises and the leak chart, as the API counts them.
    const ladder = (await page.evaluate(async () => (await fetch(`/api/v1/review${location.search}`)).json())).indicators.ladder
    const panel = page.getByTestId('review-ladder')
    await panel.scrollIntoViewIfNeeded()
    expect(await panel.getByTestId('small-stay').innerText()).toBe(`${ladder.smallStayRate.toFixed(2)}%`)
    expect(await panel.getByTestId('big-stay').innerText()).toBe(`${ladder.bigStayRate.toFixed(2)}%`)
    await panel.getByTestId('review-leaks').locator('canvas').waitFor()
    await panel.screenshot({ path: `${ARTIFACTS}/review-ladder.png` })
    await page.getByTestId('briefing').click()
    const paper = page.getByTestId('briefing')
    await paper.waitFor()
    expect(await paper.getAttribute('data-quarter')).toBe('2026Q1')
    expect(await paper.locator('.title').innerText()).toBe('新绛县2026年第一季度矛盾纠纷研判报告')
    expect(await paper.locator('.para').first().innerText()).toContain('共受理矛盾纠纷765件，化解成功738件，化解成功率96.47%')
    // The three charts are drawn, each with its size on the sheet.
    for (const id of ['trend', 'category', 'places']) {
      const chart = page.getByTestId(`briefing-chart-${id}`)
      await chart.locator('canvas').waitFor()
      expect((await chart.boundingBox())!.height, id).toBeGreaterThan(200)
    }
    // The words on the page are the API's, and the downloads are the same report.
    const api = await page.evaluate(async () => (await fetch(`/api/v1/review/briefing${location.search}`)).json())
    const paras = await paper.locator('.para').allInnerTexts()
    expect(paras).toEqual(api.sections.flatMap((s: { blocks: { type: string; text?: string }[] }) => s.blocks.filter((b) => b.type === 'p').map((b) => b.text)))
    await page.screenshot({ path: `${ARTIFACTS}/briefing-preview.png`, fullPage: true })
    const pdf = await download(page, 'briefing-pdf')
    writeFileSync(`${ARTIFACTS}/briefing-county-2026Q1.pdf`, pdf)
    const parser = new PDFParse({ data: new Uint8Array(pdf) })
    const text = (await parser.getText()).text.replace(/\s+/g, '')
    await parser.destroy()
    expect(text).toContain('新绛县2026年第一季度矛盾纠纷研判报告')
    expect(text).toContain(paras[1]!.replace(/\s+/g, ''))
    const docx = await download(page, 'briefing-docx')
    writeFileSync(`${ARTIFACTS}/briefing-county-2026Q1.docx`, docx)
    expect(docx.subarray(0, 2).toString()).toBe('PK')
    await page.close()
  })

  it('口径对账: sets the published figures beside the records, names the 口径 of a difference and its cases, and takes a new figure from a leader', { timeout: 90_000 }, async () => {
    await f.t.app.ctx.accounts.createUser({ username: 'lead3', displayName: '县领导', role: 'leader', regionCode: f.t.app.ctx.rootCode, password: 'lead3-password' })
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 } })
    page.on('dialog', (d) => void d.accept())
    await page.goto(`${f.t.url}/review`)
    await page.getByTestId('username').fill('lead3')
    await page.getByTestId('password').fill('lead3-password')
    await page.getByTestId('password').press('Enter')
    await page.getByTestId('reconcile').click()
    const table = page.getByTestId('reconcile-table')
    await table.waitFor()
    // The demo's published figures for the county: the headline agrees.
    const api = (await page.evaluate(async () => (await fetch('/api/v1/reconciliation')).json())) as { rows: { figure: { id: number; indicator: string; value: number }; status: string }[] }
    await expect.poll(() => table.locator('tbody > tr[data-figure]').count()).toBe(api.rows.length)
    expect(api.rows.length).toBeGreaterThanOrEqual(12)
    const headline = api.rows.find((r) => r.figure.indicator === 'disputes_accepted' && r.figure.value === 765)!
    const row = table.locator(`tr[data-figure="${headline.figure.id}"]`)
    expect(await row.getAttribute('data-status')).toBe('match')
    expect(await row.getByTestId('computed').innerText()).toBe('765件')
    // A figure counted with the appeals: explained, with the appeals as the cases behind it.
    const form = page.getByTestId('figure-form')
    await form.locator('[data-field="from"]').fill('2026-01-01')
    await form.locator('[data-field="to"]').fill('2026-03-31')
    await form.locator('[data-field="value"]').fill(String(765 + 328))
    await form.locator('[data-field="source"]').fill('<b>季度通报</b>')
    await page.getByTestId('figure-add').click()
    const added = table.locator('tr[data-figure]', { hasText: '<b>季度通报</b>' })
    await added.waitFor()
    expect(await added.getAttribute('data-status')).toBe('explained')
    expect(await added.getByTestId('why').innerText()).toContain('发布数含民生诉求')
    expect(await added.getByTestId('difference').innerText()).toBe('+328')
    await added.getByTestId('show-cases').click()
    const cases = page.getByTestId('figure-cases')
    expect(await cases.locator('tbody tr').count()).toBe(50)
    expect(await page.locator('tr.cases').innerText()).toContain('共 328 件')
    await page.screenshot({ path: `${ARTIFACTS}/review-reconcile.png`, fullPage: true })
    // A bad figure: the field and the reason, nothing added.
    const before = await table.locator('tbody > tr[data-figure]').count()
    await form.locator('[data-field="from"]').fill('2026-04-01')
    await form.locator('[data-field="value"]').fill('1')
    await form.locator('[data-field="source"]').fill('错误期间')
    await page.getByTestId('figure-add').click()
    await expect.poll(() => page.getByTestId('figure-error').innerText()).toMatch(/^to：/)
    expect(await table.locator('tbody > tr[data-figure]').count()).toBe(before)
    // Taken back.
    await added.getByTestId('figure-remove').click()
    await expect.poll(() => table.locator('tbody > tr[data-figure]').count()).toBe(before - 1)
    await page.close()
  })
})
